"""Turn state objects into X's JSON: default fields, `*.fields` and `expansions`.

One `Renderer` serves one request. It renders the primary `data`, follows the
requested expansions by id and collects the `includes` (users, tweets, media, polls,
places, topics), each rendered with its own `*.fields` selection.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from ._clock import iso
from ._render_objects import ObjectRenderer
from ._state import PostIndex, Tweet, User, World

__all__ = ["Renderer"]

JsonDict = dict[str, Any]
INCLUDE_ORDER = ("users", "tweets", "media", "polls", "places", "topics")
# X returns the field an expansion follows even when `*.fields` leaves it out
# (`expansions=author_id` puts `author_id` in each post): expansion -> fields.
IMPLIED_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "author_id": (("tweet.fields", "author_id"),),
    "in_reply_to_user_id": (("tweet.fields", "in_reply_to_user_id"),),
    "referenced_tweets.id": (
        ("tweet.fields", "referenced_tweets"),
        ("dm_event.fields", "referenced_tweets"),
    ),
    "referenced_tweets.id.author_id": (
        ("tweet.fields", "referenced_tweets"),
        ("tweet.fields", "author_id"),
    ),
    "referenced_tweets.id.attachments.media_keys": (
        ("tweet.fields", "referenced_tweets"),
        ("tweet.fields", "attachments"),
    ),
    "attachments.media_keys": (
        ("tweet.fields", "attachments"),
        ("dm_event.fields", "attachments"),
    ),
    "attachments.poll_ids": (("tweet.fields", "attachments"),),
    "geo.place_id": (("tweet.fields", "geo"),),
    "entities.mentions.username": (("tweet.fields", "entities"),),
    "pinned_tweet_id": (("user.fields", "pinned_tweet_id"),),
    "most_recent_tweet_id": (("user.fields", "most_recent_tweet_id"),),
    "owner_id": (("list.fields", "owner_id"),),
    "creator_id": (("space.fields", "creator_id"),),
    "host_ids": (("space.fields", "host_ids"),),
    "speaker_ids": (("space.fields", "speaker_ids"),),
    "invited_user_ids": (("space.fields", "invited_user_ids"),),
    "topic_ids": (("space.fields", "topic_ids"),),
    "sender_id": (("dm_event.fields", "sender_id"),),
    "participant_ids": (("dm_event.fields", "participant_ids"),),
}


class Renderer(ObjectRenderer):
    def __init__(
        self,
        world: World,
        query: Mapping[str, str],
        now: datetime,
        viewer: str | None = None,
    ) -> None:
        self.world = world
        self.now = now
        self.viewer = viewer
        self.fields = {
            name: set(filter(None, value.split(",")))
            for name, value in query.items()
            if name.endswith(".fields")
        }
        self.expansions = set(filter(None, query.get("expansions", "").split(",")))
        for expansion in self.expansions:
            for kind, name in IMPLIED_FIELDS.get(expansion, ()):
                self.fields.setdefault(kind, set()).add(name)
        self._includes: dict[str, dict[str, None]] = {k: {} for k in INCLUDE_ORDER}
        self._index: PostIndex | None = None

    @property
    def index(self) -> PostIndex:
        """The world's post index, checked once per request."""
        if self._index is None:
            self._index = self.world.post_index()
        return self._index

    def wants(self, kind: str, name: str) -> bool:
        return name in self.fields.get(kind, set())

    # -- includes ---------------------------------------------------------------

    def include(self, kind: str, ids: Iterable[str | None]) -> None:
        bucket = self._includes[kind]
        for item in ids:
            if item:
                bucket[item] = None

    def includes(self) -> JsonDict:
        rendered: JsonDict = {}
        makers: dict[str, tuple[Mapping[str, Any], Callable[[Any], JsonDict]]] = {
            "users": (self.world.users, self.user),
            "tweets": (self.world.tweets, self.tweet),
            "media": (self.world.media, self.media),
            "polls": (self.world.polls, self.poll),
            "places": (self.world.places, self.place),
            "topics": (self.world.topics, self.topic),
        }
        for kind in INCLUDE_ORDER:
            store, make = makers[kind]
            items = [make(store[i]) for i in self._includes[kind] if i in store]
            if items:
                rendered[kind] = items
        return rendered

    def envelope(
        self,
        data: Any,
        *,
        meta: JsonDict | None = None,
        errors: list[JsonDict] | None = None,
    ) -> JsonDict:
        """`{data, includes, meta, errors}` with empty parts left out, as X does."""
        body: JsonDict = {}
        if data is not None and data != []:
            body["data"] = data
        includes = self.includes()
        if includes:
            body["includes"] = includes
        if errors:
            body["errors"] = errors
        if meta is not None:
            body["meta"] = meta
        return body

    # -- tweets -----------------------------------------------------------------

    def public_metrics(self, tweet: Tweet) -> JsonDict:
        index = self.index
        return {
            "retweet_count": index.retweets[tweet.id],
            "reply_count": index.replies[tweet.id],
            "like_count": self.world.likes.count_sources(tweet.id),
            "quote_count": index.quotes[tweet.id],
            "bookmark_count": self.world.bookmarks.count_sources(tweet.id),
            "impression_count": tweet.impression_count,
        }

    def tweets(self, tweets: Iterable[Tweet]) -> list[JsonDict]:
        """Render primary tweets and follow the tweet expansions."""
        rendered = []
        for tweet in tweets:
            rendered.append(self.tweet(tweet))
            self.expand_tweet(tweet)
        return rendered

    def expand_tweet(self, tweet: Tweet) -> None:
        wanted = self.expansions
        if "author_id" in wanted:
            self.include("users", [tweet.author_id])
        if "in_reply_to_user_id" in wanted:
            self.include("users", [tweet.in_reply_to_user_id])
        if "entities.mentions.username" in wanted:
            mentions = tweet.entities.get("mentions", [])
            self.include("users", [m.get("id") for m in mentions])
        referenced = [r["id"] for r in self.referenced(tweet)]
        if "referenced_tweets.id" in wanted:
            self.include("tweets", referenced)
        known = [self.world.tweets[i] for i in referenced if i in self.world.tweets]
        if "referenced_tweets.id.author_id" in wanted:
            self.include("users", [t.author_id for t in known])
        if "referenced_tweets.id.attachments.media_keys" in wanted:
            self.include("media", [k for t in known for k in t.media_keys])
        if "attachments.media_keys" in wanted:
            self.include("media", tweet.media_keys)
        if "attachments.poll_ids" in wanted:
            self.include("polls", [tweet.poll_id])
        if "geo.place_id" in wanted:
            self.include("places", [tweet.place_id])

    def referenced(self, tweet: Tweet) -> list[JsonDict]:
        refs = []
        if tweet.retweeted_tweet_id:
            refs.append({"type": "retweeted", "id": tweet.retweeted_tweet_id})
        if tweet.quoted_tweet_id:
            refs.append({"type": "quoted", "id": tweet.quoted_tweet_id})
        if tweet.in_reply_to_tweet_id:
            refs.append({"type": "replied_to", "id": tweet.in_reply_to_tweet_id})
        return refs

    def tweet(self, tweet: Tweet) -> JsonDict:
        body: JsonDict = {
            "id": tweet.id,
            "text": tweet.text,
            "edit_history_tweet_ids": [tweet.id],
        }
        extra: dict[str, Any] = {
            "author_id": lambda: tweet.author_id,
            "created_at": lambda: iso(tweet.created_at),
            "conversation_id": lambda: tweet.conversation_id,
            "lang": lambda: tweet.lang,
            "source": lambda: tweet.source,
            "reply_settings": lambda: tweet.reply_settings,
            "possibly_sensitive": lambda: tweet.possibly_sensitive,
            "public_metrics": lambda: self.public_metrics(tweet),
            "entities": lambda: tweet.entities or None,
            "in_reply_to_user_id": lambda: tweet.in_reply_to_user_id,
            "referenced_tweets": lambda: self.referenced(tweet) or None,
            "attachments": lambda: self.attachments(tweet),
            "geo": lambda: {"place_id": tweet.place_id} if tweet.place_id else None,
            "context_annotations": lambda: tweet.context_annotations or None,
            "display_text_range": lambda: [0, len(tweet.text)],
            "edit_controls": lambda: self.edit_controls(tweet),
            "non_public_metrics": lambda: self.private_metrics(tweet),
            "organic_metrics": lambda: self.private_metrics(tweet, organic=True),
        }
        for name in sorted(self.fields.get("tweet.fields", ())):
            maker = extra.get(name)
            value = maker() if maker else None
            if value is not None:
                body[name] = value
        return body

    def attachments(self, tweet: Tweet) -> JsonDict | None:
        found: JsonDict = {}
        if tweet.media_keys:
            found["media_keys"] = list(tweet.media_keys)
        if tweet.poll_id:
            found["poll_ids"] = [tweet.poll_id]
        return found or None

    def edit_controls(self, tweet: Tweet) -> JsonDict:
        until = tweet.created_at + timedelta(hours=1)
        eligible = tweet.kind == "original" and not tweet.poll_id
        return {
            "is_edit_eligible": eligible,
            "editable_until": iso(until),
            "edits_remaining": 5 if eligible and until > self.now else 0,
        }

    def private_metrics(
        self, tweet: Tweet, *, organic: bool = False
    ) -> JsonDict | None:
        """Only the author may see these; X leaves them out otherwise."""
        if tweet.author_id != self.viewer:
            return None
        if not organic:
            return {"impression_count": tweet.impression_count}
        public = self.public_metrics(tweet)
        return {
            "impression_count": tweet.impression_count,
            "like_count": public["like_count"],
            "reply_count": public["reply_count"],
            "retweet_count": public["retweet_count"],
        }

    # -- users ------------------------------------------------------------------

    def users(self, users: Iterable[User]) -> list[JsonDict]:
        rendered = []
        for user in users:
            rendered.append(self.user(user))
            if "pinned_tweet_id" in self.expansions:
                self.include("tweets", [user.pinned_tweet_id])
            if "most_recent_tweet_id" in self.expansions:
                self.include("tweets", [self.most_recent(user)])
        return rendered

    def most_recent(self, user: User) -> str | None:
        own = self.index.by_author.get(user.id, ())
        return max((t.id for t in own), key=int) if own else None

    def user(self, user: User) -> JsonDict:
        body: JsonDict = {"id": user.id, "name": user.name, "username": user.username}
        world = self.world
        extra: dict[str, Any] = {
            "created_at": lambda: iso(user.created_at),
            "description": lambda: user.description,
            "location": lambda: user.location,
            "url": lambda: user.url or "",
            "verified": lambda: user.verified,
            "verified_type": lambda: user.verified_type,
            "protected": lambda: user.protected,
            "profile_image_url": lambda: user.profile_image_url,
            "pinned_tweet_id": lambda: user.pinned_tweet_id,
            "most_recent_tweet_id": lambda: self.most_recent(user),
            "receives_your_dm": lambda: world.accepts_dm(user.id, self.viewer or ""),
            "subscription_type": lambda: "None",
            "parody": lambda: False,
            "public_metrics": lambda: {
                "followers_count": world.follows.count_sources(user.id),
                "following_count": world.follows.count_targets(user.id),
                "tweet_count": len(self.index.by_author.get(user.id, ())),
                "listed_count": world.list_members.count_sources(user.id),
                "like_count": world.likes.count_targets(user.id),
                "media_count": sum(
                    1 for t in self.index.by_author.get(user.id, ()) if t.media_keys
                ),
            },
            "entities": lambda: self.user_entities(user),
        }
        for name in sorted(self.fields.get("user.fields", ())):
            maker = extra.get(name)
            value = maker() if maker else None
            if value is not None:
                body[name] = value
        return body

    def user_entities(self, user: User) -> JsonDict | None:
        if not user.url:
            return None
        link = {
            "start": 0,
            "end": len(user.url),
            "url": user.url,
            "expanded_url": user.url,
        }
        return {"url": {"urls": [link]}}
