"""Timelines: home (reverse chronological), a user's posts and mentions, liked posts."""

from __future__ import annotations

from typing import Any

from .._app import Ctx, route
from .._clock import parse_time
from .._state import Tweet
from ._common import get_user, newest_first, visible

JsonDict = dict[str, Any]


def _window(ctx: Ctx, tweets: list[Tweet]) -> JsonDict:
    """Apply since/until ids, start/end times and `exclude`, then paginate."""
    since = int(ctx.query.get("since_id") or 0)
    until = int(ctx.query.get("until_id") or 10**20)
    start = parse_time(ctx.query.get("start_time", ""))
    end = parse_time(ctx.query.get("end_time", ""))
    excluded = set(ctx.query.get("exclude", "").split(","))
    viewer = ctx.principal.user_id if ctx.principal else None
    kept = [
        t
        for t in newest_first(tweets)
        if since < int(t.id) < until
        and (start is None or t.created_at >= start)
        and (end is None or t.created_at < end)
        and not ("replies" in excluded and t.in_reply_to_tweet_id)
        and not ("retweets" in excluded and t.retweeted_tweet_id)
        and visible(ctx.world, t, viewer)
    ]
    page = ctx.page(kept)
    meta: JsonDict = {}
    if page:
        ids = [int(t.id) for t in page]
        meta.update(newest_id=str(max(ids)), oldest_id=str(min(ids)))
    meta.update(page.meta)
    renderer = ctx.renderer()
    return renderer.envelope(renderer.tweets(page), meta=meta)


@route("GET", "/2/users/{id}/timelines/reverse_chronological", reads_posts=True)
def home_timeline(ctx: Ctx) -> JsonDict:
    me = ctx.own()
    world = ctx.world
    authors = set(world.follows.targets(me)) | {me}
    muted = set(world.mutes.targets(me)) | set(world.blocks.targets(me))
    tweets = [t for t in world.tweets.values() if t.author_id in authors - muted]
    return _window(ctx, tweets)


@route("GET", "/2/users/{id}/tweets", reads_posts=True)
def user_tweets(ctx: Ctx) -> JsonDict:
    user = get_user(ctx.world, ctx.params["id"])
    return _window(ctx, ctx.world.tweets_by(user.id))


@route("GET", "/2/users/{id}/mentions", reads_posts=True)
def user_mentions(ctx: Ctx) -> JsonDict:
    user = get_user(ctx.world, ctx.params["id"])
    tweets = [
        t
        for t in ctx.world.tweets.values()
        if any(m.get("id") == user.id for m in t.entities.get("mentions", []))
    ]
    return _window(ctx, tweets)


@route("GET", "/2/users/{id}/liked_tweets", reads_posts=True)
def liked_tweets(ctx: Ctx) -> JsonDict:
    user = get_user(ctx.world, ctx.params["id"])
    world = ctx.world
    liked = [world.tweets[i] for i in world.likes.targets(user.id) if i in world.tweets]
    page = ctx.page(liked)
    renderer = ctx.renderer()
    return renderer.envelope(renderer.tweets(page), meta=page.meta)
