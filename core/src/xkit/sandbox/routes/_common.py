"""Lookups and visibility rules shared by route modules."""

from __future__ import annotations

from collections.abc import Iterable

from .._errors import resource_not_found
from .._state import Tweet, User, World

__all__ = ["get_tweet", "get_user", "newest_first", "visible"]


def get_user(world: World, user_id: str, parameter: str = "id") -> User:
    user = world.users.get(user_id)
    if user is None:
        raise resource_not_found("user", parameter, user_id)
    return user


def get_tweet(world: World, tweet_id: str, parameter: str = "id") -> Tweet:
    tweet = world.tweets.get(tweet_id)
    if tweet is None:
        raise resource_not_found("tweet", parameter, tweet_id)
    return tweet


def visible(world: World, tweet: Tweet, viewer: str | None) -> bool:
    """Protected accounts' posts are seen only by themselves and their followers."""
    author = world.users.get(tweet.author_id)
    if author is None:
        return False
    if not author.protected or viewer == author.id:
        return True
    return viewer is not None and world.follows.has(viewer, author.id)


def newest_first(tweets: Iterable[Tweet]) -> list[Tweet]:
    return sorted(tweets, key=lambda t: int(t.id), reverse=True)
