"""Content monitoring: search a topic, read the top posts in detail, like the
best ones."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .._model import Answer, Context, Decision, Step, ToolCall, UseCase
from .._plan import acting, listed_ids, next_read, next_untried, result_or_call
from .._read import ME, arg_values, count, items, metric, ok_data, top
from .._verify import new_links

SEARCH, LOOKUP, LIKE, LIKED = (
    "twitter_recent_search",
    "twitter_post_lookup",
    "twitter_post_like",
    "twitter_user_liked_tweets_get",
)
TOPIC, READ, LIKES = "AI agents", 3, 2
FIELDS = "public_metrics,author_id,created_at"
SCORE = ("like_count", "retweet_count", "reply_count", "quote_count")
SYSTEM = (
    "You monitor a topic on X for the signed-in account (twitter_user_me tells "
    "you who that is). Search recent posts with twitter_recent_search (ask for "
    f"tweet.fields={FIELDS}), read the most engaging ones in detail with "
    "twitter_post_lookup, then like the best of them with twitter_post_like "
    "(never your own posts, and not the ones you already liked: list them with "
    "twitter_user_liked_tweets_get). Report what people are saying and what you "
    "liked."
)


def task(ctx: Context) -> str:
    return (
        f"Monitor the topic '{TOPIC}': read the {READ} most engaging recent posts "
        f"and like the best {LIKES}."
    )


@acting
def policy(ctx: Context, steps: Sequence[Step], me: dict[str, Any]) -> Decision:
    query = {"query": f"{TOPIC} -is:retweet", "max_results": 50, "tweet.fields": FIELDS}
    found = result_or_call(steps, SEARCH, query)
    if isinstance(found, ToolCall):
        return found
    # X's post objects carry no "liked by me" flag: skip what the liked list holds.
    already = listed_ids(steps, LIKED, {"id": me["id"]})
    if isinstance(already, ToolCall):
        return already
    posts = [
        p
        for p in items(found)
        if p.get("author_id") != me["id"] and p.get("id") not in already
    ]
    if not posts:
        return Answer(f"No recent posts about {TOPIC} you have not liked yet.")
    best = [p["id"] for p in top(posts, READ, *SCORE, "impression_count")]
    read = next_read(steps, best, (LOOKUP, {"tweet.fields": FIELDS}))
    if read is not None:
        return read
    details = ok_data(steps, LOOKUP)
    ranked = (p["id"] for p in top(details, READ, *SCORE, "impression_count"))
    post_id = next_untried(steps, LIKE, "tweet_id", ranked, want=LIKES)
    if post_id is not None:
        return ToolCall(LIKE, {"tweet_id": post_id})
    liked = arg_values(steps, LIKE, "tweet_id", ok=True)
    lines = [
        f"- {p['id']} ({metric(p, 'like_count')} likes): {p.get('text', '')}"
        for p in details
    ]
    return Answer(
        f"Read {len(details)} top posts about {TOPIC} out of {count(found)} found:\n"
        + "\n".join(lines)
        + f"\nLiked {len(liked)} of them: {', '.join(liked)}."
    )


verify = new_links(
    LIKE,
    "tweet_id",
    "likes",
    nothing="no post was liked",
    confirmed="X confirmed {n} like(s)",
    missing="posts {ids} are not liked in the sandbox",
    old="posts {ids} were already liked before the run",
    done="the sandbox shows {n} new like(s): {ids}",
)


USECASE = UseCase(
    slug="content-monitoring",
    title="Content monitoring",
    summary="Monitor a topic, read the top posts in detail, like the best ones.",
    tools=(ME, SEARCH, LIKED, LOOKUP, LIKE),
    chain=(SEARCH, LOOKUP, LIKE),
    system_prompt=SYSTEM,
    task=task,
    policy=policy,
    verify=verify,
)
