"""Content bookmarking: bookmark the best recent posts matching a query."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

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
    count,
    items,
    last_ok,
    me_or_call,
    top,
)

if TYPE_CHECKING:
    from ...sandbox import World

SEARCH, ADD = "twitter_recent_search", "twitter_bookmark_add"
SAVED = "twitter_bookmarks_get"
QUERY, HOW_MANY = "open source", 3
SCORE = ("like_count", "retweet_count", "bookmark_count")
SYSTEM = (
    "You keep a reading list of bookmarks for the signed-in account "
    "(twitter_user_me). Search recent posts with twitter_recent_search (ask for "
    "tweet.fields=public_metrics), pick the most useful ones you have not saved "
    "yet (twitter_bookmarks_get lists your bookmarks) and bookmark them with "
    "twitter_bookmark_add. Report which posts you saved and why."
)


def task(ctx: Context) -> str:
    return f"Bookmark the {HOW_MANY} most popular recent posts about '{QUERY}'."


def policy(ctx: Context, steps: Sequence[Step]) -> Decision:
    me = me_or_call(steps)
    if not isinstance(me, dict):
        return me
    found = last_ok(steps, SEARCH)
    if found is None:
        return ToolCall(
            SEARCH,
            {
                "query": f"{QUERY} -is:retweet",
                "max_results": 50,
                "tweet.fields": "public_metrics",
            },
        )
    saved_before = all_pages(steps, SAVED, {"id": me["id"]})
    if isinstance(saved_before, ToolCall):
        return saved_before
    already = {p.get("id") for p in saved_before}
    fresh = [p for p in items(found) if p.get("id") not in already]
    posts = top(fresh, len(fresh), *SCORE)
    saved = arg_values(steps, ADD, "tweet_id", ok=True)
    tried = set(arg_values(steps, ADD, "tweet_id", ok=False))
    if len(saved) < HOW_MANY:
        for post in posts:
            if post["id"] not in tried:
                return ToolCall(ADD, {"tweet_id": post["id"]})
    texts = {p["id"]: p.get("text", "") for p in posts}
    lines = [f"- {i}: {texts.get(i, '')}" for i in saved]
    return Answer(
        f"Bookmarked {len(saved)} of {count(found)} posts about '{QUERY}':\n"
        + "\n".join(lines)
    )


def verify(
    world: World | None, steps: Sequence[Step], before: Baseline | None
) -> Verification:
    me = acting_id(world, steps)
    saved = arg_values(steps, ADD, "tweet_id", ok=True)
    if not saved:
        return Verification(False, "nothing was bookmarked")
    if world is None:
        return Verification(True, f"X confirmed {len(saved)} bookmark(s)")
    missing = [t for t in saved if not world.bookmarks.has(me, t)]
    if missing:
        return Verification(False, f"{missing} are not bookmarked in the sandbox")
    old = [t for t in saved if before is not None and (me, t) in before.bookmarks]
    if old:
        return Verification(False, f"{old} were already bookmarked before the run")
    return Verification(True, f"the sandbox shows {len(saved)} new bookmark(s)")


USECASE = UseCase(
    slug="bookmarking",
    title="Content bookmarking",
    summary="Bookmark the most popular recent posts matching a query.",
    tools=(ME, SEARCH, SAVED, ADD),
    chain=(SEARCH, ADD),
    system_prompt=SYSTEM,
    task=task,
    policy=policy,
    verify=verify,
)
