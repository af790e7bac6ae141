"""Post (tweet) tools: look up, create, delete, like, repost, and their audiences."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import BeforeValidator, Field, model_validator

from .. import _vocab
from .._inputs import ToolInput
from .._params import (
    CsvIds,
    MediaId,
    Timestamp,
    TweetId,
    UserId,
    csv_of,
    max_results,
)
from .._spec import AuthKind, ToolSpec
from ._mixins import (
    PageMixin,
    PostExclude,
    TweetFieldsMixin,
    parse_time,
)
from .users import UserFieldsMixin

READ = frozenset({"tweet.read", "users.read"})
WRITE = frozenset({"tweet.read", "tweet.write", "users.read"})
LIKE_READ = frozenset({"like.read", "tweet.read", "users.read"})
LIKE_WRITE = frozenset({"like.write", "tweet.read", "users.read"})

# Page sizes as module-level aliases: a field named max_results would shadow
# the factory inside the class body when annotations are evaluated.
PageSize1To100 = max_results(1, 100, 100)
PageSize10To100 = max_results(10, 100, 10)

_EXAMPLE_TWEET = "1460323737035677698"


def _listify(value: Any) -> Any:
    """Accept a comma-separated string where a JSON list is expected."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


TweetIdList = Annotated[
    list[TweetId],
    BeforeValidator(_listify),
    Field(
        min_length=1,
        max_length=100,
        description="1-100 post ids (numeric strings), e.g. ['1460323737035677698'].",
    ),
]


# ---------------------------------------------------------------- lookups


class PostLookupInput(TweetFieldsMixin):
    id: Annotated[TweetId, Field(description="ID of the post to fetch.")]

    example: ClassVar[dict[str, Any]] = {
        "id": _EXAMPLE_TWEET,
        "tweet.fields": "created_at,author_id,public_metrics",
        "expansions": "author_id",
        "user.fields": "username,verified",
    }


class PostsLookupInput(TweetFieldsMixin):
    ids: CsvIds("post IDs")

    example: ClassVar[dict[str, Any]] = {
        "ids": "1460323737035677698,1293593516040269825",
        "tweet.fields": "created_at,public_metrics",
    }


# ---------------------------------------------------------------- create


PollOption = Annotated[str, Field(min_length=1, max_length=25)]


