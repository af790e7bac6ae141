"""Generic query and path parameter checks driven by the spec (400 invalid-request)."""

from __future__ import annotations

from collections.abc import Mapping

from ._clock import parse_time
from ._errors import invalid_request
from ._spec import Operation, Param

__all__ = ["normalize_query", "validate_params"]


def _bad(param: Param, message: str, value: str) -> None:
    raise invalid_request(message, {param.name: [value]})


def _check_value(param: Param, value: str) -> None:
    where = f"The `{param.name}` {param.location} parameter value [{value}]"
    if param.enum is not None and value not in param.enum:
        _bad(param, f"{where} is not one of [{','.join(sorted(param.enum))}]", value)
    if param.pattern is not None and not param.pattern.fullmatch(value):
        _bad(param, f"{where} does not match {param.pattern.pattern}", value)
    if param.format == "date-time" and parse_time(value) is None:
        _bad(param, f"{where} is not a valid RFC 3339 date-time", value)


def _check(param: Param, value: str) -> None:
    if param.kind == "array":
        items = value.split(",")
        low, high = param.min_items or 1, param.max_items
        if len(items) < low or (high is not None and len(items) > high):
            limit = f"between {low} and {high}" if high else f"at least {low}"
            message = (
                f"The number of values in the `{param.name}` query parameter list "
                f"[{len(items)}] is not {limit}"
            )
            _bad(param, message, value)
        for item in items:
            _check_value(param, item)
        return
    if param.kind == "integer":
        try:
            number = int(value)
        except ValueError:
            _bad(
                param,
                f"The `{param.name}` query parameter value [{value}] is not a number",
                value,
            )
            return
        low = param.minimum if param.minimum is not None else -(2**63)
        high = param.maximum if param.maximum is not None else 2**63
        if not low <= number <= high:
            message = (
                f"The `{param.name}` query parameter value [{value}] is not between "
                f"{param.minimum} and {param.maximum}"
            )
            _bad(param, message, value)
        return
    if param.kind == "boolean" and value not in {"true", "false"}:
        _bad(
            param,
            f"The `{param.name}` query parameter value [{value}] is not a boolean",
            value,
        )
    _check_value(param, value)


def validate_params(
    op: Operation, path_params: Mapping[str, str], query: Mapping[str, str]
) -> None:
    """Raise a 400 `ApiError` for unknown, missing or malformed parameters."""
    allowed = op.query_params()
    for name, value in query.items():
        if name not in allowed:
            message = (
                f"The query parameter [{name}] is not one of "
                f"[{','.join(sorted(allowed))}]"
            )
            raise invalid_request(message, {name: [value]})
    for name, param in allowed.items():
        given = query.get(name)
        if given is None or given == "":
            if param.required:
                raise invalid_request(
                    f"The `{name}` query parameter can not be empty", {name: [""]}
                )
            continue
        _check(param, given)
    for name, value in path_params.items():
        found = op.params.get(name)
        if found is not None and found.location == "path":
            _check(found, value)


QUERY_ALIASES = {"post.fields": "tweet.fields"}
EXPANSION_ALIASES = {
    "pinned_post_id": "pinned_tweet_id",
    "most_recent_post_id": "most_recent_tweet_id",
    "referenced_posts": "referenced_tweets.id",
    "referenced_posts.author_id": "referenced_tweets.id.author_id",
}


def normalize_query(query: dict[str, str]) -> dict[str, str]:
    """Accept the 2.167 spellings (`post.fields`, `pinned_post_id`...) as aliases."""
    for alias, name in QUERY_ALIASES.items():
        if alias in query:
            merged = ",".join(filter(None, [query.pop(name, ""), query.pop(alias)]))
            query[name] = merged
    if "expansions" in query:
        values = query["expansions"].split(",")
        query["expansions"] = ",".join(EXPANSION_ALIASES.get(v, v) for v in values)
    return query
