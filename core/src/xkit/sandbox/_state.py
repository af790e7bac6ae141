"""The sandbox world as plain dataclasses: what `Sandbox.state` exposes to tests.

Relations (follows, likes, bookmarks, list members...) are `Edges`: insertion-ordered
in both directions, so "newest first" listings need no timestamps.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ._text import snowflake

__all__ = [
    "AuthCode",
    "ComplianceJob",
    "DmConversation",
    "DmEvent",
    "Edges",
    "List",
    "Media",
    "Place",
    "Poll",
    "PostIndex",
    "Space",
    "Token",
    "Tweet",
    "User",
    "World",
]


@dataclass
class User:
    id: str
    username: str
    name: str
    created_at: datetime
    description: str = ""
    location: str | None = None
    url: str | None = None
    verified: bool = False
    verified_type: str = "none"
    protected: bool = False
    profile_image_url: str = ""
    pinned_tweet_id: str | None = None
    listed_count: int = 0
    dm_policy: str = "everyone"  # everyone | following (people they follow)


@dataclass
class Tweet:
    id: str
    author_id: str
    text: str
    created_at: datetime
    lang: str = "en"
    conversation_id: str = ""
    in_reply_to_tweet_id: str | None = None
    in_reply_to_user_id: str | None = None
    quoted_tweet_id: str | None = None
    retweeted_tweet_id: str | None = None
    media_keys: list[str] = field(default_factory=list)
    poll_id: str | None = None
    place_id: str | None = None
    reply_settings: str = "everyone"
    source: str = "xkit sandbox"
    possibly_sensitive: bool = False
    impression_count: int = 0
    entities: dict[str, Any] = field(default_factory=dict)
    context_annotations: list[dict[str, Any]] = field(default_factory=list)

    @property
    def kind(self) -> str:
        if self.retweeted_tweet_id:
            return "retweeted"
        if self.quoted_tweet_id:
            return "quoted"
        return "replied_to" if self.in_reply_to_tweet_id else "original"


@dataclass
class Media:
    media_key: str
    type: str  # photo | video | animated_gif
    width: int = 1200
    height: int = 675
    url: str | None = None
    alt_text: str | None = None
    duration_ms: int | None = None
    owner_id: str | None = None
    media_category: str = "tweet_image"
    media_type: str = "image/png"
    total_bytes: int = 0
    # Chunked uploads keep sizes and digests, never the bytes: segment -> (n, sha256)
    segments: dict[int, tuple[int, str]] = field(default_factory=dict)
    head: bytes = b""  # the first bytes of segment 0, enough to sniff the format
    state: str = "succeeded"  # uploading | pending | in_progress | succeeded | failed
    processing_secs: int = 0
    polled_secs: int = 0  # STATUS polls credit the advertised check_after_secs
    finalized_at: datetime | None = None
    created_at: datetime | None = None
    expires_at: datetime | None = None

    @property
    def id(self) -> str:
        return self.media_key.split("_", 1)[1]


@dataclass
class Poll:
    id: str
    options: list[str]
    duration_minutes: int
    end_datetime: datetime
    votes: list[int] = field(default_factory=list)


@dataclass
class Place:
    id: str
    full_name: str
    name: str
    country: str
    country_code: str
    place_type: str = "city"


@dataclass
class List:
    id: str
    name: str
    owner_id: str
    created_at: datetime
    description: str = ""
    private: bool = False


@dataclass
class DmConversation:
    id: str
    participant_ids: list[str]
    is_group: bool = False


@dataclass
class DmEvent:
    id: str
    dm_conversation_id: str
    event_type: str  # MessageCreate | ParticipantsJoin | ParticipantsLeave
    created_at: datetime
    sender_id: str | None = None
    text: str | None = None
    participant_ids: list[str] = field(default_factory=list)
    media_keys: list[str] = field(default_factory=list)
    referenced_tweet_ids: list[str] = field(default_factory=list)


@dataclass
class Space:
    id: str
    creator_id: str
    title: str
    state: str  # live | scheduled | ended
    created_at: datetime
    lang: str = "en"
    host_ids: list[str] = field(default_factory=list)
    speaker_ids: list[str] = field(default_factory=list)
    invited_user_ids: list[str] = field(default_factory=list)
    topic_ids: list[str] = field(default_factory=list)
    scheduled_start: datetime | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    is_ticketed: bool = False
    participant_count: int = 0
    subscriber_count: int = 0
    buyer_ids: list[str] = field(default_factory=list)
    tweet_ids: list[str] = field(default_factory=list)


@dataclass
class ComplianceJob:
    id: str
    type: str  # tweets | users
    name: str | None
    created_at: datetime
    status: str = "complete"
    resumable: bool = False


@dataclass
class Token:
    """An issued access or refresh token."""

    value: str
    kind: str  # "user" | "app" | "refresh"
    client_id: str
    scopes: frozenset[str]
    expires_at: datetime | None
    user_id: str | None = None
    revoked: bool = False


@dataclass
class AuthCode:
    code: str
    client_id: str
    redirect_uri: str
    scopes: frozenset[str]
    code_challenge: str
    user_id: str
    expires_at: datetime
    used: bool = False


class Edges:
    """A directed relation `a -> b`, indexed both ways, newest last."""

    def __init__(self) -> None:
        self._out: dict[str, dict[str, None]] = {}
        self._in: dict[str, dict[str, None]] = {}

    def add(self, a: str, b: str) -> bool:
        """Add `a -> b`; False when it already existed (order then unchanged)."""
        if self.has(a, b):
            return False
        self._out.setdefault(a, {})[b] = None
        self._in.setdefault(b, {})[a] = None
        return True

    def remove(self, a: str, b: str) -> bool:
        if not self.has(a, b):
            return False
        del self._out[a][b]
        del self._in[b][a]
        return True

    def has(self, a: str, b: str) -> bool:
        return b in self._out.get(a, {})

    def targets(self, a: str) -> list[str]:
        """Everything `a` points at, newest first."""
        return list(reversed(self._out.get(a, {})))

    def sources(self, b: str) -> list[str]:
        """Everything pointing at `b`, newest first."""
        return list(reversed(self._in.get(b, {})))

    def count_targets(self, a: str) -> int:
        return len(self._out.get(a, {}))

    def count_sources(self, b: str) -> int:
        return len(self._in.get(b, {}))

    def drop(self, node: str) -> None:
        """Remove every edge touching `node` (a deleted tweet, list...)."""
        for b in self.targets(node):
            self.remove(node, b)
        for a in self.sources(node):
            self.remove(a, node)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        for a, bs in self._out.items():
            for b in bs:
                yield a, b

    def __len__(self) -> int:
        return sum(len(bs) for bs in self._out.values())


class PostIndex:
    """What reading a post's metrics or an author's posts needs, built in one pass."""

    def __init__(self, tweets: dict[str, Tweet]) -> None:
        self.ids = tuple(tweets)
        self.by_author: dict[str, list[Tweet]] = {}
        self.replies: Counter[str] = Counter()
        self.quotes: Counter[str] = Counter()
        self.retweets: Counter[str] = Counter()
        for tweet in tweets.values():
            self.by_author.setdefault(tweet.author_id, []).append(tweet)
            if tweet.in_reply_to_tweet_id:
                self.replies[tweet.in_reply_to_tweet_id] += 1
            if tweet.quoted_tweet_id:
                self.quotes[tweet.quoted_tweet_id] += 1
            if tweet.retweeted_tweet_id:
                self.retweets[tweet.retweeted_tweet_id] += 1

    def covers(self, tweets: dict[str, Tweet]) -> bool:
        return len(tweets) == len(self.ids) and tuple(tweets) == self.ids


@dataclass
class World:
    """Everything the sandbox knows. Routes mutate it under the sandbox lock."""

    users: dict[str, User] = field(default_factory=dict)
    tweets: dict[str, Tweet] = field(default_factory=dict)
    media: dict[str, Media] = field(default_factory=dict)  # by media_key
    polls: dict[str, Poll] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    lists: dict[str, List] = field(default_factory=dict)
    dm_conversations: dict[str, DmConversation] = field(default_factory=dict)
    dm_events: dict[str, DmEvent] = field(default_factory=dict)
    spaces: dict[str, Space] = field(default_factory=dict)
    topics: dict[str, dict[str, str]] = field(default_factory=dict)
    compliance_jobs: dict[str, ComplianceJob] = field(default_factory=dict)
    subscriptions: dict[str, dict[str, Any]] = field(default_factory=dict)
    follows: Edges = field(default_factory=Edges)  # follower -> followed
    pending_follows: Edges = field(default_factory=Edges)
    likes: Edges = field(default_factory=Edges)  # user -> tweet
    retweets: Edges = field(default_factory=Edges)  # user -> source tweet
    bookmarks: Edges = field(default_factory=Edges)  # user -> tweet
    mutes: Edges = field(default_factory=Edges)  # user -> muted user
    blocks: Edges = field(default_factory=Edges)  # user -> blocked user
    hidden_replies: set[str] = field(default_factory=set)
    list_members: Edges = field(default_factory=Edges)  # list -> user
    list_followers: Edges = field(default_factory=Edges)  # user -> list
    pinned_lists: Edges = field(default_factory=Edges)  # user -> list
    usage: dict[str, int] = field(default_factory=dict)  # "YYYY-MM-DD" -> posts read
    next_seq: int = 0
    _index: PostIndex | None = field(default=None, repr=False, compare=False)

    def post_index(self) -> PostIndex:
        """Per-author posts and reply/quote/retweet counts, rebuilt only when the
        set of posts changed (posts never change their author or references)."""
        index = self._index
        if index is None or not index.covers(self.tweets):
            index = self._index = PostIndex(self.tweets)
        return index

    def user_by_username(self, username: str) -> User | None:
        wanted = username.lower()
        for user in self.users.values():
            if user.username.lower() == wanted:
                return user
        return None

    def accepts_dm(self, recipient: str, sender: str) -> bool:
        """Whether `recipient` takes a new DM from `sender` (blocks, DM settings)."""
        user = self.users.get(recipient)
        if user is None or self.blocks.has(recipient, sender):
            return False
        if user.dm_policy == "following":
            return self.follows.has(recipient, sender)
        return True

    def new_id(self, when: datetime) -> str:
        """A fresh snowflake id for anything created at `when`."""
        self.next_seq += 1
        return snowflake(when, self.next_seq)

    def tweets_by(self, user_id: str) -> list[Tweet]:
        return list(self.post_index().by_author.get(user_id, ()))

    def retweet_of(self, user_id: str, tweet_id: str) -> Tweet | None:
        for tweet in self.tweets.values():
            if tweet.author_id == user_id and tweet.retweeted_tweet_id == tweet_id:
                return tweet
        return None
