"""Turning a tool result into what a model reads (framework-agnostic).

A raw X result is built for programs: related objects sit apart in
``includes`` and are matched by id, empty fields abound, a page can hold 100
records and a rate-limit block rides along. :func:`shape_result` rewrites it
for a model, as compact JSON:

- every object in ``includes`` is joined into the records that reference it,
  by id or media key (never by position): ``author_id`` becomes ``author``,
  ``attachments.media_keys`` becomes ``attachments.media``, each
  ``referenced_tweets`` entry gets its ``tweet``, and so on; included objects
  nobody references stay under ``includes``;
- nulls, empty strings, lists and objects are dropped;
- a long ``data`` list is cut to ``max_items`` with a note of how many records
  are not shown, and ``meta.next_token`` becomes ``next_page_args``: the exact
  argument to pass to fetch the next page;
- ``rate_limit`` is dropped, or reduced to the remaining calls when few are
  left;
- the text is shrunk (strings clipped, lists cut) until it fits the budget.

The output is always one JSON object, so text written by X users only ever
appears as JSON string values: a post saying "ignore your instructions" reads
as data, never as prose addressed to the model. The full result stays with
the caller (LangChain artifact, LlamaIndex ``raw_output``).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

__all__ = ["shape_error", "shape_result"]

#: Top-level fields that reference included objects:
#: (field, includes bucket, name of the joined field).
_LINKS: tuple[tuple[str, str, str], ...] = (
    ("author_id", "users", "author"),
    ("in_reply_to_user_id", "users", "in_reply_to_user"),
    ("owner_id", "users", "owner"),
    ("sender_id", "users", "sender"),
    ("creator_id", "users", "creator"),
    ("host_ids", "users", "hosts"),
    ("speaker_ids", "users", "speakers"),
    ("invited_user_ids", "users", "invited_users"),
    ("participant_ids", "users", "participants"),
    ("topic_ids", "topics", "topics"),
    ("pinned_tweet_id", "tweets", "pinned_tweet"),
)
#: Fields inside ``attachments`` / ``geo``, joined in place.
_NESTED_LINKS: tuple[tuple[str, str, str, str], ...] = (
    ("attachments", "media_keys", "media", "media"),
    ("attachments", "poll_ids", "polls", "polls"),
    ("geo", "place_id", "places", "place"),
)
_KEY_OF = {"media": "media_key"}  # other buckets are keyed by "id"

_TAIL = "…"
_FEW_CALLS_LEFT = 0.1  # report the rate limit below 10% of the window


def shape_result(
    result: dict[str, Any],
    *,
    budget_chars: int = 6000,
    max_items: int = 20,
    page_token_param: str | None = None,
) -> str:
    """``result`` as compact JSON for a model, within ``budget_chars``.

    Args:
        result: a tool result (X's JSON plus ``rate_limit``); not modified.
        budget_chars: the most characters to return.
        max_items: the most ``data`` records to show.
        page_token_param: the tool's page-token parameter (``ToolSpec.page_token``),
            named in ``next_page_args`` when the result has a next page.
    """
    doc = _restructure(result, page_token_param)
    text = ""
    for items, list_cap, str_cap in _levels(max(1, max_items)):
        text = _dumps(_clip_data(doc, items, list_cap, str_cap))
        if len(text) <= budget_chars:
            return text
    return _fallback(text, budget_chars)


def shape_error(exc: BaseException) -> str:
    """What the model reads for a failed call: the error's short message.

    xkit errors never carry secrets; their ``str()`` is written for a model.
    """
    return str(exc) or type(exc).__name__


# -- restructuring -------------------------------------------------------------


def _restructure(result: dict[str, Any], page_param: str | None) -> dict[str, Any]:
    doc = copy.deepcopy(result)
    includes = doc.pop("includes", None)
    rate = doc.pop("rate_limit", None)
    used: set[tuple[str, str]] = set()

    if isinstance(includes, dict) and includes:
        index = _index(includes)
        # Included posts get their own authors, media and polls (one level only).
        for post in index.get("tweets", {}).values():
            _join(post, index, used, posts=False)
        data = doc.get("data")
        for record in data if isinstance(data, list) else [data]:
            if isinstance(record, dict):
                _join(record, index, used, posts=True)
        rest = {
            bucket: [o for key, o in index[bucket].items() if (bucket, key) not in used]
            for bucket in index
        }
        unkeyed = {b: v for b, v in includes.items() if b not in index}
        doc["includes"] = {**rest, **unkeyed}

    meta = doc.get("meta")
    if page_param and isinstance(meta, dict) and meta.get("next_token"):
        doc["next_page_args"] = {page_param: meta.pop("next_token")}
    if isinstance(rate, dict):
        few = _few_calls_left(rate)
        if few is not None:
            doc["rate_limit"] = few
    pruned = _prune(doc)
    return pruned if isinstance(pruned, dict) else {}


def _index(includes: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    index: dict[str, dict[str, dict[str, Any]]] = {}
    for bucket, objects in includes.items():
        if not isinstance(objects, list):
            continue
        key = _KEY_OF.get(bucket, "id")
        by_key = {str(o[key]): o for o in objects if isinstance(o, dict) and key in o}
        if by_key:
            index[bucket] = by_key
    return index


def _join(
    record: dict[str, Any],
    index: dict[str, dict[str, dict[str, Any]]],
    used: set[tuple[str, str]],
    *,
    posts: bool,
) -> None:
    for field, bucket, name in _LINKS:
        if posts or bucket != "tweets":
            _link(record, field, index.get(bucket, {}), bucket, name, used)
    for parent, field, bucket, name in _NESTED_LINKS:
        inner = record.get(parent)
        if isinstance(inner, dict):
            _link(inner, field, index.get(bucket, {}), bucket, name, used)
    refs = record.get("referenced_tweets")
    if posts and isinstance(refs, list):
        for ref in refs:
            if isinstance(ref, dict):
                _link(ref, "id", index.get("tweets", {}), "tweets", "tweet", used)


def _link(
    record: dict[str, Any],
    field: str,
    objects: dict[str, dict[str, Any]],
    bucket: str,
    name: str,
    used: set[tuple[str, str]],
) -> None:
    value = record.get(field)
    if value is None or not objects:
        return
    keys = [str(v) for v in value] if isinstance(value, list) else [str(value)]
    found = [k for k in keys if k in objects]
    if not found:
        return
    used.update((bucket, k) for k in found)
    joined = [copy.deepcopy(objects[k]) for k in found]
    record[name] = joined if isinstance(value, list) else joined[0]
    if len(found) == len(keys):
        del record[field]  # the joined objects carry their ids


def _few_calls_left(rate: dict[str, Any]) -> dict[str, Any] | None:
    remaining, limit = rate.get("remaining"), rate.get("limit")
    if not isinstance(remaining, int):
        return None
    if isinstance(limit, int) and limit > 0 and remaining > limit * _FEW_CALLS_LEFT:
        return None
    if not isinstance(limit, int) and remaining > 1:
        return None
    return {"remaining": remaining, "reset": rate.get("reset")}


def _prune(value: Any) -> Any:
    """Drop nulls and empty strings, lists and objects, recursively."""
    if isinstance(value, dict):
        out = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if not _empty(v)}
    if isinstance(value, list):
        return [v for v in map(_prune, value) if not _empty(v)]
    return value


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | dict) and not value)


# -- fitting the budget --------------------------------------------------------


def _levels(max_items: int) -> Iterator[tuple[int, int | None, int | None]]:
    """Ever smaller (data records, nested list length, string length) limits."""
    yield max_items, None, None
    yield max_items, None, 280
    yield max_items, 10, 280
    items = max_items
    while items > 1:
        items //= 2
        yield items, 10, 280
    yield 1, 3, 80


def _clip_data(
    doc: dict[str, Any], items: int, list_cap: int | None, str_cap: int | None
) -> dict[str, Any]:
    out = {k: _clip(v, list_cap, str_cap) for k, v in doc.items() if k != "data"}
    data = doc.get("data")
    if isinstance(data, list) and len(data) > items:
        hidden = len(data) - items
        out["not_shown"] = (
            f"{hidden} of {len(data)} records are not shown here; ask for fewer "
            "(max_results) or narrower fields to see them all."
        )
        data = data[:items]
    if data is not None:
        out = {"data": _clip(data, list_cap, str_cap), **out}
    return out


def _clip(value: Any, list_cap: int | None, str_cap: int | None) -> Any:
    if isinstance(value, str):
        if str_cap is not None and len(value) > str_cap:
            return value[: str_cap - 1] + _TAIL
        return value
    if isinstance(value, dict):
        return {k: _clip(v, list_cap, str_cap) for k, v in value.items()}
    if isinstance(value, list):
        shown = value if list_cap is None else value[:list_cap]
        out = [_clip(v, list_cap, str_cap) for v in shown]
        if len(shown) < len(value):
            out.append(f"{_TAIL} {len(value) - len(shown)} more not shown")
        return out
    return value


def _fallback(text: str, budget: int) -> str:
    note = "The result is too large to show whole; this is the start of it."
    size = max(0, budget - len(note) - 40)
    while True:
        out = _dumps({"not_shown": note, "partial_json": text[:size] + _TAIL})
        if len(out) <= budget or size == 0:
            return out
        size = max(0, size - (len(out) - budget) - 8)


def _dumps(doc: Any) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), default=str)