class PostCreateInput(ToolInput):
    """Body of POST /2/tweets; dotted names nest (``poll.options``)."""

    any_of = (
        ("text", "media.media_ids", "poll.options", "quote_tweet_id", "card_uri"),
    )
    together = (("poll.options", "poll.duration_minutes"),)
    exclusive = (
        ("media.media_ids", "poll.options", "quote_tweet_id"),
        ("card_uri", "quote_tweet_id"),
        ("card_uri", "poll.options"),
        ("card_uri", "media.media_ids"),
    )
    requires = (
        ("media.tagged_user_ids", "media.media_ids"),
        ("reply.exclude_reply_user_ids", "reply.in_reply_to_tweet_id"),
        ("share_with_followers", "community_id"),
    )

    # NOTE: no maxLength on purpose. The spec sets none, and X counts
    # *weighted* characters (280 for standard accounts: URLs count 23, most
    # CJK characters and emoji count 2; Premium accounts may post up to
    # 25,000). A plain len() check would reject valid posts, so X enforces it.
    text: Annotated[
        str | None,
        BeforeValidator(_blank_to_none),
        Field(
            description=(
                "Post text. Standard accounts get 280 weighted characters (a URL "
                "counts 23, emoji and CJK characters count 2). Needed unless "
                "media.media_ids, poll.options, quote_tweet_id or card_uri is given."
            )
        ),
    ] = None
    reply_in_reply_to_tweet_id: Annotated[
        TweetId | None,
        Field(
            alias="reply.in_reply_to_tweet_id",
            description="Post id to reply to; use it to build threads.",
        ),
    ] = None
    reply_exclude_reply_user_ids: Annotated[
        list[UserId] | None,
        BeforeValidator(_listify),
        Field(
            alias="reply.exclude_reply_user_ids",
            description=(
                "User ids to drop from the reply's automatic @mentions; only with "
                "reply.in_reply_to_tweet_id."
            ),
        ),
    ] = None
    quote_tweet_id: Annotated[
        TweetId | None,
        Field(description="Post id to quote. Not combinable with media, poll or card."),
    ] = None
    reply_settings: Annotated[
        Literal["following", "mentionedUsers", "subscribers", "verified"] | None,
        Field(
            description=(
                "Who may reply: 'following', 'mentionedUsers', 'subscribers' or "
                "'verified'. Omit to let everyone reply."
            )
        ),
    ] = None
    media_media_ids: Annotated[
        Annotated[list[MediaId], Field(min_length=1, max_length=4)] | None,
        BeforeValidator(_listify),
        Field(
            alias="media.media_ids",
            description=(
                "1-4 media ids from twitter_media_upload to attach. Not combinable "
                "with poll, quote_tweet_id or card_uri."
            ),
        ),
    ] = None
    media_tagged_user_ids: Annotated[
        Annotated[list[UserId], Field(max_length=10)] | None,
        BeforeValidator(_listify),
        Field(
            alias="media.tagged_user_ids",
            description="Up to 10 user ids to tag in the attached media.",
        ),
    ] = None
    poll_options: Annotated[
        Annotated[list[PollOption], Field(min_length=2, max_length=4)] | None,
        BeforeValidator(_listify),
        Field(
            alias="poll.options",
            description=(
                "2-4 poll choices of 1-25 characters each; needs "
                "poll.duration_minutes. Not combinable with media, quote or card."
            ),
        ),
    ] = None
    poll_duration_minutes: Annotated[
        int | None,
        Field(
            alias="poll.duration_minutes",
            ge=5,
            le=10080,
            description="How long the poll runs, 5-10080 minutes (7 days).",
        ),
    ] = None
    card_uri: Annotated[
        str | None,
        BeforeValidator(_blank_to_none),
        Field(
            description=(
                "URI of a card (e.g. from the Ads API) to attach. Not combinable "
                "with media, poll or quote_tweet_id."
            )
        ),
    ] = None
    geo_place_id: Annotated[
        str | None,
        Field(
            alias="geo.place_id",
            min_length=1,
            description="Place id to tag the post with a location.",
        ),
    ] = None
    community_id: Annotated[
        str | None,
        Field(
            pattern=r"^[0-9]{1,19}$",
            description="Numeric id of a Community to post into.",
        ),
    ] = None
    share_with_followers: Annotated[
        bool | None,
        Field(description="Also show a Community post to your followers."),
    ] = None
    for_super_followers_only: Annotated[
        bool | None,
        Field(description="Make the post visible only to your Super Followers."),
    ] = None
    nullcast: Annotated[
        bool | None,
        Field(
            description=(
                "Promoted-only post: not shown on your timeline or to followers."
            )
        ),
    ] = None

    example: ClassVar[dict[str, Any]] = {
        "text": "Hello from xkit!",
        "reply.in_reply_to_tweet_id": _EXAMPLE_TWEET,
    }

    @model_validator(mode="before")
    @classmethod
    def _flatten(cls, data: Any) -> Any:
        """Accept the nested wire shape too: ``{"poll": {"options": [...]}}``."""
        if not isinstance(data, dict):
            return data
        out = dict(data)
        for parent in ("reply", "media", "poll", "geo"):
            nested = out.get(parent)
            if isinstance(nested, dict):
                del out[parent]
                for key, value in nested.items():
                    out.setdefault(f"{parent}.{key}", value)
        return out


class PostIdInput(ToolInput):
    id: Annotated[TweetId, Field(description="ID of your post to delete.")]

    example: ClassVar[dict[str, Any]] = {"id": _EXAMPLE_TWEET}


# ---------------------------------------------------------------- engage


class RetweetInput(ToolInput):
    tweet_id: Annotated[TweetId, Field(description="ID of the post to repost.")]

    example: ClassVar[dict[str, Any]] = {"tweet_id": _EXAMPLE_TWEET}


class UnretweetInput(ToolInput):
    tweet_id: Annotated[
        TweetId,
        Field(description="ID of the original post whose repost you want to undo."),
    ]

    example: ClassVar[dict[str, Any]] = {"tweet_id": _EXAMPLE_TWEET}


class LikeInput(ToolInput):
    tweet_id: Annotated[TweetId, Field(description="ID of the post to like.")]

    example: ClassVar[dict[str, Any]] = {"tweet_id": _EXAMPLE_TWEET}


class UnlikeInput(ToolInput):
    tweet_id: Annotated[TweetId, Field(description="ID of the post to unlike.")]

    example: ClassVar[dict[str, Any]] = {"tweet_id": _EXAMPLE_TWEET}


# ---------------------------------------------------------------- audiences


class PostUsersInput(UserFieldsMixin, PageMixin):
    """Users connected to one post (likers, reposters)."""

    id: Annotated[TweetId, Field(description="ID of the post.")]
    max_results: PageSize1To100 = None

    example: ClassVar[dict[str, Any]] = {
        "id": _EXAMPLE_TWEET,
        "max_results": 50,
        "user.fields": "username,public_metrics",
    }


