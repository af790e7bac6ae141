"""Creating and deleting posts (with replies, quotes, polls, media, reply settings)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx

from .._app import Ctx, json_response, route
from .._errors import duplicate_content, forbidden, invalid_request
from .._state import Poll, Tweet, User, World
from .._uploads import processing_info
from .._world import make_tweet
from ._common import get_tweet, visible

JsonDict = dict[str, Any]
MAX_LENGTH = 280
REPLY_SETTINGS = {"following", "mentionedUsers", "subscribers", "verified"}


def _text(body: JsonDict) -> str:
    text = body.get("text", "")
    if not isinstance(text, str):
        raise invalid_request("`text` must be a string.", {"text": [str(text)]})
    if len(text) > MAX_LENGTH:
        raise invalid_request(
            f"`text` is {len(text)} characters; the limit is {MAX_LENGTH}.",
            {"text": [text[:50]]},
        )
    if not text.strip() and not body.get("media") and not body.get("poll"):
        raise invalid_request(
            "Post text is empty: provide `text`, `media` or `poll`.", {"text": [text]}
        )
    return text


def _media_keys(world: World, media: JsonDict, now: datetime) -> list[str]:
    ids = media.get("media_ids")
    if not isinstance(ids, list) or not 1 <= len(ids) <= 4:
        raise invalid_request("`media.media_ids` must list 1 to 4 media ids.")
    keys = []
    for media_id in ids:
        found = next((m for m in world.media.values() if m.id == str(media_id)), None)
        if found is None:
            raise invalid_request(
                f"Your media IDs are invalid: [{media_id}] is unknown.",
                {"media.media_ids": [str(media_id)]},
            )
        if found.finalized_at is not None:
            processing_info(found, now)  # catch up with the fake clock
        if found.type == "subtitles":
            raise invalid_request(
                f"Media [{media_id}] is a subtitle file, not attachable on its own.",
                {"media.media_ids": [str(media_id)]},
            )
        if found.state != "succeeded":
            raise invalid_request(
                f"Media [{media_id}] is not ready (state {found.state}); "
                "wait for processing to succeed.",
                {"media.media_ids": [str(media_id)]},
            )
        keys.append(found.media_key)
    kinds = {world.media[k].type for k in keys}
    if len(keys) > 1 and kinds != {"photo"}:
        raise invalid_request("A post takes up to 4 photos, or 1 GIF, or 1 video.")
    return keys


def _poll(ctx: Ctx, poll: JsonDict) -> str:
    options = poll.get("options")
    minutes = poll.get("duration_minutes")
    if (
        not isinstance(options, list)
        or not 2 <= len(options) <= 4
        or not all(isinstance(o, str) and 1 <= len(o) <= 25 for o in options)
    ):
        raise invalid_request(
            "`poll.options` must be 2 to 4 strings of 1 to 25 characters."
        )
    if not isinstance(minutes, int) or not 5 <= minutes <= 10080:
        raise invalid_request("`poll.duration_minutes` must be between 5 and 10080.")
    ctx.world.next_seq += 1
    poll_id = str(10**18 + ctx.world.next_seq)
    end = ctx.now + timedelta(minutes=minutes)
    ctx.world.polls[poll_id] = Poll(
        poll_id, list(options), minutes, end, [0] * len(options)
    )
    return poll_id


def _may_reply(world: World, parent: Tweet, author: User) -> bool:
    """The parent's `reply_settings`: who besides its author and mentions may reply."""
    setting = parent.reply_settings
    mentioned = {m.get("id") for m in parent.entities.get("mentions", [])}
    if setting == "everyone" or author.id in mentioned | {parent.author_id}:
        return True
    if setting == "following":
        return world.follows.has(parent.author_id, author.id)
    if setting == "verified":
        return author.verified
    return False  # mentionedUsers; subscribers (no subscriptions in the sandbox)


def _is_duplicate(world: World, author_id: str, text: str) -> bool:
    return bool(text) and any(
        t.author_id == author_id and t.text == text and not t.retweeted_tweet_id
        for t in world.tweets.values()
    )


@route("POST", "/2/tweets")
def create_tweet(ctx: Ctx) -> httpx.Response:
    body = ctx.body()
    world = ctx.world
    author = world.users[ctx.user_id]
    text = _text(body)
    exclusive = [
        k for k in ("media", "poll", "quote_tweet_id", "card_uri") if body.get(k)
    ]
    if len(exclusive) > 1:
        raise invalid_request(f"{' and '.join(exclusive)} are mutually exclusive.")
    extra: JsonDict = {}
    reply = body.get("reply")
    if reply:
        parent_id = str(reply.get("in_reply_to_tweet_id", ""))
        parent = world.tweets.get(parent_id)
        if parent is None or not visible(world, parent, author.id):
            raise forbidden(
                "You attempted to reply to a Tweet that is deleted or not visible "
                "to you."
            )
        if not _may_reply(world, parent, author):
            raise forbidden(
                "Reply to this conversation is not allowed because you have not "
                "been mentioned or otherwise engaged by the author of the post you "
                "are replying to."
            )
        extra.update(
            in_reply_to_tweet_id=parent.id, in_reply_to_user_id=parent.author_id
        )
    if body.get("quote_tweet_id"):
        quoted = world.tweets.get(str(body["quote_tweet_id"]))
        if quoted is None or not visible(world, quoted, author.id):
            raise forbidden(
                "You attempted to quote a Tweet that is deleted or not visible to you."
            )
        extra["quoted_tweet_id"] = quoted.id
    if body.get("media"):
        extra["media_keys"] = _media_keys(world, body["media"], ctx.now)
    if body.get("poll"):
        extra["poll_id"] = _poll(ctx, body["poll"])
    settings = body.get("reply_settings")
    if settings is not None:
        if settings not in REPLY_SETTINGS:
            raise invalid_request(
                f"`reply_settings` [{settings}] is not one of "
                f"{sorted(REPLY_SETTINGS)}.",
                {"reply_settings": [str(settings)]},
            )
        extra["reply_settings"] = settings
    place = (body.get("geo") or {}).get("place_id")
    if place:
        extra["place_id"] = str(place)
    if _is_duplicate(world, author.id, text):
        raise duplicate_content()
    tweet = make_tweet(world, author, text, ctx.now, source="xkit sandbox", **extra)
    data = {"id": tweet.id, "text": tweet.text, "edit_history_tweet_ids": [tweet.id]}
    return json_response(201, {"data": data})


def delete_post(world: World, tweet: Tweet) -> None:
    """Remove a post with its retweets and every relation pointing at it."""
    for other in [t for t in world.tweets.values() if t.retweeted_tweet_id == tweet.id]:
        world.retweets.remove(other.author_id, tweet.id)
        del world.tweets[other.id]
    if tweet.retweeted_tweet_id:
        world.retweets.remove(tweet.author_id, tweet.retweeted_tweet_id)
    for edges in (world.likes, world.bookmarks):
        edges.drop(tweet.id)
    world.hidden_replies.discard(tweet.id)
    world.tweets.pop(tweet.id, None)


@route("DELETE", "/2/tweets/{id}")
def delete_tweet(ctx: Ctx) -> JsonDict:
    tweet = get_tweet(ctx.world, ctx.params["id"])
    if tweet.author_id != ctx.user_id:
        raise forbidden("You are not allowed to delete a Tweet you did not create.")
    delete_post(ctx.world, tweet)
    return {"data": {"deleted": True}}
