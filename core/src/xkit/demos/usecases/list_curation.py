"""List curation: build a list of accounts that post about a topic."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
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
from .._plan import acting, next_untried, result_or_call, second_try
from .._read import ME, acting_id, arg_values, author_of, data, items, last_ok
from .._verify import existed

if TYPE_CHECKING:
    from ...sandbox import World

SEARCH, CREATE, ADD = (
    "twitter_recent_search",
    "twitter_list_create",
    "twitter_list_member_add",
)
TOPIC, HOW_MANY = "climate", 5
NAME = "Climate voices (xkit)"
SYSTEM = (
    "You curate X lists for the signed-in account (twitter_user_me). Search "
    "recent posts on the topic with twitter_recent_search using "
    "expansions=author_id, rank the authors by how often they post about it, "
    "create a list with twitter_list_create and add the top authors with "
    "twitter_list_member_add (id = the new list's id, user_id = the author). "
    "Report the list's id and its members."
)


def task(ctx: Context) -> str:
    return (
        f"Build a list named '{NAME}' of the {HOW_MANY} accounts that post most "
        f"about {TOPIC} lately."
    )


def _authors(found: Mapping[str, Any], me: str) -> tuple[list[str], dict[str, str]]:
    """Authors of the found posts, most prolific first, and their handles."""
    counts: Counter[str] = Counter()
    handles: dict[str, str] = {}
    for post in items(found):
        author, handle = author_of(post)
        if author and author != me:
            counts[author] += 1
            if handle:
                handles[author] = f"@{handle}"
    return [a for a, _ in counts.most_common()], handles


@acting
def policy(ctx: Context, steps: Sequence[Step], me: dict[str, Any]) -> Decision:
    query = {
        "query": f"{TOPIC} -is:retweet",
        "max_results": 100,
        "expansions": "author_id",
        "tweet.fields": "author_id",
    }
    found = result_or_call(steps, SEARCH, query)
    if isinstance(found, ToolCall):
        return found
    authors, handles = _authors(found, str(me["id"]))
    if not authors:
        return Answer(f"Nobody posted about {TOPIC} recently.")
    made = data(last_ok(steps, CREATE))
    if not made:
        return ToolCall(
            CREATE,
            {
                "name": second_try(steps, CREATE, NAME, " 2"),
                "description": f"Accounts posting about {TOPIC}, curated by xkit",
            },
        )
    list_id = str(made["id"])
    author = next_untried(steps, ADD, "user_id", authors, want=HOW_MANY)
    if author is not None:
        return ToolCall(ADD, {"id": list_id, "user_id": author})
    names = [handles.get(a, a) for a in arg_values(steps, ADD, "user_id", ok=True)]
    return Answer(
        f"Created the list '{made.get('name', NAME)}' ({list_id}) with "
        f"{len(names)} members who post about {TOPIC}: {', '.join(names)}."
    )


def verify(
    world: World | None, steps: Sequence[Step], before: Baseline | None
) -> Verification:
    made = data(last_ok(steps, CREATE))
    added = arg_values(steps, ADD, "user_id", ok=True)
    if not made or not added:
        return Verification(False, "no list with members was built")
    list_id = str(made["id"])
    if world is None:
        return Verification(
            True, f"X accepted list {list_id} with {len(added)} members"
        )
    if list_id not in world.lists:
        return Verification(False, f"list {list_id} is not in the sandbox")
    if existed(before, "lists", list_id):
        return Verification(False, f"list {list_id} existed before the run")
    if world.lists[list_id].owner_id != acting_id(world, steps):
        return Verification(False, f"list {list_id} is not yours")
    members = set(world.list_members.targets(list_id))
    missing = [a for a in added if a not in members]
    if missing:
        return Verification(False, f"{missing} are not members of list {list_id}")
    return Verification(
        True, f"list {list_id} exists in the sandbox with {len(members)} members"
    )


USECASE = UseCase(
    slug="list-curation",
    title="List curation agent",
    summary="Build a list of the accounts posting most about a topic.",
    tools=(ME, SEARCH, CREATE, ADD),
    chain=(SEARCH, CREATE, ADD),
    system_prompt=SYSTEM,
    task=task,
    policy=policy,
    verify=verify,
)
