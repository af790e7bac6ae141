"""Spaces discovery: find Spaces on a topic, read them and the posts shared in
them."""

from __future__ import annotations

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
from .._plan import acting, next_read, result_or_call
from .._read import ME, items, ok_data, ok_steps, reads_of

if TYPE_CHECKING:
    from ...sandbox import World

SEARCH, GET, POSTS = (
    "twitter_spaces_search",
    "twitter_space_get",
    "twitter_space_posts_get",
)
TOPIC, HOW_MANY = "space exploration", 2
FIELDS = "title,state,participant_count,scheduled_start,started_at,host_ids"
SYSTEM = (
    "You find X Spaces for the signed-in account (twitter_user_me). Search with "
    f"twitter_spaces_search (state=all, space.fields={FIELDS}), read the most "
    "interesting Spaces with twitter_space_get and the posts shared in them with "
    "twitter_space_posts_get. Report each Space's title, state, audience and "
    "what was shared."
)


def task(ctx: Context) -> str:
    return (
        f"Find Spaces about {TOPIC} and show me the {HOW_MANY} busiest with the "
        "posts shared in them."
    )


def _busiest(result: Mapping[str, Any]) -> list[str]:
    found = items(result)
    # Live and ended Spaces first (they have an audience), then by audience.
    found.sort(
        key=lambda s: (s.get("state") != "scheduled", s.get("participant_count", 0)),
        reverse=True,
    )
    return [str(s["id"]) for s in found[:HOW_MANY]]


@acting
def policy(ctx: Context, steps: Sequence[Step], me: dict[str, Any]) -> Decision:
    query = {"query": TOPIC, "state": "all", "space.fields": FIELDS, "max_results": 25}
    found = result_or_call(steps, SEARCH, query)
    if isinstance(found, ToolCall):
        return found
    chosen = _busiest(found)
    if not chosen:
        return Answer(f"No Spaces about {TOPIC} right now.")
    reads = (GET, {"space.fields": FIELDS}), (POSTS, {"max_results": 10})
    read = next_read(steps, chosen, *reads)
    if read is not None:
        return read
    lines = []
    for space in ok_data(steps, GET):
        posts = [p for r in reads_of(steps, POSTS, space.get("id")) for p in items(r)]
        sample = f" First: {posts[0].get('text', '')!r}" if posts else ""
        lines.append(
            f"- {space.get('title')!r} ({space.get('state')}, "
            f"{space.get('participant_count', 0)} listeners): "
            f"{len(posts)} shared post(s).{sample}"
        )
    return Answer(
        f"Found {len(items(found))} Spaces about {TOPIC}. The busiest:\n"
        + "\n".join(lines)
    )


def verify(
    world: World | None, steps: Sequence[Step], before: Baseline | None
) -> Verification:
    spaces = ok_data(steps, GET)
    posts = ok_steps(steps, POSTS)
    if not spaces or not posts:
        return Verification(False, "no Space was read with its posts")
    if world is None:
        return Verification(True, f"read {len(spaces)} Space(s) and their posts")
    for space in spaces:
        known = world.spaces.get(str(space.get("id")))
        if known is None or known.title != space.get("title"):
            return Verification(False, f"Space {space.get('id')} does not match")
    for step in posts:
        known = world.spaces[str(step.args["id"])]
        got = {p["id"] for p in items(step.result)}
        if not got <= set(known.tweet_ids):
            return Verification(False, f"posts of Space {known.id} do not match")
    return Verification(
        True, f"{len(spaces)} Space(s) and their posts match the sandbox"
    )


USECASE = UseCase(
    slug="spaces-discovery",
    title="Spaces discovery",
    summary="Find Spaces on a topic and the posts shared in them.",
    tools=(ME, SEARCH, GET, POSTS),
    chain=(SEARCH, GET, POSTS),
    system_prompt=SYSTEM,
    task=task,
    policy=policy,
    verify=verify,
)
