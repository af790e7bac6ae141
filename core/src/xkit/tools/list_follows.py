"""List relation tools: follow and pin Lists, and the Lists tied to a user.

Following, unfollowing, pinning and unpinning a List as the signed-in account,
a List's followers, and the Lists a user owns, follows, is a member of or has
pinned. Creating and managing Lists themselves is in :mod:`xkit.tools.lists`.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import Field

from .._inputs import ToolInput
from .._params import ListId, PageSize1To100, UserId
from .._spec import AuthKind, ToolSpec
from ._mixins import LongPageMixin
from .lists import READ, WRITE, ListFieldsMixin, ListUsersInput


class ListRefInput(ToolInput):
    list_id: Annotated[ListId, Field(description="ID of the List.")]

    example: ClassVar[dict[str, Any]] = {"list_id": "1146654567674912769"}


class UserListsInput(ListFieldsMixin, LongPageMixin):
    id: Annotated[UserId, Field(description="ID of the user whose Lists to read.")]
    max_results: PageSize1To100 = None

    example: ClassVar[dict[str, Any]] = {
        "id": "2244994945",
        "max_results": 25,
        "list.fields": "description,member_count",
    }


class PinnedListsInput(ListFieldsMixin):
    id: Annotated[
        UserId,
        Field(
            description=(
                "Your own user ID (the signed-in account; get it from "
                "twitter_user_me). X only shows pinned Lists to their owner."
            )
        ),
    ]

    example: ClassVar[dict[str, Any]] = {
        "id": "2244994945",
        "list.fields": "name,description",
    }


TOOLS = (
    ToolSpec(
        name="twitter_list_follow",
        description=(
            "Follow (subscribe to) a List as the signed-in account so its posts "
            "can be read as a feed. Does not follow the List's members; to pin it "
            "on your profile use twitter_list_pin."
        ),
        input_model=ListRefInput,
        method="POST",
        path="/2/users/{id}/followed_lists",
        operation_id="followList",
        scopes=WRITE,
        me="id",
        toolsets=frozenset({"lists"}),
        idempotent=True,
    ),
    ToolSpec(
        name="twitter_list_unfollow",
        description=(
            "Stop following a List as the signed-in account. Reports "
            "following=false even if you were not following it."
        ),
        input_model=ListRefInput,
        method="DELETE",
        path="/2/users/{id}/followed_lists/{list_id}",
        operation_id="unfollowList",
        scopes=WRITE,
        me="id",
        toolsets=frozenset({"lists"}),
    ),
    ToolSpec(
        name="twitter_list_pin",
        description=(
            "Pin a List to the signed-in account's profile for quick access. "
            "Only a few Lists (typically 5) can be pinned at once; unpin one with "
            "twitter_list_unpin first if the limit is reached."
        ),
        input_model=ListRefInput,
        method="POST",
        path="/2/users/{id}/pinned_lists",
        operation_id="pinList",
        scopes=WRITE,
        me="id",
        toolsets=frozenset({"lists"}),
        idempotent=True,
    ),
    ToolSpec(
        name="twitter_list_unpin",
        description=(
            "Unpin a List from the signed-in account's profile. The List itself "
            "and your follow of it are kept."
        ),
        input_model=ListRefInput,
        method="DELETE",
        path="/2/users/{id}/pinned_lists/{list_id}",
        operation_id="unpinList",
        scopes=WRITE,
        me="id",
        toolsets=frozenset({"lists"}),
    ),
    ToolSpec(
        name="twitter_list_followers_get",
        description=(
            "List the accounts that follow (subscribe to) a List, up to 100 per "
            "page. For the accounts that are on the List, use "
            "twitter_list_members_get."
        ),
        input_model=ListUsersInput,
        method="GET",
        path="/2/lists/{id}/followers",
        operation_id="getListsFollowers",
        scopes=READ,
        auth=AuthKind.USER_OR_APP,
        page_token="pagination_token",
        toolsets=frozenset({"read", "lists"}),
    ),
    ToolSpec(
        name="twitter_user_owned_lists_get",
        description=(
            "List the Lists a user created (owns), up to 100 per page. For Lists "
            "they follow use twitter_user_followed_lists_get; for Lists they are "
            "on, twitter_user_list_memberships_get."
        ),
        input_model=UserListsInput,
        method="GET",
        path="/2/users/{id}/owned_lists",
        operation_id="getUsersOwnedLists",
        scopes=READ,
        auth=AuthKind.USER_OR_APP,
        page_token="pagination_token",
        toolsets=frozenset({"read", "lists"}),
    ),
    ToolSpec(
        name="twitter_user_followed_lists_get",
        description=(
            "List the Lists a user follows (subscribes to), up to 100 per page; "
            "returns List details, not posts. For Lists they own use "
            "twitter_user_owned_lists_get."
        ),
        input_model=UserListsInput,
        method="GET",
        path="/2/users/{id}/followed_lists",
        operation_id="getUsersFollowedLists",
        scopes=READ,
        auth=AuthKind.USER_OR_APP,
        page_token="pagination_token",
        toolsets=frozenset({"read", "lists"}),
    ),
    ToolSpec(
        name="twitter_user_list_memberships_get",
        description=(
            "List the Lists a user has been added to as a member, up to 100 per "
            "page. Private Lists appear only if the signed-in account may see them."
        ),
        input_model=UserListsInput,
        method="GET",
        path="/2/users/{id}/list_memberships",
        operation_id="getUsersListMemberships",
        scopes=READ,
        auth=AuthKind.USER_OR_APP,
        page_token="pagination_token",
        toolsets=frozenset({"read", "lists"}),
    ),
    ToolSpec(
        name="twitter_user_pinned_lists_get",
        description=(
            "Get the Lists the signed-in account has pinned to its profile (one "
            "short, unpaginated answer). 'id' must be your own user id (see "
            "twitter_user_me)."
        ),
        input_model=PinnedListsInput,
        method="GET",
        path="/2/users/{id}/pinned_lists",
        operation_id="getUsersPinnedLists",
        scopes=READ,
        toolsets=frozenset({"read", "lists"}),
    ),
)
