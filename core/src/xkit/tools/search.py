"""Post search and post-count tools (recent 7 days and full archive)."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal, TypeAlias

from pydantic import Field

from .. import _vocab
from .._params import (
    PageSize10To100,
    PageSize10To500,
    PaginationToken,
    csv_rules,
)
from .._spec import AuthKind, ToolSpec
from ._mixins import PageMixin, TimeWindowMixin, TweetFieldsMixin

READ = frozenset({"tweet.read", "users.read"})

# The spec allows 4096 characters; the real limit depends on the access tier
# (512 for self-serve recent search, 1024 for full archive), so X enforces it.
Query = Annotated[
    str,
    Field(
        min_length=1,
        max_length=4096,
        description=(
            "X search query, e.g. 'from:XDevelopers -is:retweet has:media' or "
            "'\"exact phrase\" lang:en'. Up to 512 characters on self-serve tiers "
            "(1024 for full archive)."
        ),
    ),
]
SortOrder = Annotated[
    Literal["recency", "relevancy"] | None,
    Field(
        description="'recency' (newest first, the default) or 'relevancy'.",
    ),
]
Granularity = Annotated[
    Literal["minute", "hour", "day"] | None,
    Field(
        description="Bucket size of the counts: 'minute', 'hour' (default) or 'day'."
    ),
]
SearchCountFields: TypeAlias = Annotated[
    str | None, *csv_rules(_vocab.SEARCH_COUNT_FIELDS, "start,end,tweet_count")
]
NextToken = Annotated[
    PaginationToken,
    Field(description="meta.next_token from the previous page; omit for page one."),
]

_QUERY = "from:XDevelopers -is:retweet"


class _ArchiveRules(TimeWindowMixin):
    """Full-archive rule: a time bound and an id bound on the same side clash."""

    exclusive = (("start_time", "since_id"), ("end_time", "until_id"))


class RecentSearchInput(TweetFieldsMixin, TimeWindowMixin, PageMixin):
    query: Query
    max_results: PageSize10To100 = None
    sort_order: SortOrder = None

    example: ClassVar[dict[str, Any]] = {
        "query": _QUERY,
        "max_results": 10,
        "tweet.fields": "created_at,author_id,public_metrics",
        "expansions": "author_id",
    }


class RecentCountsInput(TimeWindowMixin):
    query: Query
    granularity: Granularity = None
    next_token: NextToken = None
    search_count_fields: Annotated[
        SearchCountFields, Field(alias="search_count.fields")
    ] = None

    example: ClassVar[dict[str, Any]] = {"query": _QUERY, "granularity": "day"}


class FullArchiveSearchInput(TweetFieldsMixin, _ArchiveRules):
    query: Query
    max_results: PageSize10To500 = None
    next_token: NextToken = None
    sort_order: SortOrder = None

    example: ClassVar[dict[str, Any]] = {
        "query": _QUERY,
        "start_time": "2020-01-01T00:00:00Z",
        "end_time": "2020-02-01T00:00:00Z",
        "max_results": 100,
    }


class FullArchiveCountsInput(_ArchiveRules):
    query: Query
    granularity: Granularity = None
    next_token: NextToken = None
    search_count_fields: Annotated[
        SearchCountFields, Field(alias="search_count.fields")
    ] = None

    example: ClassVar[dict[str, Any]] = {
        "query": _QUERY,
        "granularity": "day",
        "start_time": "2020-01-01T00:00:00Z",
        "end_time": "2020-02-01T00:00:00Z",
    }


TOOLS = (
    ToolSpec(
        name="twitter_recent_search",
        description=(
            "Search public posts from the last 7 days with X query syntax "
            "(from:user, #tag, -is:retweet, lang:en ...), 10-100 per page. For "
            "older posts use twitter_full_archive_search; for volumes only, "
            "twitter_recent_tweet_counts."
        ),
        input_model=RecentSearchInput,
        method="GET",
        path="/2/tweets/search/recent",
        operation_id="searchPostsRecent",
        scopes=READ,
        auth=AuthKind.USER_OR_APP,
        page_token="pagination_token",
        toolsets=frozenset({"read"}),
    ),
    ToolSpec(
        name="twitter_recent_tweet_counts",
        description=(
            "Count posts matching a search query over the last 7 days, bucketed by "
            "minute, hour or day, without fetching the posts. Needs an app bearer "
            "token."
        ),
        input_model=RecentCountsInput,
        method="GET",
        path="/2/tweets/counts/recent",
        operation_id="getPostsCountsRecent",
        auth=AuthKind.APP,
        page_token="next_token",
        toolsets=frozenset({"read"}),
    ),
    ToolSpec(
        name="twitter_full_archive_search",
        description=(
            "Search all public posts since 2006 with X query syntax, 10-500 per "
            "page. Needs an app bearer token on a Pro/Enterprise (or Academic) plan; "
            "for the last 7 days prefer twitter_recent_search."
        ),
        input_model=FullArchiveSearchInput,
        method="GET",
        path="/2/tweets/search/all",
        operation_id="searchPostsAll",
        auth=AuthKind.APP,
        page_token="next_token",
        toolsets=frozenset({"read"}),
    ),
    ToolSpec(
        name="twitter_full_archive_search_counts",
        description=(
            "Count posts matching a query across the full archive (since 2006), "
            "by minute, hour or day. Needs an app bearer token on a plan with "
            "full-archive access."
        ),
        input_model=FullArchiveCountsInput,
        method="GET",
        path="/2/tweets/counts/all",
        operation_id="getPostsCountsAll",
        auth=AuthKind.APP,
        page_token="next_token",
        toolsets=frozenset({"read"}),
    ),
)
