"""Follow graph tools: who follows whom, follow and unfollow."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import Field

from .._inputs import ToolInput
from .._params import PageSize1To1000NoDefault, UserId
from .._spec import AuthKind, ToolSpec
from ._mixins import Base32PageMixin
from .users import UserFieldsMixin

READ = frozenset({"follows.read", "tweet.read", "users.read"})
WRITE = frozenset({"follows.write", "tweet.read", "users.read"})


class FollowersInput(UserFieldsMixin, Base32PageMixin):
    id: Annotated[UserId, Field(description="ID of the user whose followers to list.")]
    max_results: PageSize1To1000NoDefault = None

    example: ClassVar[dict[str, Any]] = {
        "id": "2244994945",
        "max_results": 100,
        "user.fields": "created_at,public_metrics",
    }


class FollowingInput(UserFieldsMixin, Base32PageMixin):
    id: Annotated[
        UserId, Field(description="ID of the user whose followed accounts to list.")
    ]
    max_results: PageSize1To1000NoDefault = None

    example: ClassVar[dict[str, Any]] = {
        "id": "2244994945",
        "max_results": 200,
        "user.fields": "description,verified",
    }


class FollowInput(ToolInput):
    target_user_id: Annotated[UserId, Field(description="ID of the user to follow.")]

    example: ClassVar[dict[str, Any]] = {"target_user_id": "2244994945"}


class UnfollowInput(ToolInput):
    target_user_id: Annotated[UserId, Field(description="ID of the user to unfollow.")]

    example: ClassVar[dict[str, Any]] = {"target_user_id": "2244994945"}


TOOLS = (
    ToolSpec(
        name="twitter_followers_get",
        description=(
            "List the accounts that follow a given user, up to 1000 per page; pass "
            "meta.next_token as pagination_token for more. For the accounts that "
            "user follows, use twitter_following_get."
        ),
        input_model=FollowersInput,
        method="GET",
        path="/2/users/{id}/followers",
        operation_id="getUsersFollowers",
        scopes=READ,
        auth=AuthKind.USER_OR_APP,
        page_token="pagination_token",
        toolsets=frozenset({"read", "engage"}),
    ),
    ToolSpec(
        name="twitter_following_get",
        description=(
            "List the accounts a given user follows, up to 1000 per page; pass "
            "meta.next_token as pagination_token for more. For who follows that "
            "user, use twitter_followers_get."
        ),
        input_model=FollowingInput,
        method="GET",
        path="/2/users/{id}/following",
        operation_id="getUsersFollowing",
        scopes=READ,
        auth=AuthKind.USER_OR_APP,
        page_token="pagination_token",
        toolsets=frozenset({"read", "engage"}),
    ),
    ToolSpec(
        name="twitter_user_follow",
        description=(
            "Follow a user as the signed-in account. A protected account gets a "
            "follow request instead (the reply says pending_follow). Often "
            "unavailable outside enterprise API tiers (expect 403)."
        ),
        input_model=FollowInput,
        method="POST",
        path="/2/users/{id}/following",
        operation_id="followUser",
        scopes=WRITE,
        me="id",
        toolsets=frozenset({"engage"}),
        idempotent=True,
    ),
    ToolSpec(
        name="twitter_user_unfollow",
        description=(
            "Stop following a user as the signed-in account. Succeeds with "
            "following=false even if you were not following them."
        ),
        input_model=UnfollowInput,
        method="DELETE",
        path="/2/users/{source_user_id}/following/{target_user_id}",
        operation_id="unfollowUser",
        scopes=WRITE,
        me="source_user_id",
        toolsets=frozenset({"engage"}),
    ),
)
