"""Posts: lookup, likers, retweeters, retweets, quotes, analytics, hidden replies."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from .._app import Ctx, route
from .._clock import iso, parse_time
from .._errors import forbidden, invalid_request, not_found_error
from .._state import Tweet
from ._common import get_tweet, newest_first, visible

JsonDict = dict[str, Any]


@route("GET", "/2/tweets/{id}", reads_posts=True)
def tweet_by_id(ctx: Ctx) -> JsonDict:
    tweet = ctx.world.tweets.get(ctx.params["id"])
    viewer = ctx.principal.user_id if ctx.principal else None
    if tweet is None or not visible(ctx.world, tweet, viewer):
        return {"errors": [not_found_error("tweet", "id", ctx.params["id"])]}
    renderer = ctx.renderer()
    return renderer.envelope(renderer.tweets([tweet])[0])


@route("GET", "/2/tweets", reads_posts=True)
def tweets_by_ids(ctx: Ctx) -> JsonDict:
    viewer = ctx.principal.user_id if ctx.principal else None
    found: list[Tweet] = []
    errors: list[JsonDict] = []
    for tweet_id in ctx.query["ids"].split(","):
        tweet = ctx.world.tweets.get(tweet_id)
        if tweet is None or not visible(ctx.world, tweet, viewer):
            errors.append(not_found_error("tweet", "ids", tweet_id))
        else:
            found.append(tweet)
    renderer = ctx.renderer()
    return renderer.envelope(renderer.tweets(found), errors=errors)


def _users_page(ctx: Ctx, user_ids: list[str]) -> JsonDict:
    page = ctx.page(user_ids)
    renderer = ctx.renderer()
    users = [ctx.world.users[i] for i in page if i in ctx.world.users]
    return renderer.envelope(renderer.users(users), meta=page.meta)


def _tweets_page(ctx: Ctx, tweets: list[Tweet]) -> JsonDict:
    page = ctx.page(tweets)
    renderer = ctx.renderer()
    return renderer.envelope(renderer.tweets(page), meta=page.meta)


@route("GET", "/2/tweets/{id}/liking_users")
def liking_users(ctx: Ctx) -> JsonDict:
    tweet = get_tweet(ctx.world, ctx.params["id"])
    return _users_page(ctx, ctx.world.likes.sources(tweet.id))


@route("GET", "/2/tweets/{id}/retweeted_by")
def retweeted_by(ctx: Ctx) -> JsonDict:
    tweet = get_tweet(ctx.world, ctx.params["id"])
    return _users_page(ctx, ctx.world.retweets.sources(tweet.id))


@route("GET", "/2/tweets/{id}/retweets", reads_posts=True)
def retweets_of(ctx: Ctx) -> JsonDict:
    tweet = get_tweet(ctx.world, ctx.params["id"])
    found = [t for t in ctx.world.tweets.values() if t.retweeted_tweet_id == tweet.id]
    return _tweets_page(ctx, newest_first(found))


@route("GET", "/2/tweets/{id}/quote_tweets", reads_posts=True)
def quote_tweets(ctx: Ctx) -> JsonDict:
    tweet = get_tweet(ctx.world, ctx.params["id"])
    excluded = set(ctx.query.get("exclude", "").split(","))
    found = [
        t
        for t in ctx.world.tweets.values()
        if t.quoted_tweet_id == tweet.id
        and not ("replies" in excluded and t.in_reply_to_tweet_id)
    ]
    return _tweets_page(ctx, newest_first(found))


ANALYTICS_STEP = {"hourly": 3600, "daily": 86400, "weekly": 7 * 86400}


@route("GET", "/2/tweets/analytics")
def analytics(ctx: Ctx) -> JsonDict:
    start = parse_time(ctx.query["start_time"])
    end = parse_time(ctx.query["end_time"])
    if start is None or end is None or end <= start:
        raise invalid_request(
            "`end_time` must be after `start_time`.",
            {"end_time": [ctx.query["end_time"]]},
        )
    fields = [f for f in ctx.query.get("analytics.fields", "").split(",") if f]
    granularity = ctx.query["granularity"]
    renderer = ctx.renderer()
    data: list[JsonDict] = []
    for tweet_id in ctx.query["ids"].split(","):
        tweet = ctx.world.tweets.get(tweet_id)
        if tweet is None:
            continue
        if tweet.author_id != ctx.user_id:
            raise forbidden(
                f"Analytics are only available for your own posts; {tweet_id} is not."
            )
        metrics = renderer.public_metrics(tweet)
        step = ANALYTICS_STEP.get(granularity)
        moments = [start]
        while (
            step and moments[-1] + timedelta(seconds=step) < end and len(moments) < 400
        ):
            moments.append(moments[-1] + timedelta(seconds=step))
        series = []
        for moment in moments:
            values = {
                "impressions": tweet.impression_count // len(moments),
                "likes": metrics["like_count"],
                "retweets": metrics["retweet_count"],
                "replies": metrics["reply_count"],
                "quote_tweets": metrics["quote_count"],
                "bookmarks": metrics["bookmark_count"],
                "engagements": metrics["like_count"] + metrics["retweet_count"],
            }
            point = {
                k: values.get(k, 0) for k in fields if k not in {"id", "timestamp"}
            }
            series.append({"timestamp": iso(moment), "metrics": point})
        data.append({"id": tweet.id, "timestamped_metrics": series})
    return {"data": data} if data else {}


@route("PUT", "/2/tweets/{tweet_id}/hidden")
def hide_reply(ctx: Ctx) -> JsonDict:
    tweet = get_tweet(ctx.world, ctx.params["tweet_id"], "tweet_id")
    hidden = ctx.body().get("hidden")
    if not isinstance(hidden, bool):
        raise invalid_request("`hidden` must be a boolean.", {"hidden": [str(hidden)]})
    root = ctx.world.tweets.get(tweet.conversation_id)
    if (
        tweet.in_reply_to_tweet_id is None
        or root is None
        or root.author_id != ctx.user_id
    ):
        raise forbidden("You can only hide replies to conversations you started.")
    if hidden:
        ctx.world.hidden_replies.add(tweet.id)
    else:
        ctx.world.hidden_replies.discard(tweet.id)
    return {"data": {"hidden": hidden}}
