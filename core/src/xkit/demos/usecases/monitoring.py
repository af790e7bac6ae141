"""Content monitoring: search a topic, read the top posts in detail, like the
best ones."""

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
    data,
    items,
    last_ok,
    me_or_call,
    metric,
    ok_steps,
    top,
)

if TYPE_CHECKING:
    from ...sandbox import World

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


def policy(ctx: Context, steps: Sequence[Step]) -> Decision:
    me = me_or_call(steps)
    if not isinstance(me, dict):
        return me
    found = last_ok(steps, SEARCH)
    if found is None:
        return ToolCall(
            SEARCH,
            {
                "query": f"{TOPIC} -is:retweet",
                "max_results": 50,
                "tweet.fields": FIELDS,
            },
        )
    # X's post objects carry no "liked by me" flag: skip what the liked list holds.
    liked_before = all_pages(steps, LIKED, {"id": me["id"]})
    if isinstance(liked_before, ToolCall):
        return liked_before
    already = {p.get("id") for p in liked_before}
    posts = [
        p
        for p in items(found)
        if p.get("author_id") != me["id"] and p.get("id") not in already
    ]
    if not posts:
        return Answer(f"No recent posts about {TOPIC} you have not liked yet.")
    read = set(arg_values(steps, LOOKUP, "id", ok=False))
    for post in top(posts, READ, *SCORE, "impression_count"):
        if post["id"] not in read:
            return ToolCall(LOOKUP, {"id": post["id"], "tweet.fields": FIELDS})
    details = [data(s.result) for s in ok_steps(steps, LOOKUP)]
    liked = arg_values(steps, LIKE, "tweet_id", ok=True)
    tried = set(arg_values(steps, LIKE, "tweet_id", ok=False))
    if len(liked) < LIKES:
        for post in top(details, READ, *SCORE, "impression_count"):
            if post.get("id") not in tried:
                return ToolCall(LIKE, {"tweet_id": post["id"]})
    lines = [
        f"- {p['id']} ({metric(p, 'like_count')} likes): {p.get('text', '')}"
        for p in details
    ]
    return Answer(
        f"Read {len(details)} top posts about {TOPIC} out of {count(found)} found:\n"
        + "\n".join(lines)
        + f"\nLiked {len(liked)} of them: {', '.join(liked)}."
    )


def verify(
    world: World | None, steps: Sequence[Step], before: Baseline | None
) -> Verification:
    me = acting_id(world, steps)
    liked = arg_values(steps, LIKE, "tweet_id", ok=True)
    if not liked:
        return Verification(False, "no post was liked")
    if world is None:
        return Verification(True, f"X confirmed {len(liked)} like(s)")
    missing = [t for t in liked if not world.likes.has(me, t)]
    if missing:
        return Verification(False, f"posts {missing} are not liked in the sandbox")
    old = [t for t in liked if before is not None and (me, t) in before.likes]
    if old:
        return Verification(False, f"posts {old} were already liked before the run")
    return Verification(True, f"the sandbox shows {len(liked)} new like(s): {liked}")


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
