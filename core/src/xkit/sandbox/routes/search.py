"""Recent and full-archive search, and post counts, over the query language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from .._app import Ctx, route
from .._clock import iso, parse_time
from .._errors import invalid_request
from .._search import compile_query
from .._state import Tweet
from ._common import newest_first, visible

JsonDict = dict[str, Any]
RECENT_WINDOW = timedelta(days=7)
ARCHIVE_START = datetime(2006, 3, 21, 20, 50, tzinfo=UTC)
ARCHIVE_DEFAULT = timedelta(days=30)
BUCKETS = {
    "minute": timedelta(minutes=1),
    "hour": timedelta(hours=1),
    "day": timedelta(days=1),
}


def _window(ctx: Ctx, *, archive: bool) -> tuple[datetime, datetime]:
    now = ctx.now
    earliest = ARCHIVE_START if archive else now - RECENT_WINDOW
    default = now - (ARCHIVE_DEFAULT if archive else RECENT_WINDOW)
    start = parse_time(ctx.query.get("start_time", "")) or default
    end = parse_time(ctx.query.get("end_time", "")) or now
    if start < earliest:
        raise invalid_request(
            f"Invalid 'start_time':'{ctx.query['start_time']}'. 'start_time' "
            f"must be on or after {iso(earliest)}",
            {"start_time": [ctx.query["start_time"]]},
        )
    if end > now:
        raise invalid_request(
            f"Invalid 'end_time':'{ctx.query['end_time']}'. 'end_time' must be "
            "a minimum of 10 seconds prior to the request time.",
            {"end_time": [ctx.query["end_time"]]},
        )
    if end <= start:
        raise invalid_request(
            "Invalid 'start_time'. 'start_time' must be before 'end_time'.",
            {"start_time": [ctx.query.get("start_time", iso(start))]},
        )
    return start, end


def matching(ctx: Ctx, *, archive: bool) -> list[Tweet]:
    """Posts matching `query` inside the time and id window, newest first."""
    predicate = compile_query(ctx.query["query"], ctx.world)
    start, end = _window(ctx, archive=archive)
    since = int(ctx.query.get("since_id") or 0)
    until = int(ctx.query.get("until_id") or 10**20)
    by_id = bool(ctx.query.get("since_id") or ctx.query.get("until_id"))
    viewer = ctx.principal.user_id if ctx.principal else None
    open_ended = not ctx.query.get("end_time")  # then posts made "now" count too
    world = ctx.world
    found = []
    for tweet in world.tweets.values():
        created = tweet.created_at
        if created < start or (created >= end and not open_ended):
            continue
        if by_id and not since < int(tweet.id) < until:
            continue
        if predicate(tweet) and visible(world, tweet, viewer):
            found.append(tweet)
    return newest_first(found)


def _search(ctx: Ctx, *, archive: bool) -> JsonDict:
    found = matching(ctx, archive=archive)
    if ctx.query.get("sort_order") == "relevancy":
        likes = ctx.world.likes
        found.sort(key=lambda t: (likes.count_sources(t.id), int(t.id)), reverse=True)
    page = ctx.page(found, token_param="next_token")
    page.meta.pop("previous_token", None)
    meta: JsonDict = {}
    if page:
        ids = [int(t.id) for t in page]
        meta.update(newest_id=str(max(ids)), oldest_id=str(min(ids)))
    meta.update(page.meta)
    renderer = ctx.renderer()
    return renderer.envelope(renderer.tweets(page), meta=meta)


@route("GET", "/2/tweets/search/recent", reads_posts=True)
def search_recent(ctx: Ctx) -> JsonDict:
    return _search(ctx, archive=False)


@route("GET", "/2/tweets/search/all", reads_posts=True)
def search_all(ctx: Ctx) -> JsonDict:
    return _search(ctx, archive=True)


def _floor(moment: datetime, granularity: str) -> datetime:
    moment = moment.replace(second=0, microsecond=0)
    if granularity in {"hour", "day"}:
        moment = moment.replace(minute=0)
    if granularity == "day":
        moment = moment.replace(hour=0)
    return moment


def _counts(ctx: Ctx, *, archive: bool) -> JsonDict:
    """Post counts per bucket; the last bucket includes its end, so a post made
    at exactly the window's end (e.g. "now") is counted in it and the buckets
    always sum to `total_tweet_count`."""
    granularity = ctx.query.get("granularity", "hour")
    step = BUCKETS[granularity]
    start, end = _window(ctx, archive=archive)
    starts: list[datetime] = []
    cursor = _floor(start, granularity)
    while cursor < end:
        starts.append(cursor)
        cursor += step
    totals = dict.fromkeys(starts, 0)
    found = matching(ctx, archive=archive)
    for tweet in found:
        bucket = _floor(tweet.created_at, granularity)
        totals[bucket if bucket in totals else starts[-1]] += 1
    data = [
        {
            "start": iso(max(cursor, start)),
            "end": iso(min(cursor + step, end)),
            "tweet_count": totals[cursor],
        }
        for cursor in starts
    ]
    return {"data": data, "meta": {"total_tweet_count": len(found)}}


@route("GET", "/2/tweets/counts/recent")
def counts_recent(ctx: Ctx) -> JsonDict:
    return _counts(ctx, archive=False)


@route("GET", "/2/tweets/counts/all")
def counts_all(ctx: Ctx) -> JsonDict:
    return _counts(ctx, archive=True)