class RetweetsInput(TweetFieldsMixin, PageMixin):
    id: Annotated[TweetId, Field(description="ID of the original post.")]
    max_results: PageSize1To100 = None

    example: ClassVar[dict[str, Any]] = {
        "id": _EXAMPLE_TWEET,
        "max_results": 20,
        "expansions": "author_id",
    }


class QuotesInput(TweetFieldsMixin, PageMixin):
    id: Annotated[TweetId, Field(description="ID of the quoted post.")]
    max_results: PageSize10To100 = None
    exclude: PostExclude = None

    example: ClassVar[dict[str, Any]] = {
        "id": _EXAMPLE_TWEET,
        "max_results": 10,
        "exclude": "replies",
        "tweet.fields": "created_at,public_metrics",
    }


# ---------------------------------------------------------------- analytics

DEFAULT_ANALYTICS_FIELDS = (
    "engagements,impressions,likes,replies,retweets,quote_tweets,bookmarks"
)
AnalyticsFields = csv_of(
    _vocab.ANALYTICS_FIELDS,
    f"metrics to return (default {DEFAULT_ANALYTICS_FIELDS})",
    "impressions,engagements,likes",
)


class PostAnalyticsInput(ToolInput):
    tweet_ids: TweetIdList
    start_time: Annotated[
        Timestamp, Field(description="Start of the period, ISO 8601 UTC.")
    ]
    end_time: Annotated[
        Timestamp, Field(description="End of the period, ISO 8601 UTC.")
    ]
    granularity: Annotated[
        Literal["hourly", "daily", "weekly", "total"] | None,
        Field(
            description=(
                "Bucket size of the metrics: 'hourly', 'daily', 'weekly' or 'total' "
                "(one sum for the whole period, the default)."
            )
        ),
    ] = None
    analytics_fields: Annotated[AnalyticsFields, Field(alias="analytics.fields")] = None

    example: ClassVar[dict[str, Any]] = {
        "tweet_ids": [_EXAMPLE_TWEET],
        "start_time": "2026-01-01T00:00:00Z",
        "end_time": "2026-01-08T00:00:00Z",
        "granularity": "daily",
    }

    @model_validator(mode="after")
    def _check_order(self) -> Self:
        if parse_time(self.start_time) >= parse_time(self.end_time):
            raise ValueError("'start_time' must be earlier than 'end_time'")
        return self


