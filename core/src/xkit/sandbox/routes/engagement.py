"""Likes, retweets and bookmarks of the authenticated user."""

from __future__ import annotations

from typing import Any

from .._app import Ctx, route
from .._errors import forbidden
from .._world import make_tweet
from ._common import get_tweet, visible
from .compose import delete_post

JsonDict = dict[str, Any]


def _target(ctx: Ctx) -> str:
    tweet_id = str(ctx.require(ctx.body(), "tweet_id"))
    tweet = get_tweet(ctx.world, tweet_id, "tweet_id")
    if not visible(ctx.world, tweet, ctx.user_id):
        raise forbidden("You cannot act on a post that is not visible to you.")
    return tweet.id


@route("POST", "/2/users/{id}/likes")
def like(ctx: Ctx) -> JsonDict:
    me = ctx.own()
    ctx.world.likes.add(me, _target(ctx))
    return {"data": {"liked": True}}


@route("DELETE", "/2/users/{id}/likes/{tweet_id}")
def unlike(ctx: Ctx) -> JsonDict:
    ctx.world.likes.remove(ctx.own(), ctx.params["tweet_id"])
    return {"data": {"liked": False}}


@route("POST", "/2/users/{id}/retweets")
def retweet(ctx: Ctx) -> JsonDict:
    me = ctx.own()
    world = ctx.world
    source = world.tweets[_target(ctx)]
    if source.retweeted_tweet_id:
        source = world.tweets.get(source.retweeted_tweet_id, source)
    existing = world.retweet_of(me, source.id)
    if existing is None:
        if world.users[source.author_id].protected and source.author_id != me:
            raise forbidden("Posts from protected accounts cannot be retweeted.")
        author = world.users[source.author_id]
        text = f"RT @{author.username}: {source.text}"
        existing = make_tweet(
            world,
            world.users[me],
            text,
            ctx.now,
            retweeted_tweet_id=source.id,
            lang=source.lang,
        )
        world.retweets.add(me, source.id)
    return {"data": {"id": existing.id, "retweeted": True}}


@route("DELETE", "/2/users/{id}/retweets/{source_tweet_id}")
def unretweet(ctx: Ctx) -> JsonDict:
    me = ctx.own()
    existing = ctx.world.retweet_of(me, ctx.params["source_tweet_id"])
    if existing is not None:
        delete_post(ctx.world, existing)
    return {"data": {"retweeted": False}}


@route("GET", "/2/users/{id}/bookmarks", reads_posts=True)
def bookmarks(ctx: Ctx) -> JsonDict:
    world = ctx.world
    saved = [
        world.tweets[i] for i in world.bookmarks.targets(ctx.own()) if i in world.tweets
    ]
    page = ctx.page(saved)
    renderer = ctx.renderer()
    return renderer.envelope(renderer.tweets(page), meta=page.meta)


@route("POST", "/2/users/{id}/bookmarks")
def bookmark(ctx: Ctx) -> JsonDict:
    me = ctx.own()
    ctx.world.bookmarks.add(me, _target(ctx))
    return {"data": {"bookmarked": True}}


@route("DELETE", "/2/users/{id}/bookmarks/{tweet_id}")
def unbookmark(ctx: Ctx) -> JsonDict:
    ctx.world.bookmarks.remove(ctx.own(), ctx.params["tweet_id"])
    return {"data": {"bookmarked": False}}
