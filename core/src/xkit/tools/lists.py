"""List tools: create, change, delete and read Lists, and manage their members.

Following and pinning Lists, a List's followers and the Lists of a user are in
:mod:`xkit.tools.list_follows`.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import Field

from .._inputs import ToolInput
from .._params import (
    ListExpansions,
    ListFields,
    ListId,
    PageSize1To100,
    UserFields,
    UserId,
)
from .._spec import AuthKind, ToolSpec
from ._mixins import LongPageMixin, PageMixin, TweetFieldsMixin
from .users import UserFieldsMixin

READ = frozenset({"list.read", "tweet.read", "users.read"})
WRITE = frozenset({"list.write", "tweet.read", "users.read"})
CREATE = frozenset({"list.read", "list.write", "tweet.read", "users.read"})

ListName = Annotated[
    str, Field(min_length=1, max_length=25, description="List name, 1-25 characters.")
]
ListDescription = Annotated[
    str | None,
    Field(max_length=100, description="List description, at most 100 characters."),
]


class ListFieldsMixin(ToolInput):
    """Field selectors of every tool that returns List objects."""

    list_fields: ListFields = Field(None, alias="list.fields")
    expansions: ListExpansions = None
    user_fields: UserFields = Field(
        None,
        alias="user.fields",
        description=(
            "Comma-separated user fields for the expanded owner (needs "
            "expansions=owner_id), e.g. 'username,verified'."
        ),
    )


# -- writes -------------------------------------------------------------------


class ListCreateInput(ToolInput):
    name: ListName
    description: ListDescription = None
    private: Annotated[
        bool | None,
        Field(description="true makes the List private; X uses false (public)."),
    ] = None

    example: ClassVar[dict[str, Any]] = {
        "name": "AI researchers",
        "description": "People worth reading on machine learning.",
        "private": False,
    }


class ListUpdateInput(ToolInput):
    any_of: ClassVar[tuple[tuple[str, ...], ...]] = (
        ("name", "description", "private"),
    )

    id: Annotated[ListId, Field(description="ID of the List to change (yours).")]
    name: Annotated[
        str | None,
        Field(min_length=1, max_length=25, description="New name, 1-25 characters."),
    ] = None
    description: Annotated[
        str | None,
        Field(
            max_length=100,
            description="New description, at most 100 characters ('' clears it).",
        ),
    ] = None
    private: Annotated[
        bool | None,
        Field(description="true makes the List private, false public."),
    ] = None

    example: ClassVar[dict[str, Any]] = {
        "id": "1146654567674912769",
        "name": "ML researchers",
        "private": True,
    }


class ListDeleteInput(ToolInput):
    id: Annotated[ListId, Field(description="ID of the List to delete (yours).")]

    example: ClassVar[dict[str, Any]] = {"id": "1146654567674912769"}


class ListMemberInput(ToolInput):
    id: Annotated[ListId, Field(description="ID of the List (one you own).")]
    user_id: Annotated[UserId, Field(description="ID of the user to add or remove.")]

    example: ClassVar[dict[str, Any]] = {
        "id": "1146654567674912769",
        "user_id": "2244994945",
    }


# -- reads --------------------------------------------------------------------


class ListLookupInput(ListFieldsMixin):
    id: Annotated[ListId, Field(description="ID of the List to look up.")]

    example: ClassVar[dict[str, Any]] = {
        "id": "1146654567674912769",
        "list.fields": "description,member_count,follower_count,owner_id",
        "expansions": "owner_id",
        "user.fields": "username",
    }


class ListTimelineInput(TweetFieldsMixin, PageMixin):
    id: Annotated[ListId, Field(description="ID of the List whose posts to read.")]
    max_results: PageSize1To100 = None

    example: ClassVar[dict[str, Any]] = {
        "id": "1146654567674912769",
        "max_results": 20,
        "tweet.fields": "created_at,author_id,public_metrics",
        "expansions": "author_id",
        "user.fields": "username",
    }


class ListUsersInput(UserFieldsMixin, LongPageMixin):
    id: Annotated[ListId, Field(description="ID of the List.")]
    max_results: PageSize1To100 = None

    example: ClassVar[dict[str, Any]] = {
        "id": "1146654567674912769",
        "max_results": 50,
        "user.fields": "username,description",
    }


TOOLS = (
    ToolSpec(
        name="twitter_list_create",
        description=(
            "Create a new, empty List owned by the signed-in account (name 1-25 "
            "characters, description up to 100). Add people afterwards with "
            "twitter_list_member_add."
        ),
        input_model=ListCreateInput,
        method="POST",
        path="/2/lists",
        operation_id="createLists",
        scopes=CREATE,
        toolsets=frozenset({"lists"}),
    ),
    ToolSpec(
        name="twitter_list_update",
        description=(
            "Rename a List you own, change its description, or switch it between "
            "public and private. Give at least one of name, description, private; "
            "fields you omit stay as they are."
        ),
        input_model=ListUpdateInput,
        method="PUT",
        path="/2/lists/{id}",
        operation_id="updateLists",
        scopes=WRITE,
        toolsets=frozenset({"lists"}),
    ),
    ToolSpec(
        name="twitter_list_delete",
        description=(
            "Permanently delete a List you own, with its memberships and "
            "followers. Cannot be undone; to just leave someone else's List use "
            "twitter_list_unfollow."
        ),
        input_model=ListDeleteInput,
        method="DELETE",
        path="/2/lists/{id}",
        operation_id="deleteLists",
        scopes=WRITE,
        toolsets=frozenset({"lists"}),
    ),
    ToolSpec(
        name="twitter_list_lookup",
        description=(
            "Get a List's details (name, and with list.fields its description, "
            "member and follower counts, owner, privacy). For its posts use "
            "twitter_list_timeline_get; for its people, twitter_list_members_get."
        ),
        input_model=ListLookupInput,
        method="GET",
        path="/2/lists/{id}",
        operation_id="getListsById",
        scopes=READ,
        auth=AuthKind.USER_OR_APP,
        toolsets=frozenset({"read", "lists"}),
    ),
    ToolSpec(
        name="twitter_list_timeline_get",
        description=(
            "Read the latest posts from the members of a List, up to 100 per page; "
            "pass meta.next_token as pagination_token for older ones."
        ),
        input_model=ListTimelineInput,
        method="GET",
        path="/2/lists/{id}/tweets",
        operation_id="getListsPosts",
        scopes=READ,
        auth=AuthKind.USER_OR_APP,
        page_token="pagination_token",
        toolsets=frozenset({"read", "lists"}),
    ),
    ToolSpec(
        name="twitter_list_members_get",
        description=(
            "List the accounts that are members of a List, up to 100 per page. "
            "For the accounts that follow (subscribe to) the List, use "
            "twitter_list_followers_get."
        ),
        input_model=ListUsersInput,
        method="GET",
        path="/2/lists/{id}/members",
        operation_id="getListsMembers",
        scopes=READ,
        auth=AuthKind.USER_OR_APP,
        page_token="pagination_token",
        toolsets=frozenset({"read", "lists"}),
    ),
    ToolSpec(
        name="twitter_list_member_add",
        description=(
            "Add a user to a List you own. Lists hold at most 5000 members. "
            "Remove with twitter_list_member_remove."
        ),
        input_model=ListMemberInput,
        method="POST",
        path="/2/lists/{id}/members",
        operation_id="addListsMember",
        scopes=WRITE,
        toolsets=frozenset({"lists"}),
        idempotent=True,
    ),
    ToolSpec(
        name="twitter_list_member_remove",
        description=(
            "Remove a user from a List you own. Reports is_member=false even if "
            "the user was not on the List."
        ),
        input_model=ListMemberInput,
        method="DELETE",
        path="/2/lists/{id}/members/{user_id}",
        operation_id="removeListsMemberByUserId",
        scopes=WRITE,
        toolsets=frozenset({"lists"}),
    ),
)
