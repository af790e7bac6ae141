"""Parameter shapes shared by many tools, defined once.

Each is an ``Annotated`` type carrying its validation rule and a description
written for an LLM reader. Tool models use them as field annotations and may
refine the description with another ``Field(description=...)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Annotated, Any, TypeAlias

from pydantic import AfterValidator, BeforeValidator, Field

from . import _vocab

__all__ = [
    "NUMERIC_ID",
    "SPACE_ID",
    "USERNAME",
    "DmConversationId",
    "DmEventExpansions",
    "DmEventFields",
    "EndTime",
    "ListExpansions",
    "ListFields",
    "ListId",
    "MediaFields",
    "MediaId",
    "PageSize1To100",
    "PageSize1To100NoDefault",
    "PageSize1To1000",
    "PageSize1To1000NoDefault",
    "PageSize5To100NoDefault",
    "PageSize10To100",
    "PageSize10To500",
    "PaginationToken",
    "PlaceFields",
    "PollFields",
    "SpaceCreatorIdCsv",
    "SpaceExpansions",
    "SpaceFields",
    "SpaceId",
    "SpaceIdCsv",
    "StartTime",
    "Timestamp",
    "TopicFields",
    "TweetExpansions",
    "TweetFields",
    "TweetId",
    "TweetIdCsv",
    "UserExpansions",
    "UserFields",
    "UserId",
    "UserIdCsv",
    "Username",
    "UsernameCsv",
    "csv_rules",
    "id_list_rules",
    "page_size",
]

NUMERIC_ID = r"^[0-9]{1,19}$"
SPACE_ID = r"^[a-zA-Z0-9]{1,13}$"
USERNAME = r"^[A-Za-z0-9_]{1,15}$"


def _id(what: str, example: str) -> Any:
    return Field(
        pattern=NUMERIC_ID,
        description=f"{what}, 1-19 digits.",
    )


TweetId: TypeAlias = Annotated[str, _id("Post (tweet) ID", "1460323737035677698")]
UserId: TypeAlias = Annotated[str, _id("User ID", "2244994945")]
ListId: TypeAlias = Annotated[str, _id("List ID", "1146654567674912769")]
MediaId: TypeAlias = Annotated[
    str, _id("Media ID returned by an upload", "1146654567674912769")
]
SpaceId: TypeAlias = Annotated[
    str,
    Field(
        pattern=SPACE_ID,
        description="Space ID: 1-13 letters or digits, e.g. '1DXxyRYNejbKM'.",
    ),
]
DmConversationId: TypeAlias = Annotated[
    str,
    Field(
        pattern=r"^([0-9]{1,19}-[0-9]{1,19}|[0-9]{15,19})$",
        description=(
            "DM conversation ID: '<user id>-<user id>' for one-to-one chats or a "
            "15-19 digit number for group chats."
        ),
    ),
]
Username: TypeAlias = Annotated[
    str,
    BeforeValidator(lambda v: v.lstrip("@") if isinstance(v, str) else v),
    Field(
        pattern=USERNAME,
        description="Username without '@': 1-15 letters, digits or underscores.",
    ),
]


def _to_csv(value: Any) -> Any:
    """Accept a list or a comma-separated string; normalise to 'a,b,c'."""
    if isinstance(value, str):
        value = value.split(",")
    if isinstance(value, Iterable) and not isinstance(value, (bytes, dict)):
        parts = [str(p).strip() for p in value]
        return ",".join(p for p in parts if p)
    return value


def _allowed(values: frozenset[str]) -> Callable[[str | None], str | None]:
    def check(value: str | None) -> str | None:
        if not value:
            return None
        bad = [v for v in value.split(",") if v not in values]
        if bad:
            choices = ", ".join(sorted(values))
            raise ValueError(f"unknown value(s) {', '.join(bad)}; allowed: {choices}")
        return value

    return check


def csv_rules(values: frozenset[str], examples: str) -> tuple[Any, ...]:
    """Metadata of a comma-separated list restricted to ``values``.

    Unpack it into ``Annotated[str | None, *csv_rules(...)]``; a JSON list is
    accepted too and normalised to ``'a,b,c'``.
    """
    return (
        BeforeValidator(_to_csv),
        AfterValidator(_allowed(values)),
        Field(description=f"Comma-separated, e.g. '{examples}'."),
    )


def _ids_list(pattern: str, low: int, high: int) -> Callable[[str], str]:
    import re

    rx = re.compile(pattern)

    def check(value: str) -> str:
        ids = value.split(",") if value else []
        if not low <= len(ids) <= high:
            raise ValueError(f"must hold {low}-{high} ids, got {len(ids)}")
        bad = [i for i in ids if not rx.match(i)]
        if bad:
            raise ValueError(f"{bad[0]!r} is not a valid id (digits only)")
        return value

    return check


def id_list_rules(
    what: str, high: int = 100, pattern: str = NUMERIC_ID
) -> tuple[Any, ...]:
    """Metadata of a comma-separated list of 1..``high`` ids matching ``pattern``.

    Unpack it into ``Annotated[str, *id_list_rules(...)]``; a JSON list is
    accepted too.
    """
    return (
        BeforeValidator(_to_csv),
        AfterValidator(_ids_list(pattern, 1, high)),
        Field(description=f"Comma-separated {what} (1-{high}), e.g. '123,456'."),
    )


def _iso8601(value: str) -> str:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            "must be an ISO 8601 timestamp such as 2026-01-31T12:00:00Z"
        ) from None
    if parsed.tzinfo is None:
        raise ValueError("must include a timezone, e.g. 2026-01-31T12:00:00Z")
    return value


Timestamp: TypeAlias = Annotated[
    str,
    AfterValidator(_iso8601),
    Field(description="UTC timestamp in ISO 8601, YYYY-MM-DDTHH:MM:SSZ."),
]
StartTime: TypeAlias = Annotated[
    str | None,
    AfterValidator(lambda v: v and _iso8601(v)),
    Field(description="Oldest time, ISO 8601 (YYYY-MM-DDTHH:MM:SSZ)."),
]
EndTime: TypeAlias = Annotated[
    str | None,
    AfterValidator(lambda v: v and _iso8601(v)),
    Field(description="Newest time, ISO 8601 (YYYY-MM-DDTHH:MM:SSZ)."),
]
PaginationToken: TypeAlias = Annotated[
    str | None,
    Field(
        min_length=1,
        description="meta.next_token of the previous page.",
    ),
]


def page_size(low: int, high: int, default: int | None = None) -> Any:
    """The ``Field`` of a page size in [low, high] (the endpoint's spec bounds).

    ``default`` is only documented (X applies it server-side); the field itself
    defaults to ``None`` so that omitted sizes are not sent.
    """
    note = f" X uses {default} when omitted." if default else ""
    return Field(ge=low, le=high, description=f"Results per page, {low}-{high}.{note}")


# Page sizes, one alias per bounds/default pair used by some endpoint. Use as
# ``max_results: PageSize1To100 = None``.
PageSize1To100: TypeAlias = Annotated[int | None, page_size(1, 100, 100)]
PageSize1To100NoDefault: TypeAlias = Annotated[int | None, page_size(1, 100)]
PageSize5To100NoDefault: TypeAlias = Annotated[int | None, page_size(5, 100)]
PageSize10To100: TypeAlias = Annotated[int | None, page_size(10, 100, 10)]
PageSize10To500: TypeAlias = Annotated[int | None, page_size(10, 500, 10)]
PageSize1To1000: TypeAlias = Annotated[int | None, page_size(1, 1000, 100)]
PageSize1To1000NoDefault: TypeAlias = Annotated[int | None, page_size(1, 1000)]

# Comma-separated id lists (a JSON list is accepted too).
TweetIdCsv: TypeAlias = Annotated[str, *id_list_rules("post IDs")]
UserIdCsv: TypeAlias = Annotated[str, *id_list_rules("user IDs")]
SpaceCreatorIdCsv: TypeAlias = Annotated[
    str, *id_list_rules("user IDs of Space creators")
]
UsernameCsv: TypeAlias = Annotated[
    str, *id_list_rules("usernames without '@'", pattern=USERNAME)
]
SpaceIdCsv: TypeAlias = Annotated[
    str, *id_list_rules("Space IDs (letters and digits)", pattern=SPACE_ID)
]

# Field and expansion selectors, restricted to the values the spec allows.
TweetFields: TypeAlias = Annotated[
    str | None, *csv_rules(_vocab.TWEET_FIELDS, "created_at,public_metrics")
]
UserFields: TypeAlias = Annotated[
    str | None, *csv_rules(_vocab.USER_FIELDS, "description,public_metrics")
]
MediaFields: TypeAlias = Annotated[
    str | None, *csv_rules(_vocab.MEDIA_FIELDS, "url,alt_text,type")
]
PollFields: TypeAlias = Annotated[
    str | None, *csv_rules(_vocab.POLL_FIELDS, "options,voting_status")
]
PlaceFields: TypeAlias = Annotated[
    str | None, *csv_rules(_vocab.PLACE_FIELDS, "full_name,country")
]
ListFields: TypeAlias = Annotated[
    str | None, *csv_rules(_vocab.LIST_FIELDS, "description,member_count")
]
SpaceFields: TypeAlias = Annotated[
    str | None, *csv_rules(_vocab.SPACE_FIELDS, "title,state,host_ids")
]
TopicFields: TypeAlias = Annotated[
    str | None, *csv_rules(_vocab.TOPIC_FIELDS, "name,description")
]
DmEventFields: TypeAlias = Annotated[
    str | None, *csv_rules(_vocab.DM_EVENT_FIELDS, "created_at,sender_id,text")
]
TweetExpansions: TypeAlias = Annotated[
    str | None,
    *csv_rules(_vocab.TWEET_EXPANSIONS, "author_id,attachments.media_keys"),
]
UserExpansions: TypeAlias = Annotated[
    str | None, *csv_rules(_vocab.USER_EXPANSIONS, "pinned_tweet_id")
]
ListExpansions: TypeAlias = Annotated[
    str | None, *csv_rules(_vocab.LIST_EXPANSIONS, "owner_id")
]
SpaceExpansions: TypeAlias = Annotated[
    str | None, *csv_rules(_vocab.SPACE_EXPANSIONS, "creator_id,host_ids")
]
DmEventExpansions: TypeAlias = Annotated[
    str | None, *csv_rules(_vocab.DM_EVENT_EXPANSIONS, "sender_id")
]
