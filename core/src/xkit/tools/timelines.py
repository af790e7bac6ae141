"""Timeline tools: the signed-in user's home feed and a user's liked posts."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import Field

from .._params import PageSize1To100NoDefault, PageSize5To100NoDefault, UserId
from .._spec import AuthKind, ToolSpec
from ._mixins import PageMixin, PostExclude, TimeWindowMixin, TweetFieldsMixin

READ = frozenset({"tweet.read", "users.read"})
LIKE_READ = frozenset({"like.read", "tweet.read", "users.read"})


class HomeTimelineInput(TweetFieldsMixin, TimeWindowMixin, PageMixin):
    id: Annotated[
        UserId,
        Field(
            description=(
                "Your own numeric user id (get it from twitter_user_me); X rejects "
                "any other user's id."
            )
        ),
    ]
    max_results: PageSize1To100NoDefault = None
    exclude: PostExclude = None

    example: ClassVar[dict[str, Any]] = {
        "id": "2244994945",
        "max_results": 20,
        "exclude": "retweets,replies",
        "tweet.fields": "created_at,author_id",
        "expansions": "author_id",
    }


class LikedPostsInput(TweetFieldsMixin, PageMixin):
    id: Annotated[UserId, Field(description="User whose liked posts to list.")]
    max_results: PageSize5To100NoDefault = None

    example: ClassVar[dict[str, Any]] = {
        "id": "2244994945",
        "max_results": 25,
        "tweet.fields": "created_at,public_metrics",
    }


TOOLS = (
    ToolSpec(
        name="twitter_user_timeline_get",
        description=(
            "Read the signed-in user's home feed (posts from accounts they follow "
            "plus their own), newest first, 1-100 per page. 'id' must be your own "
            "id from twitter_user_me; use since_id to poll for new posts."
        ),
        input_model=HomeTimelineInput,
        method="GET",
        path="/2/users/{id}/timelines/reverse_chronological",
        operation_id="getUsersTimeline",
        scopes=READ,
        auth=AuthKind.USER,
        page_token="pagination_token",
        toolsets=frozenset({"read"}),
    ),
    ToolSpec(
        name="twitter_user_liked_tweets_get",
        description=(
            "List the posts a user has liked, newest first, 5-100 per page. Needs "
            "a user token; for who liked a given post use twitter_post_likers_get."
        ),
        input_model=LikedPostsInput,
        method="GET",
        path="/2/users/{id}/liked_tweets",
        operation_id="getUsersLikedPosts",
        scopes=LIKE_READ,
        auth=AuthKind.USER,
        page_token="pagination_token",
        toolsets=frozenset({"read"}),
    ),
)
