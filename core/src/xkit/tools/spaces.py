"""Spaces tools: look up and search live audio Spaces, their posts and buyers."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field

from .._inputs import ToolInput
from .._params import (
    PageSize1To100,
    SpaceCreatorIdCsv,
    SpaceExpansions,
    SpaceFields,
    SpaceId,
    SpaceIdCsv,
    TopicFields,
    UserFields,
)
from .._spec import AuthKind, ToolSpec
from ._mixins import Base32PageToken, TweetFieldsMixin
from .users import UserFieldsMixin

READ = frozenset({"space.read", "tweet.read", "users.read"})
SPACES_READ = frozenset({"spaces", "read"})


class SpaceFieldsMixin(ToolInput):
    """Field and expansion selectors of every tool that returns Spaces."""

    space_fields: SpaceFields = Field(None, alias="space.fields")
    expansions: SpaceExpansions = None
    user_fields: UserFields = Field(None, alias="user.fields")
    topic_fields: TopicFields = Field(None, alias="topic.fields")


class SpaceGetInput(SpaceFieldsMixin):
    id: Annotated[SpaceId, Field(description="ID of the Space, e.g. '1DXxyRYNejbKM'.")]

    example: ClassVar[dict[str, Any]] = {
        "id": "1DXxyRYNejbKM",
        "space.fields": "title,state,host_ids,participant_count",
        "expansions": "host_ids",
        "user.fields": "username",
    }


class SpacesGetInput(SpaceFieldsMixin):
    ids: SpaceIdCsv

    example: ClassVar[dict[str, Any]] = {
        "ids": "1DXxyRYNejbKM,1nAJELYEEPvGL",
        "space.fields": "title,state,scheduled_start",
    }


class SpacesSearchInput(SpaceFieldsMixin):
    query: Annotated[
        str,
        Field(
            min_length=1,
            max_length=2048,
            description="Words to match in Space titles (1-2048 characters).",
        ),
    ]
    state: Annotated[
        Literal["live", "scheduled", "all"] | None,
        Field(
            description=(
                "Which Spaces to return: 'live', 'scheduled' or 'all'. X returns "
                "all when omitted."
            ),
        ),
    ] = None
    max_results: PageSize1To100 = None

    example: ClassVar[dict[str, Any]] = {
        "query": "climate tech",
        "state": "live",
        "max_results": 25,
        "space.fields": "title,participant_count,started_at",
    }


class SpacesByCreatorInput(SpaceFieldsMixin):
    user_ids: SpaceCreatorIdCsv

    example: ClassVar[dict[str, Any]] = {
        "user_ids": "2244994945,783214",
        "space.fields": "title,state,created_at",
    }


class SpacePostsInput(TweetFieldsMixin):
    id: Annotated[SpaceId, Field(description="ID of the Space, e.g. '1DXxyRYNejbKM'.")]
    max_results: PageSize1To100 = None

    example: ClassVar[dict[str, Any]] = {
        "id": "1DXxyRYNejbKM",
        "max_results": 50,
        "tweet.fields": "created_at,author_id",
        "expansions": "author_id",
        "user.fields": "username",
    }


class SpaceBuyersInput(UserFieldsMixin):
    id: Annotated[
        SpaceId, Field(description="ID of a ticketed Space, e.g. '1DXxyRYNejbKM'.")
    ]
    max_results: PageSize1To100 = None
    pagination_token: Base32PageToken = None

    example: ClassVar[dict[str, Any]] = {
        "id": "1DXxyRYNejbKM",
        "max_results": 100,
        "user.fields": "username,public_metrics",
    }


TOOLS = (
    ToolSpec(
        name="twitter_space_get",
        description=(
            "Get one X Space (live, scheduled or ended audio room) by its id: "
            "title, state, hosts, speakers, start time. For several ids at once "
            "use twitter_spaces_get."
        ),
        input_model=SpaceGetInput,
        method="GET",
        path="/2/spaces/{id}",
        operation_id="getSpacesById",
        scopes=READ,
        auth=AuthKind.USER_OR_APP,
        toolsets=SPACES_READ,
    ),
    ToolSpec(
        name="twitter_spaces_get",
        description=(
            "Get up to 100 X Spaces in one call from their ids. Ids that are "
            "unknown or no longer available come back in 'errors'."
        ),
        input_model=SpacesGetInput,
        method="GET",
        path="/2/spaces",
        operation_id="getSpacesByIds",
        scopes=READ,
        auth=AuthKind.USER_OR_APP,
        toolsets=SPACES_READ,
    ),
    ToolSpec(
        name="twitter_spaces_search",
        description=(
            "Find X Spaces whose title matches a text query, optionally only live "
            "or only scheduled ones. Returns one page of up to 100 (no "
            "pagination). Then use twitter_space_get or twitter_space_posts_get."
        ),
        input_model=SpacesSearchInput,
        method="GET",
        path="/2/spaces/search",
        operation_id="searchSpaces",
        scopes=READ,
        auth=AuthKind.USER_OR_APP,
        toolsets=SPACES_READ,
    ),
    ToolSpec(
        name="twitter_spaces_by_creator_get",
        description=(
            "List the live and scheduled Spaces created by up to 100 users, given "
            "their user ids. Use it to check whether an account is hosting now."
        ),
        input_model=SpacesByCreatorInput,
        method="GET",
        path="/2/spaces/by/creator_ids",
        operation_id="getSpacesByCreatorIds",
        scopes=READ,
        auth=AuthKind.USER_OR_APP,
        toolsets=SPACES_READ,
    ),
    ToolSpec(
        name="twitter_space_posts_get",
        description=(
            "Get posts that were shared into a Space while it ran (not a "
            "transcript of the audio). An empty result is common. Up to 100, one "
            "page."
        ),
        input_model=SpacePostsInput,
        method="GET",
        path="/2/spaces/{id}/tweets",
        operation_id="getSpacesPosts",
        scopes=READ,
        auth=AuthKind.USER_OR_APP,
        toolsets=SPACES_READ,
    ),
    ToolSpec(
        name="twitter_space_ticket_buyers_get",
        description=(
            "List the users who bought a ticket to a ticketed Space, 1-100 per "
            "page with pagination_token. Needs a user token, normally that of the "
            "Space's creator; app-only auth is refused."
        ),
        input_model=SpaceBuyersInput,
        method="GET",
        path="/2/spaces/{id}/buyers",
        operation_id="getSpacesBuyers",
        scopes=READ,
        auth=AuthKind.USER,
        page_token="pagination_token",
        toolsets=SPACES_READ,
    ),
)
