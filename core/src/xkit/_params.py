"""Parameter shapes shared by many tools, defined once.

Each is an ``Annotated`` type carrying its validation rule and a description
written for an LLM reader. Tool models use them as field annotations and may
refine the description with another ``Field(description=...)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field

from . import _vocab

__all__ = [
    "CsvIds",
    "DmConversationId",
    "EndTime",
    "ListId",
    "MaxResults",
    "MediaId",
    "PaginationToken",
    "SpaceId",
    "StartTime",
    "Timestamp",
    "TweetId",
    "UserId",
    "Username",
    "csv_of",
    "max_results",
]

NUMERIC_ID = r"^[0-9]{1,19}$"


def _id(what: str, example: str) -> Any:
    return Field(
        pattern=NUMERIC_ID,
        description=f"{what}, 1-19 digits.",
    )


TweetId = Annotated[str, _id("Post (tweet) ID", "1460323737035677698")]
UserId = Annotated[str, _id("User ID", "2244994945")]
ListId = Annotated[str, _id("List ID", "1146654567674912769")]
MediaId = Annotated[str, _id("Media ID returned by an upload", "1146654567674912769")]
SpaceId = Annotated[
    str,
    Field(
        pattern=r"^[a-zA-Z0-9]{1,13}$",
        description="Space ID: 1-13 letters or digits, e.g. '1DXxyRYNejbKM'.",
    ),
]
DmConversationId = Annotated[
    str,
    Field(
        pattern=r"^([0-9]{1,19}-[0-9]{1,19}|[0-9]{15,19})$",
        description=(
            "DM conversation ID: '<user id>-<user id>' for one-to-one chats or a "
            "15-19 digit number for group chats."
        ),
    ),
]
Username = Annotated[
    str,
    BeforeValidator(lambda v: v.lstrip("@") if isinstance(v, str) else v),
    Field(
        pattern=r"^[A-Za-z0-9_]{1,15}$",
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


def csv_of(values: frozenset[str], what: str, examples: str) -> Any:
    """A comma-separated list restricted to ``values``; lists are accepted too."""
    return Annotated[
        str | None,
        BeforeValidator(_to_csv),
        AfterValidator(_allowed(values)),
        Field(description=f"Comma-separated, e.g. '{examples}'."),
    ]


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


def CsvIds(what: str, high: int = 100, pattern: str = NUMERIC_ID) -> Any:  # noqa: N802
    """A comma-separated list of 1..``high`` ids; a JSON list is accepted too."""
    return Annotated[
        str,
        BeforeValidator(_to_csv),
        AfterValidator(_ids_list(pattern, 1, high)),
        Field(description=f"Comma-separated {what} (1-{high}), e.g. '123,456'."),
    ]


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


Timestamp = Annotated[
    str,
    AfterValidator(_iso8601),
    Field(description="UTC timestamp in ISO 8601, YYYY-MM-DDTHH:MM:SSZ."),
]
StartTime = Annotated[
    str | None,
    AfterValidator(lambda v: v and _iso8601(v)),
    Field(description="Oldest time, ISO 8601 (YYYY-MM-DDTHH:MM:SSZ)."),
]
EndTime = Annotated[
    str | None,
    AfterValidator(lambda v: v and _iso8601(v)),
    Field(description="Newest time, ISO 8601 (YYYY-MM-DDTHH:MM:SSZ)."),
]
PaginationToken = Annotated[
    str | None,
    Field(
        min_length=1,
        description="meta.next_token of the previous page.",
    ),
]


def MaxResults(low: int, high: int, default: int | None = None) -> Any:  # noqa: N802
    """A page size in [low, high] (the endpoint's own bounds from the spec).

    Use as ``max_results: MaxResults(1, 100) = None``: a lower-case helper of
    the same name as the field would be shadowed inside the class body.
    """
    note = f" X uses {default} when omitted." if default else ""
    return Annotated[
        int | None,
        Field(ge=low, le=high, description=f"Results per page, {low}-{high}.{note}"),
    ]


max_results = MaxResults  # kept for existing imports; prefer MaxResults

# Field and expansion selectors, restricted to the values the spec allows.
TweetFields = csv_of(
    _vocab.TWEET_FIELDS, "post fields to return", "created_at,public_metrics"
)
UserFields = csv_of(
    _vocab.USER_FIELDS, "user fields to return", "description,public_metrics"
)
MediaFields = csv_of(
    _vocab.MEDIA_FIELDS, "media fields for expanded media", "url,alt_text,type"
)
PollFields = csv_of(_vocab.POLL_FIELDS, "poll fields", "options,voting_status")
PlaceFields = csv_of(_vocab.PLACE_FIELDS, "place fields", "full_name,country")
ListFields = csv_of(_vocab.LIST_FIELDS, "list fields", "description,member_count")
SpaceFields = csv_of(_vocab.SPACE_FIELDS, "Space fields", "title,state,host_ids")
TopicFields = csv_of(_vocab.TOPIC_FIELDS, "topic fields", "name,description")
DmEventFields = csv_of(
    _vocab.DM_EVENT_FIELDS, "DM event fields", "created_at,sender_id,text"
)
TweetExpansions = csv_of(
    _vocab.TWEET_EXPANSIONS,
    "objects to expand into 'includes'",
    "author_id,attachments.media_keys",
)
UserExpansions = csv_of(
    _vocab.USER_EXPANSIONS, "objects to expand into 'includes'", "pinned_tweet_id"
)
ListExpansions = csv_of(
    _vocab.LIST_EXPANSIONS, "objects to expand into 'includes'", "owner_id"
)
SpaceExpansions = csv_of(
    _vocab.SPACE_EXPANSIONS, "objects to expand into 'includes'", "creator_id,host_ids"
)
DmEventExpansions = csv_of(
    _vocab.DM_EVENT_EXPANSIONS, "objects to expand into 'includes'", "sender_id"
)
