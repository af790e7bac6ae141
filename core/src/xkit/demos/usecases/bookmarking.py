"""Content bookmarking: bookmark the best recent posts matching a query."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .._model import Answer, Context, Decision, Step, ToolCall, UseCase
from .._plan import acting, listed_ids, next_untried, result_or_call
from .._read import ME, arg_values, count, items, top
from .._verify import new_links

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


@acting
def policy(ctx: Context, steps: Sequence[Step], me: dict[str, Any]) -> Decision:
    query = {
        "query": f"{QUERY} -is:retweet",
        "max_results": 50,
        "tweet.fields": "public_metrics",
    }
    found = result_or_call(steps, SEARCH, query)
    if isinstance(found, ToolCall):
        return found
    already = listed_ids(steps, SAVED, {"id": me["id"]})
    if isinstance(already, ToolCall):
        return already
    fresh = [p for p in items(found) if p.get("id") not in already]
    posts = top(fresh, len(fresh), *SCORE)
    post_id = next_untried(
        steps, ADD, "tweet_id", (p["id"] for p in posts), want=HOW_MANY
    )
    if post_id is not None:
        return ToolCall(ADD, {"tweet_id": post_id})
    saved = arg_values(steps, ADD, "tweet_id", ok=True)
    texts = {p["id"]: p.get("text", "") for p in posts}
    lines = [f"- {i}: {texts.get(i, '')}" for i in saved]
    return Answer(
        f"Bookmarked {len(saved)} of {count(found)} posts about '{QUERY}':\n"
        + "\n".join(lines)
    )


verify = new_links(
    ADD,
    "tweet_id",
    "bookmarks",
    nothing="nothing was bookmarked",
    confirmed="X confirmed {n} bookmark(s)",
    missing="{ids} are not bookmarked in the sandbox",
    old="{ids} were already bookmarked before the run",
    done="the sandbox shows {n} new bookmark(s)",
)


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
