"""Turn state objects into X's JSON: default fields, `*.fields` and `expansions`.

One `Renderer` serves one request. It renders the primary `data`, follows the
requested expansions by id and collects the `includes` (users, tweets, media, polls,
places, topics), each rendered with its own `*.fields` selection.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from ._clock import iso
from ._state import DmEvent, List, Media, Place, Poll, Space, Tweet, User, World

__all__ = ["Renderer"]

JsonDict = dict[str, Any]
INCLUDE_ORDER = ("users", "tweets", "media", "polls", "places", "topics")


class Renderer:
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
        self._includes: dict[str, dict[str, None]] = {k: {} for k in INCLUDE_ORDER}
        self._counts: dict[str, Counter[str]] | None = None

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
        makers = {
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

    def counts(self) -> dict[str, Counter[str]]:
        if self._counts is None:
            replies: Counter[str] = Counter()
            quotes: Counter[str] = Counter()
            retweets: Counter[str] = Counter()
            for tweet in self.world.tweets.values():
                replies.update([tweet.in_reply_to_tweet_id] if tweet.in_reply_to_tweet_id else [])
                quotes.update([tweet.quoted_tweet_id] if tweet.quoted_tweet_id else [])
                retweets.update([tweet.retweeted_tweet_id] if tweet.retweeted_tweet_id else [])
            self._counts = {"replies": replies, "quotes": quotes, "retweets": retweets}
        return self._counts

    def public_metrics(self, tweet: Tweet) -> JsonDict:
        counts = self.counts()
        return {
            "retweet_count": counts["retweets"][tweet.id],
            "reply_count": counts["replies"][tweet.id],
            "like_count": self.world.likes.count_sources(tweet.id),
            "quote_count": counts["quotes"][tweet.id],
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

    def private_metrics(self, tweet: Tweet, *, organic: bool = False) -> JsonDict | None:
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
        own = [t.id for t in self.world.tweets.values() if t.author_id == user.id]
        return max(own, key=int) if own else None

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
            "receives_your_dm": lambda: not world.blocks.has(user.id, self.viewer or ""),
            "subscription_type": lambda: "None",
            "parody": lambda: False,
            "public_metrics": lambda: {
                "followers_count": world.follows.count_sources(user.id),
                "following_count": world.follows.count_targets(user.id),
                "tweet_count": len(world.tweets_by(user.id)),
                "listed_count": world.list_members.count_sources(user.id),
                "like_count": world.likes.count_targets(user.id),
                "media_count": sum(1 for t in world.tweets_by(user.id) if t.media_keys),
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
        link = {"start": 0, "end": len(user.url), "url": user.url, "expanded_url": user.url}
        return {"url": {"urls": [link]}}

    # -- other objects ----------------------------------------------------------

    def pick(self, kind: str, body: JsonDict, extra: Mapping[str, Any]) -> JsonDict:
        for name in sorted(self.fields.get(kind, ())):
            value = extra.get(name)
            if value is not None:
                body[name] = value
        return body

    def media(self, media: Media) -> JsonDict:
        variants = None
        if media.type != "photo":
            url = f"https://video.twimg.com/{media.media_key}.mp4"
            variants = [{"bit_rate": 832000, "content_type": "video/mp4", "url": url}]
        preview = f"https://pbs.twimg.com/thumb/{media.id}.jpg"
        return self.pick(
            "media.fields",
            {"media_key": media.media_key, "type": media.type},
            {
                "url": media.url,
                "width": media.width,
                "height": media.height,
                "alt_text": media.alt_text,
                "duration_ms": media.duration_ms,
                "preview_image_url": preview if media.type != "photo" else None,
                "variants": variants,
                "public_metrics": {"view_count": 0} if media.type == "video" else None,
            },
        )

    def poll(self, poll: Poll) -> JsonDict:
        options = [
            {"position": i + 1, "label": label, "votes": poll.votes[i]}
            for i, label in enumerate(poll.options)
        ]
        closed = poll.end_datetime <= self.now
        return self.pick(
            "poll.fields",
            {"id": poll.id, "options": options},
            {
                "duration_minutes": poll.duration_minutes,
                "end_datetime": iso(poll.end_datetime),
                "voting_status": "closed" if closed else "open",
            },
        )

    def place(self, place: Place) -> JsonDict:
        return self.pick(
            "place.fields",
            {"id": place.id, "full_name": place.full_name},
            {
                "name": place.name,
                "country": place.country,
                "country_code": place.country_code,
                "place_type": place.place_type,
            },
        )

    def topic(self, topic: Mapping[str, str]) -> JsonDict:
        return self.pick(
            "topic.fields",
            {"id": topic["id"], "name": topic["name"]},
            {"description": topic.get("description")},
        )

    def list(self, item: List) -> JsonDict:
        if "owner_id" in self.expansions:
            self.include("users", [item.owner_id])
        world = self.world
        return self.pick(
            "list.fields",
            {"id": item.id, "name": item.name},
            {
                "created_at": iso(item.created_at),
                "description": item.description,
                "follower_count": world.list_followers.count_sources(item.id),
                "member_count": world.list_members.count_targets(item.id),
                "owner_id": item.owner_id,
                "private": item.private,
            },
        )

    def space(self, space: Space) -> JsonDict:
        for name in ("creator_id", "host_ids", "speaker_ids", "invited_user_ids"):
            if name in self.expansions:
                value = getattr(space, name)
                self.include("users", value if isinstance(value, list) else [value])
        if "topic_ids" in self.expansions:
            self.include("topics", space.topic_ids)
        optional_times = {
            "scheduled_start": space.scheduled_start,
            "started_at": space.started_at,
            "ended_at": space.ended_at,
        }
        return self.pick(
            "space.fields",
            {"id": space.id, "state": space.state},
            {
                "created_at": iso(space.created_at),
                "updated_at": iso(space.ended_at or space.started_at or space.created_at),
                "creator_id": space.creator_id,
                "title": space.title,
                "lang": space.lang,
                "host_ids": space.host_ids or None,
                "speaker_ids": space.speaker_ids or None,
                "invited_user_ids": space.invited_user_ids or None,
                "topic_ids": space.topic_ids or None,
                "is_ticketed": space.is_ticketed,
                "participant_count": space.participant_count,
                "subscriber_count": space.subscriber_count,
                **{k: iso(v) for k, v in optional_times.items() if v is not None},
            },
        )

    def dm_event(self, event: DmEvent) -> JsonDict:
        if "sender_id" in self.expansions:
            self.include("users", [event.sender_id])
        if "participant_ids" in self.expansions:
            self.include("users", event.participant_ids)
        if "attachments.media_keys" in self.expansions:
            self.include("media", event.media_keys)
        if "referenced_tweets.id" in self.expansions:
            self.include("tweets", event.referenced_tweet_ids)
        body: JsonDict = {"id": event.id, "event_type": event.event_type}
        if event.text is not None:
            body["text"] = event.text
        refs = [{"id": i} for i in event.referenced_tweet_ids]
        return self.pick(
            "dm_event.fields",
            body,
            {
                "created_at": iso(event.created_at),
                "dm_conversation_id": event.dm_conversation_id,
                "sender_id": event.sender_id,
                "participant_ids": event.participant_ids or None,
                "attachments": {"media_keys": event.media_keys} if event.media_keys else None,
                "referenced_tweets": refs or None,
            },
        )
