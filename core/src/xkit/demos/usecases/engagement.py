"""Engagement tracker: who liked and retweeted your top posts, in numbers."""

from __future__ import annotations

from collections import Counter
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
from .._plan import acting, next_read, result_or_call
from .._read import ME, count, items, ok_steps, reads_of, top

if TYPE_CHECKING:
    from ...sandbox import World

SEARCH = "twitter_recent_search"
LIKERS, RETWEETERS = "twitter_post_likers_get", "twitter_post_retweeters_get"
HOW_MANY = 3
SYSTEM = (
    "You report engagement for the signed-in account (twitter_user_me gives "
    "its username). Find its recent posts with twitter_recent_search "
    "(query 'from:USERNAME -is:retweet', tweet.fields=public_metrics), take the "
    "most engaging ones, and for each call twitter_post_likers_get and "
    "twitter_post_retweeters_get. Report per-post counts, totals, the number of "
    "distinct people who engaged and the most engaged account."
)


def task(ctx: Context) -> str:
    return (
        f"Who engages with my {HOW_MANY} most popular recent posts? Collect their "
        "likers and retweeters and give me the aggregate stats."
    )


def _report(steps: Sequence[Step], post_ids: list[str]) -> str:
    people: Counter[str] = Counter()
    handles: dict[str, str] = {}
    lines, likes, retweets = [], 0, 0
    for post_id in post_ids:
        counts = []
        for tool in (LIKERS, RETWEETERS):
            pages = reads_of(steps, tool, post_id)
            counts.append(sum(count(page) for page in pages))
            for user in (u for page in pages for u in items(page)):
                people[user["id"]] += 1
                handles[user["id"]] = f"@{user.get('username', user['id'])}"
        likes, retweets = likes + counts[0], retweets + counts[1]
        lines.append(f"- post {post_id}: {counts[0]} likes, {counts[1]} retweets")
    best = people.most_common(1)
    star = (
        f"; most engaged: {handles[best[0][0]]} ({best[0][1]} interactions)"
        if best
        else ""
    )
    return (
        f"Engagement on your top {len(post_ids)} posts:\n"
        + "\n".join(lines)
        + f"\nTotal: {likes} likes and {retweets} retweets from {len(people)} "
        f"distinct accounts{star}."
    )


@acting
def policy(ctx: Context, steps: Sequence[Step], me: dict[str, Any]) -> Decision:
    query = {
        "query": f"from:{me['username']} -is:retweet",
        "max_results": 50,
        "tweet.fields": "public_metrics",
    }
    found = result_or_call(steps, SEARCH, query)
    if isinstance(found, ToolCall):
        return found
    posts = top(items(found), HOW_MANY, "like_count", "retweet_count")
    if not posts:
        return Answer(f"@{me['username']} has no recent posts.")
    post_ids = [str(p["id"]) for p in posts]
    reads = ((tool, {"max_results": 100}) for tool in (LIKERS, RETWEETERS))
    return next_read(steps, post_ids, *reads) or Answer(_report(steps, post_ids))


def verify(
    world: World | None, steps: Sequence[Step], before: Baseline | None
) -> Verification:
    reads = ok_steps(steps, LIKERS) + ok_steps(steps, RETWEETERS)
    if not ok_steps(steps, LIKERS) or not ok_steps(steps, RETWEETERS):
        return Verification(False, "likers and retweeters were not both collected")
    if world is None:
        return Verification(True, f"collected {len(reads)} engagement lists")
    for step in reads:
        post_id = str(step.args.get("id"))
        edges = world.likes if step.tool == LIKERS else world.retweets
        if len(items(step.result)) != min(100, edges.count_sources(post_id)):
            return Verification(False, f"{step.tool} miscounted post {post_id}")
    return Verification(
        True, f"all {len(reads)} engagement counts match the sandbox's likes/retweets"
    )


USECASE = UseCase(
    slug="engagement-tracker",
    title="Engagement tracker",
    summary="Collect the likers and retweeters of your top posts; report stats.",
    tools=(ME, SEARCH, LIKERS, RETWEETERS),
    chain=(LIKERS, RETWEETERS),
    system_prompt=SYSTEM,
    task=task,
    policy=policy,
    verify=verify,
)
