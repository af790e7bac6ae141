"""Input-model mixins and checks shared across tool domains.

Each mixin is a :class:`~xkit._inputs.ToolInput` subclass holding a group of
optional fields that many tools accept with the same meaning. Domain modules
subclass them (several at once if needed) and add their own fields. The
helpers at the bottom state cross-field rules (mutual exclusion, time order)
with messages that name the wire (dotted) parameters.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Self, TypeAlias

from pydantic import Field, model_validator

from .._inputs import ToolInput
from .._params import (
    EndTime,
    MediaFields,
    PaginationToken,
    StartTime,
    TweetExpansions,
    TweetFields,
    TweetId,
    UserFields,
    csv_rules,
)

__all__ = [
    "Base32PageMixin",
    "Base32PageToken",
    "LongPageMixin",
    "PageMixin",
    "PostExclude",
    "TimeWindowMixin",
    "TweetFieldsMixin",
    "parse_time",
    "split_ids",
]


#: The ``exclude`` filter of post timelines (home timeline, quotes).
PostExclude: TypeAlias = Annotated[
    str | None, *csv_rules(frozenset({"replies", "retweets"}), "retweets,replies")
]


class TweetFieldsMixin(ToolInput):
    """Field and expansion selectors of every tool that returns posts."""

    tweet_fields: TweetFields = Field(None, alias="tweet.fields")
    expansions: TweetExpansions = None
    media_fields: MediaFields = Field(None, alias="media.fields")
    user_fields: UserFields = Field(None, alias="user.fields")


class PageMixin(ToolInput):
    """The ``pagination_token`` cursor of paginated endpoints.

    Page sizes differ per endpoint, so ``max_results`` is declared by each
    model with one of the ``PageSize*`` aliases of :mod:`xkit._params`.
    Endpoints whose spec demands a longer token (``minLength: 16``) should
    redeclare the field.
    """

    pagination_token: PaginationToken = None


#: The cursor of endpoints whose ``next_token`` is a base32 string of at least
#: 16 characters (followers, following, blocking, DM events, Space buyers).
Base32PageToken = Annotated[
    str | None,
    Field(
        min_length=16,
        description=(
            "meta.next_token from the previous page (at least 16 characters); "
            "omit for the first page."
        ),
    ),
]


class Base32PageMixin(ToolInput):
    """``pagination_token`` of endpoints with a :data:`Base32PageToken` cursor."""

    pagination_token: Base32PageToken = None


class LongPageMixin(ToolInput):
    """``pagination_token`` of endpoints whose cursor is a 'long' number string
    of 1-19 characters (List members and followers, a user's Lists, muting)."""

    pagination_token: Annotated[
        str | None,
        Field(
            min_length=1,
            max_length=19,
            description=(
                "meta.next_token from the previous page (1-19 characters); omit "
                "for the first page."
            ),
        ),
    ] = None


# ---------------------------------------------------------------- rule helpers


def split_ids(value: Any) -> Any:
    """Accept '1,2,3' as well as a JSON list of ids (a ``BeforeValidator``)."""
    if isinstance(value, str):
        return [p.strip() for p in value.split(",") if p.strip()]
    return value


def parse_time(value: str) -> datetime:
    """Parse an ISO 8601 timestamp already checked by ``Timestamp``."""
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


class TimeWindowMixin(ToolInput):
    """``start_time``/``end_time`` and ``since_id``/``until_id`` bounds.

    Checks that ``start_time`` is before ``end_time`` and ``since_id`` below
    ``until_id`` when both of a pair are given. Endpoints where a time bound
    and an id bound exclude each other add that rule themselves.
    """

    start_time: StartTime = None
    end_time: EndTime = None
    since_id: Annotated[
        TweetId | None,
        Field(description="Only posts with an id greater (newer) than this post id."),
    ] = None
    until_id: Annotated[
        TweetId | None,
        Field(description="Only posts with an id smaller (older) than this post id."),
    ] = None

    @model_validator(mode="after")
    def _check_window(self) -> Self:
        start, end = self.start_time, self.end_time
        if start and end and parse_time(start) >= parse_time(end):
            raise ValueError("'start_time' must be earlier than 'end_time'")
        since, until = self.since_id, self.until_id
        if since and until and int(since) >= int(until):
            raise ValueError("'since_id' must be smaller than 'until_id'")
        return self
