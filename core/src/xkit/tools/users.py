"""User lookup tools."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import Field

from .._inputs import ToolInput
from .._params import (
    TweetFields,
    UserExpansions,
    UserFields,
    UserId,
    UserIdCsv,
    Username,
    UsernameCsv,
)
from .._spec import AuthKind, ToolSpec

READ = frozenset({"tweet.read", "users.read"})


class UserFieldsMixin(ToolInput):
    """Field selectors shared by every tool that returns user objects."""

    user_fields: UserFields = Field(None, alias="user.fields")
    expansions: UserExpansions = None
    tweet_fields: TweetFields = Field(None, alias="tweet.fields")


class UserMeInput(UserFieldsMixin):
    example: ClassVar[dict[str, Any]] = {"user.fields": "description,public_metrics"}


class UserLookupInput(UserFieldsMixin):
    id: Annotated[UserId, Field(description="ID of the user to look up.")]

    example: ClassVar[dict[str, Any]] = {"id": "2244994945", "user.fields": "verified"}


class UserByUsernameInput(UserFieldsMixin):
    username: Username

    example: ClassVar[dict[str, Any]] = {"username": "XDevelopers"}


class UsersLookupInput(UserFieldsMixin):
    ids: UserIdCsv

    example: ClassVar[dict[str, Any]] = {"ids": "2244994945,783214"}


class UsersByUsernameInput(UserFieldsMixin):
    usernames: UsernameCsv

    example: ClassVar[dict[str, Any]] = {"usernames": "XDevelopers,jack"}


TOOLS = (
    ToolSpec(
        name="twitter_user_me",
        description=(
            "Get the profile of the signed-in X account (the user the agent acts "
            "for). Call it first when you need your own user id, username or "
            "follower counts; add user.fields=public_metrics,description for more."
        ),
        input_model=UserMeInput,
        method="GET",
        path="/2/users/me",
        operation_id="getUsersMe",
        scopes=READ,
        toolsets=frozenset({"read"}),
    ),
    ToolSpec(
        name="twitter_user_lookup",
        description=(
            "Get one X user's public profile by numeric user id. Use "
            "twitter_user_lookup_by_username when you only know the @handle."
        ),
        input_model=UserLookupInput,
        method="GET",
        path="/2/users/{id}",
        operation_id="getUsersById",
        scopes=READ,
        auth=AuthKind.USER_OR_APP,
        toolsets=frozenset({"read"}),
    ),
    ToolSpec(
        name="twitter_user_lookup_by_username",
        description=(
            "Get one X user's public profile by @handle (without the '@'). "
            "Protected accounts show limited data unless you follow them."
        ),
        input_model=UserByUsernameInput,
        method="GET",
        path="/2/users/by/username/{username}",
        operation_id="getUsersByUsername",
        scopes=READ,
        auth=AuthKind.USER_OR_APP,
        toolsets=frozenset({"read"}),
    ),
    ToolSpec(
        name="twitter_users_lookup",
        description=(
            "Get up to 100 X user profiles in one call from their numeric ids. "
            "Ids that do not exist come back in 'errors' next to the found users."
        ),
        input_model=UsersLookupInput,
        method="GET",
        path="/2/users",
        operation_id="getUsersByIds",
        scopes=READ,
        auth=AuthKind.USER_OR_APP,
        toolsets=frozenset({"read"}),
    ),
    ToolSpec(
        name="twitter_users_lookup_by_username",
        description=(
            "Get up to 100 X user profiles in one call from their @handles "
            "(without '@'). Unknown handles come back in 'errors'."
        ),
        input_model=UsersByUsernameInput,
        method="GET",
        path="/2/users/by",
        operation_id="getUsersByUsernames",
        scopes=READ,
        auth=AuthKind.USER_OR_APP,
        toolsets=frozenset({"read"}),
    ),
)
