"""Audience growth: follow a few relevant followers of an account, then look
them up."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .._model import Answer, Context, Decision, Step, ToolCall, UseCase
from .._plan import acting, listed_ids, next_read, next_untried, result_or_call
from .._read import ME, arg_values, data, items, last_ok, ok_data, words_in
from .._verify import new_links

if TYPE_CHECKING:
    from ...sandbox import World

BY_NAME, FOLLOWERS = "twitter_user_lookup_by_username", "twitter_followers_get"
FOLLOWING, FOLLOW = "twitter_following_get", "twitter_user_follow"
LOOKUP = "twitter_user_lookup"
ACCOUNT, HOW_MANY = "agents_weekly", 3
KEYWORDS = ("AI", "agent", "LLM", "ML", "Python", "API")
SYSTEM = (
    "You grow the signed-in account's audience on X. Call twitter_user_me to "
    "learn your own id. Resolve the account the user names with "
    "twitter_user_lookup_by_username, list its followers with "
    "twitter_followers_get (ask for user.fields=description,public_metrics,"
    "protected) and the accounts you already follow with twitter_following_get. "
    "Pick the most relevant followers you do not follow yet (bios about the "
    "topic, skip protected accounts), follow them with twitter_user_follow, then "
    "look each one up with twitter_user_lookup and summarise who they are."
)


def task(ctx: Context) -> str:
    return (
        f"Find {HOW_MANY} followers of @{ACCOUNT} whose bios are about AI agents, "
        "ML or Python, follow them, and tell me who they are."
    )


def _score(user: dict[str, Any]) -> tuple[int, int]:
    followers = (user.get("public_metrics") or {}).get("followers_count", 0)
    return words_in(str(user.get("description", "")), KEYWORDS), int(followers)


def _candidates(
    found: Mapping[str, Any], me: dict[str, Any], following: set[str]
) -> list[dict[str, Any]]:
    pool = [
        u
        for u in items(found)
        if u.get("id") != me.get("id")
        and u.get("id") not in following
        and not u.get("protected")
    ]
    return sorted(pool, key=_score, reverse=True)


@acting
def policy(ctx: Context, steps: Sequence[Step], me: dict[str, Any]) -> Decision:
    account = data(last_ok(steps, BY_NAME))
    if not account:
        return ToolCall(BY_NAME, {"username": ACCOUNT})
    fields = "description,public_metrics,protected"
    args = {"id": account["id"], "max_results": 100, "user.fields": fields}
    found = result_or_call(steps, FOLLOWERS, args)
    if isinstance(found, ToolCall):
        return found
    already = listed_ids(steps, FOLLOWING, {"id": me["id"]})
    if isinstance(already, ToolCall):
        return already
    following = {str(i) for i in already}
    candidates = (u["id"] for u in _candidates(found, me, following))
    target = next_untried(steps, FOLLOW, "target_user_id", candidates, want=HOW_MANY)
    if target is not None:
        return ToolCall(FOLLOW, {"target_user_id": target})
    followed = arg_values(steps, FOLLOW, "target_user_id", ok=True)
    lookup = (LOOKUP, {"user.fields": "description,public_metrics"})
    read = next_read(steps, followed, lookup)
    if read is not None:
        return read
    if not followed:
        return Answer(f"I found no follower of @{ACCOUNT} I could follow.")
    lines = [
        f"- @{p.get('username')} ({p.get('name')}): {p.get('description', '')}"
        for p in ok_data(steps, LOOKUP)
    ]
    return Answer(
        f"I followed {len(followed)} followers of @{ACCOUNT} as @{me['username']}:\n"
        + "\n".join(lines)
    )


def _handles(world: World, followed: list[str]) -> str:
    names = [f"@{world.users[u].username}" for u in followed]
    return f"the sandbox shows you now follow {', '.join(names)}"


verify = new_links(
    FOLLOW,
    "target_user_id",
    "follows",
    nothing="nobody was followed",
    confirmed="X confirmed {n} follow(s)",
    missing="not following {ids} in the sandbox",
    old="{ids} were already followed before the run",
    done=_handles,
)


USECASE = UseCase(
    slug="audience-growth",
    title="Audience growth agent",
    summary="Find relevant followers of an account, follow a few, look them up.",
    tools=(ME, BY_NAME, FOLLOWERS, FOLLOWING, FOLLOW, LOOKUP),
    chain=(FOLLOWERS, FOLLOW, LOOKUP),
    system_prompt=SYSTEM,
    task=task,
    policy=policy,
    verify=verify,
)
