"""Moderation tools: mute, unmute, read mutes and blocks, hide replies."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import Field

from .._inputs import ToolInput
from .._params import (
    PageSize1To1000,
    PageSize1To1000NoDefault,
    TweetId,
    UserId,
)
from .._spec import ToolSpec
from ._mixins import Base32PageMixin, LongPageMixin
from .users import UserFieldsMixin

MUTE_READ = frozenset({"mute.read", "tweet.read", "users.read"})
MUTE_WRITE = frozenset({"mute.write", "tweet.read", "users.read"})
BLOCK_READ = frozenset({"block.read", "tweet.read", "users.read"})
HIDE = frozenset({"tweet.moderate.write", "tweet.read", "users.read"})

_OWN_ID = (
    "Your own user ID (the signed-in account; get it from twitter_user_me). "
    "Any other ID is rejected by X."
)


class MuteInput(ToolInput):
    target_user_id: Annotated[UserId, Field(description="ID of the user to mute.")]

    example: ClassVar[dict[str, Any]] = {"target_user_id": "2244994945"}


class UnmuteInput(ToolInput):
    target_user_id: Annotated[UserId, Field(description="ID of the user to unmute.")]

    example: ClassVar[dict[str, Any]] = {"target_user_id": "2244994945"}


class MutedUsersInput(UserFieldsMixin, LongPageMixin):
    id: Annotated[UserId, Field(description=_OWN_ID)]
    max_results: PageSize1To1000 = None

    example: ClassVar[dict[str, Any]] = {
        "id": "2244994945",
        "max_results": 100,
        "user.fields": "username,created_at",
    }


class BlockedUsersInput(UserFieldsMixin, Base32PageMixin):
    id: Annotated[UserId, Field(description=_OWN_ID)]
    max_results: PageSize1To1000NoDefault = None

    example: ClassVar[dict[str, Any]] = {
        "id": "2244994945",
        "max_results": 100,
        "user.fields": "username",
    }


class ReplyVisibilityInput(ToolInput):
    tweet_id: Annotated[
        TweetId,
        Field(description="ID of the reply to hide or unhide (a reply to your post)."),
    ]
    hidden: Annotated[
        bool, Field(description="true hides the reply; false makes it visible again.")
    ]

    example: ClassVar[dict[str, Any]] = {
        "tweet_id": "1460323737035677698",
        "hidden": True,
    }


TOOLS = (
    ToolSpec(
        name="twitter_user_mute",
        description=(
            "Mute a user for the signed-in account: their posts and reposts stop "
            "showing in your home timeline. They are not notified and can still "
            "follow and reply. Undo with twitter_user_unmute."
        ),
        input_model=MuteInput,
        method="POST",
        path="/2/users/{id}/muting",
        operation_id="muteUser",
        scopes=MUTE_WRITE,
        me="id",
        toolsets=frozenset({"moderation"}),
        idempotent=True,
    ),
    ToolSpec(
        name="twitter_user_unmute",
        description=(
            "Unmute a user for the signed-in account so their posts show in your "
            "timeline again. Reports muting=false even if they were not muted."
        ),
        input_model=UnmuteInput,
        method="DELETE",
        path="/2/users/{source_user_id}/muting/{target_user_id}",
        operation_id="unmuteUser",
        scopes=MUTE_WRITE,
        me="source_user_id",
        toolsets=frozenset({"moderation"}),
    ),
    ToolSpec(
        name="twitter_muted_users_get",
        description=(
            "List the accounts the signed-in user has muted, up to 1000 per page. "
            "'id' must be your own user id (see twitter_user_me)."
        ),
        input_model=MutedUsersInput,
        method="GET",
        path="/2/users/{id}/muting",
        operation_id="getUsersMuting",
        scopes=MUTE_READ,
        page_token="pagination_token",
        toolsets=frozenset({"read", "moderation"}),
    ),
    ToolSpec(
        name="twitter_blocked_users_get",
        description=(
            "List the accounts the signed-in user has blocked, up to 1000 per "
            "page. 'id' must be your own user id (see twitter_user_me). The API "
            "offers no block or unblock action, only this list."
        ),
        input_model=BlockedUsersInput,
        method="GET",
        path="/2/users/{id}/blocking",
        operation_id="getUsersBlocking",
        scopes=BLOCK_READ,
        page_token="pagination_token",
        toolsets=frozenset({"read", "moderation"}),
    ),
    ToolSpec(
        name="twitter_reply_visibility_set",
        description=(
            "Hide (hidden=true) or unhide (hidden=false) a reply in a conversation "
            "started by the signed-in account. Only replies to your own posts can "
            "be hidden; hidden replies stay reachable behind a 'hidden replies' "
            "link."
        ),
        input_model=ReplyVisibilityInput,
        method="PUT",
        path="/2/tweets/{tweet_id}/hidden",
        operation_id="hidePostsReply",
        scopes=HIDE,
        toolsets=frozenset({"moderation"}),
        destructive=False,
        idempotent=True,
    ),
)
