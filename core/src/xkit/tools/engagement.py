"""Engagement tools: like, repost and their audiences, quotes, and analytics."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal, Self, TypeAlias

from pydantic import Field, model_validator

from .. import _vocab
from .._inputs import ToolInput
from .._params import (
    PageSize1To100,
    PageSize10To100,
    Timestamp,
    TweetId,
    csv_rules,
)
from .._spec import AuthKind, ToolSpec
from ._mixins import PageMixin, PostExclude, TweetFieldsMixin, parse_time
from .posts import _EXAMPLE_TWEET, READ, WRITE, TweetIdList
from .users import UserFieldsMixin

LIKE_READ = frozenset({"like.read", "tweet.read", "users.read"})
LIKE_WRITE = frozenset({"like.write", "tweet.read", "users.read"})


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
#: Metrics to return (default ``DEFAULT_ANALYTICS_FIELDS``).
AnalyticsFields: TypeAlias = Annotated[
    str | None,
    *csv_rules(_vocab.ANALYTICS_FIELDS, "impressions,engagements,likes"),
]


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