TOOLS = (
    ToolSpec(
        name="twitter_post_lookup",
        description=(
            "Fetch one post by id with its text and any fields you ask for "
            "(metrics, author, media, referenced posts). For several posts at once "
            "use twitter_posts_lookup."
        ),
        input_model=PostLookupInput,
        method="GET",
        path="/2/tweets/{id}",
        operation_id="getPostsById",
        scopes=READ,
        auth=AuthKind.USER_OR_APP,
        toolsets=frozenset({"read"}),
    ),
    ToolSpec(
        name="twitter_posts_lookup",
        description=(
            "Fetch up to 100 posts in one call from their ids. Deleted or hidden "
            "posts are reported in 'errors' beside the found ones."
        ),
        input_model=PostsLookupInput,
        method="GET",
        path="/2/tweets",
        operation_id="getPostsByIds",
        scopes=READ,
        auth=AuthKind.USER_OR_APP,
        toolsets=frozenset({"read"}),
    ),
    ToolSpec(
        name="twitter_post_create",
        description=(
            "Publish a post as the signed-in user: plain text, a reply "
            "(reply.in_reply_to_tweet_id, chain for threads), a quote, up to 4 "
            "uploaded media, or a 2-4 option poll. Media, poll and quote exclude "
            "each other. Returns the new post's id and text."
        ),
        input_model=PostCreateInput,
        method="POST",
        path="/2/tweets",
        operation_id="createPosts",
        scopes=WRITE,
        auth=AuthKind.USER,
        toolsets=frozenset({"publish"}),
    ),
    ToolSpec(
        name="twitter_post_delete",
        description=(
            "Permanently delete one of your own posts by id. Cannot be undone; "
            "copies may linger in other services' caches."
        ),
        input_model=PostIdInput,
        method="DELETE",
        path="/2/tweets/{id}",
        operation_id="deletePosts",
        scopes=WRITE,
        auth=AuthKind.USER,
        toolsets=frozenset({"publish"}),
    ),
    ToolSpec(
        name="twitter_post_retweet",
        description=(
            "Repost (retweet) a post as the signed-in user; your user id is filled "
            "in automatically. To add your own comment, quote it with "
            "twitter_post_create and quote_tweet_id instead."
        ),
        input_model=RetweetInput,
        method="POST",
        path="/2/users/{id}/retweets",
        operation_id="repostPost",
        scopes=WRITE,
        auth=AuthKind.USER,
        me="id",
        toolsets=frozenset({"engage"}),
    ),
    ToolSpec(
        name="twitter_post_unretweet",
        description=(
            "Undo your repost of a post, given the original post's id (not the id "
            "of the repost). Succeeds quietly if you had not reposted it."
        ),
        input_model=UnretweetInput,
        method="DELETE",
        path="/2/users/{id}/retweets/{source_tweet_id}",
        operation_id="unrepostPost",
        scopes=WRITE,
        auth=AuthKind.USER,
        me="id",
        wire={"tweet_id": "path:source_tweet_id"},
        toolsets=frozenset({"engage"}),
    ),
    ToolSpec(
        name="twitter_post_like",
        description=(
            "Like a post as the signed-in user (user id filled in automatically). "
            "X restricts likes via the API to some access tiers, so a 403 can mean "
            "the plan does not allow it."
        ),
        input_model=LikeInput,
        method="POST",
        path="/2/users/{id}/likes",
        operation_id="likePost",
        scopes=LIKE_WRITE,
        auth=AuthKind.USER,
        me="id",
        idempotent=True,
        toolsets=frozenset({"engage"}),
    ),
    ToolSpec(
        name="twitter_post_unlike",
        description=(
            "Remove the signed-in user's like from a post. Safe to repeat: it "
            "succeeds even if the post was not liked."
        ),
        input_model=UnlikeInput,
        method="DELETE",
        path="/2/users/{id}/likes/{tweet_id}",
        operation_id="unlikePost",
        scopes=LIKE_WRITE,
        auth=AuthKind.USER,
        me="id",
        toolsets=frozenset({"engage"}),
    ),
    ToolSpec(
        name="twitter_post_likers_get",
        description=(
            "List the users who liked a post, up to 100 per page; page with "
            "pagination_token. Needs a user token. For reposters use "
            "twitter_post_retweeters_get."
        ),
        input_model=PostUsersInput,
        method="GET",
        path="/2/tweets/{id}/liking_users",
        operation_id="getPostsLikingUsers",
        scopes=LIKE_READ,
        auth=AuthKind.USER,
        page_token="pagination_token",
        toolsets=frozenset({"read"}),
    ),
    ToolSpec(
        name="twitter_post_retweeters_get",
        description=(
            "List the users who reposted a post (plain reposts only; quotes are in "
            "twitter_post_quotes_get), up to 100 per page."
        ),
        input_model=PostUsersInput,
        method="GET",
        path="/2/tweets/{id}/retweeted_by",
        operation_id="getPostsRepostedBy",
        scopes=READ,
        auth=AuthKind.USER_OR_APP,
        page_token="pagination_token",
        toolsets=frozenset({"read"}),
    ),
    ToolSpec(
        name="twitter_post_retweets_get",
        description=(
            "List the repost posts of a post (as post objects, with author via "
            "expansions=author_id), up to 100 per page. For just the users use "
            "twitter_post_retweeters_get."
        ),
        input_model=RetweetsInput,
        method="GET",
        path="/2/tweets/{id}/retweets",
        operation_id="getPostsReposts",
        scopes=READ,
        auth=AuthKind.USER_OR_APP,
        page_token="pagination_token",
        toolsets=frozenset({"read"}),
    ),
    ToolSpec(
        name="twitter_post_quotes_get",
        description=(
            "List posts that quote a given post, 10-100 per page; 'exclude' can "
            "drop replies or reposts. Useful to see commentary on a post."
        ),
        input_model=QuotesInput,
        method="GET",
        path="/2/tweets/{id}/quote_tweets",
        operation_id="getPostsQuotedPosts",
        scopes=READ,
        auth=AuthKind.USER_OR_APP,
        page_token="pagination_token",
        toolsets=frozenset({"read"}),
    ),
    ToolSpec(
        name="twitter_post_analytics_get",
        description=(
            "Get engagement metrics (impressions, engagements, likes, replies, "
            "reposts, quotes, bookmarks by default) for 1-100 of your own posts over "
            "a time range, as one total or hourly/daily/weekly buckets."
        ),
        input_model=PostAnalyticsInput,
        method="GET",
        path="/2/tweets/analytics",
        operation_id="getPostsAnalytics",
        scopes=READ,
        auth=AuthKind.USER,
        wire={"tweet_ids": "query:ids"},
        defaults={
            "query:granularity": "total",
            "query:analytics.fields": DEFAULT_ANALYTICS_FIELDS,
        },
        toolsets=frozenset({"read"}),
    ),
)
