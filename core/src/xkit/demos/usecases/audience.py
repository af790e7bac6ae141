"""Audience growth: follow a few relevant followers of an account, then look
them up."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .._model import (
    Answer,
    Baseline,
    Context,
    Decision,
    Step,
    ToolCall,
    UseCase,
    Verification,
)
from .._read import (
    ME,
    acting_id,
    all_pages,
    arg_values,
    data,
    items,
    last_ok,
    me_or_call,
    ok_steps,
    words_in,
)

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
    steps: Sequence[Step], me: dict[str, Any], following: set[str]
) -> list[dict[str, Any]]:
    pool = [
        u
        for u in items(last_ok(steps, FOLLOWERS))
        if u.get("id") != me.get("id")
        and u.get("id") not in following
        and not u.get("protected")
    ]
    return sorted(pool, key=_score, reverse=True)


def policy(ctx: Context, steps: Sequence[Step]) -> Decision:
    me = me_or_call(steps)
    if not isinstance(me, dict):
        return me
    account = data(last_ok(steps, BY_NAME))
    if not account:
        return ToolCall(BY_NAME, {"username": ACCOUNT})
    if last_ok(steps, FOLLOWERS) is None:
        return ToolCall(
            FOLLOWERS,
            {
                "id": account["id"],
                "max_results": 100,
                "user.fields": "description,public_metrics,protected",
            },
        )
    already = all_pages(steps, FOLLOWING, {"id": me["id"]})
    if isinstance(already, ToolCall):
        return already
    following = {str(u.get("id")) for u in already}
    followed = arg_values(steps, FOLLOW, "target_user_id", ok=True)
    tried = set(arg_values(steps, FOLLOW, "target_user_id", ok=False))
    if len(followed) < HOW_MANY:
        # A failed follow (protected, blocked...) moves on to the next one.
        for user in _candidates(steps, me, following):
            if user["id"] not in tried:
                return ToolCall(FOLLOW, {"target_user_id": user["id"]})
    looked = set(arg_values(steps, LOOKUP, "id", ok=False))
    for user_id in followed:
        if user_id not in looked:
            return ToolCall(
                LOOKUP, {"id": user_id, "user.fields": "description,public_metrics"}
            )
    if not followed:
        return Answer(f"I found no follower of @{ACCOUNT} I could follow.")
    people = [data(s.result) for s in ok_steps(steps, LOOKUP)]
    lines = [
        f"- @{p.get('username')} ({p.get('name')}): {p.get('description', '')}"
        for p in people
    ]
    return Answer(
        f"I followed {len(followed)} followers of @{ACCOUNT} as @{me['username']}:\n"
        + "\n".join(lines)
    )


def verify(
    world: World | None, steps: Sequence[Step], before: Baseline | None
) -> Verification:
    me = acting_id(world, steps)
    followed = arg_values(steps, FOLLOW, "target_user_id", ok=True)
    if not followed:
        return Verification(False, "nobody was followed")
    if world is None:
        return Verification(True, f"X confirmed {len(followed)} follow(s)")
    missing = [u for u in followed if not world.follows.has(me, u)]
    if missing:
        return Verification(False, f"not following {missing} in the sandbox")
    old = [u for u in followed if before is not None and (me, u) in before.follows]
    if old:
        return Verification(False, f"{old} were already followed before the run")
    names = [f"@{world.users[u].username}" for u in followed]
    return Verification(True, f"the sandbox shows you now follow {', '.join(names)}")


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
