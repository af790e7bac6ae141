"""Bookmark tools: save, unsave and read the signed-in user's bookmarks."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import Field

from .._inputs import ToolInput
from .._params import PageSize1To100NoDefault, TweetId, UserId
from .._spec import ToolSpec
from ._mixins import PageMixin, TweetFieldsMixin

READ = frozenset({"bookmark.read", "tweet.read", "users.read"})
WRITE = frozenset({"bookmark.write", "tweet.read", "users.read"})


class BookmarkAddInput(ToolInput):
    tweet_id: Annotated[TweetId, Field(description="ID of the post to bookmark.")]

    example: ClassVar[dict[str, Any]] = {"tweet_id": "1460323737035677698"}


class BookmarkRemoveInput(ToolInput):
    tweet_id: Annotated[
        TweetId, Field(description="ID of the post to remove from your bookmarks.")
    ]

    example: ClassVar[dict[str, Any]] = {"tweet_id": "1460323737035677698"}


class BookmarksGetInput(TweetFieldsMixin, PageMixin):
    id: Annotated[
        UserId,
        Field(
            description=(
                "Your own user ID (the signed-in account; get it from "
                "twitter_user_me). Any other ID is rejected by X."
            )
        ),
    ]
    max_results: PageSize1To100NoDefault = None

    example: ClassVar[dict[str, Any]] = {
        "id": "2244994945",
        "max_results": 50,
        "tweet.fields": "created_at,author_id,public_metrics",
        "expansions": "author_id",
        "user.fields": "username",
    }


TOOLS = (
    ToolSpec(
        name="twitter_bookmark_add",
        description=(
            "Bookmark a post for the signed-in account so it can be found later "
            "with twitter_bookmarks_get. Bookmarks are private; the author is not "
            "told."
        ),
        input_model=BookmarkAddInput,
        method="POST",
        path="/2/users/{id}/bookmarks",
        operation_id="createUsersBookmark",
        scopes=WRITE,
        me="id",
        toolsets=frozenset({"engage"}),
        idempotent=True,
    ),
    ToolSpec(
        name="twitter_bookmark_remove",
        description=(
            "Remove a post from the signed-in account's bookmarks. Reports "
            "bookmarked=false even if the post was not bookmarked."
        ),
        input_model=BookmarkRemoveInput,
        method="DELETE",
        path="/2/users/{id}/bookmarks/{tweet_id}",
        operation_id="deleteUsersBookmark",
        scopes=WRITE,
        me="id",
        toolsets=frozenset({"engage"}),
    ),
    ToolSpec(
        name="twitter_bookmarks_get",
        description=(
            "Read the signed-in account's bookmarked posts, up to "
            "100 per page. 'id' must be your own user id (see twitter_user_me); "
            "other users' bookmarks are never visible."
        ),
        input_model=BookmarksGetInput,
        method="GET",
        path="/2/users/{id}/bookmarks",
        operation_id="getUsersBookmarks",
        scopes=READ,
        page_token="pagination_token",
        toolsets=frozenset({"read", "engage"}),
    ),
)
