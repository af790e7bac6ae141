"""Following a paginated tool from page to page, written once for both drivers.

:func:`paginate_flow` is a flow (see :mod:`xkit._steps`) that runs a tool's
call flow once per page, feeding each page's ``meta.next_token`` into the
tool's page-token parameter (:attr:`~xkit.ToolSpec.page_token`), until X
reports no further page or a bound is reached, and returns one merged result.
Merging is done by the pure :class:`PageMerger`; :func:`next_page` is the
cursor step that the page-by-page iterators of the toolkit share.

The merged result keeps X's shape, so code that reads one page reads it too::

    {"data": [...all items...],
     "includes": {"users": [...de-duplicated by id...], ...},
     "errors": [...partial errors of every page...],
     "meta": {...the last page's meta...},
     "rate_limit": {...the last page's figures...},
     "pagination": {"pages": 3, "stopped": "end", "next_token": None}}

``pagination.stopped`` says why it ended: ``"end"`` (no further page),
``"max_pages"``, ``"max_items"`` (items past the cap on the last page are
dropped) or ``"error"`` (a later page failed; ``pagination.error`` holds the
message and the pages fetched so far are kept). ``pagination.next_token``
resumes after the last fetched page.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ._errors import (
    ApiError,
    ConfigurationError,
    FieldError,
    TransportError,
    ValidationFailed,
)
from ._executor import CallContext, call_flow
from ._inputs import ToolInput
from ._spec import ToolSpec
from ._steps import Flow

__all__ = [
    "DEFAULT_MAX_PAGES",
    "PageMerger",
    "Stopped",
    "check_paginated",
    "next_page",
    "next_token",
    "paginate_flow",
]

DEFAULT_MAX_PAGES = 10

Stopped = Literal["end", "max_pages", "max_items", "error"]


def check_paginated(
    spec: ToolSpec, max_pages: int, max_items: int | None = None
) -> str:
    """The tool's page-token parameter; raise if it cannot be paginated so."""
    if spec.page_token is None:
        raise ConfigurationError(
            f"{spec.name} does not return pages, so it cannot be paginated. "
            "Call it once instead (Toolkit.call)."
        )
    problems = []
    if isinstance(max_pages, bool) or not isinstance(max_pages, int) or max_pages < 1:
        problems.append(FieldError("max_pages", "must be a whole number of at least 1"))
    if max_items is not None and (
        isinstance(max_items, bool) or not isinstance(max_items, int) or max_items < 1
    ):
        problems.append(FieldError("max_items", "must be a whole number of at least 1"))
    if problems:
        raise ValidationFailed(spec.name, problems)
    return spec.page_token


def next_token(page: Mapping[str, Any]) -> str | None:
    """``meta.next_token`` of a page, or None on the last page."""
    meta = page.get("meta")
    token = meta.get("next_token") if isinstance(meta, Mapping) else None
    return token if isinstance(token, str) and token else None


def next_page(
    spec: ToolSpec, args: ToolInput, page: Mapping[str, Any]
) -> ToolInput | None:
    """The arguments for the page after ``page``, or None when there is none.

    A cursor equal to the one just used also ends the walk: a server that
    keeps returning the same token would otherwise be paged until a bound.
    """
    token = next_token(page)
    param = spec.page_token
    if token is None or param is None:
        return None
    name = _field_name(type(args), param)
    if getattr(args, name, None) == token:
        return None
    return args.model_copy(update={name: token})


def _field_name(model: type[ToolInput], wire: str) -> str:
    for name, info in model.model_fields.items():
        if wire in (name, info.alias):
            return name
    raise ConfigurationError(  # pragma: no cover - guarded by the registry test
        f"{model.__name__} has no page-token field {wire!r}."
    )


def _key(item: Any) -> str:
    """Identity of an ``includes`` entry: its id, media key, else its content."""
    if isinstance(item, Mapping):
        for name in ("id", "media_key"):
            value = item.get(name)
            if isinstance(value, str | int) and not isinstance(value, bool):
                return f"{name}:{value}"
    return "json:" + json.dumps(item, sort_keys=True, default=str)


@dataclass(slots=True)
class PageMerger:
    """Accumulates pages into one result (pure; no I/O)."""

    max_items: int | None = None
    pages: int = 0
    data: list[Any] = field(default_factory=list)
    includes: dict[str, list[Any]] = field(default_factory=dict)
    errors: list[Any] = field(default_factory=list)
    meta: Any = None
    rate_limit: Any = None
    _seen: dict[str, set[str]] = field(default_factory=dict)

    @property
    def full(self) -> bool:
        return self.max_items is not None and len(self.data) >= self.max_items

    def add(self, page: Mapping[str, Any]) -> None:
        self.pages += 1
        items = page.get("data")
        if isinstance(items, list):
            room = None if self.max_items is None else self.max_items - len(self.data)
            self.data.extend(items if room is None else items[: max(room, 0)])
        elif items is not None and not self.full:
            self.data.append(items)
        includes = page.get("includes")
        if isinstance(includes, Mapping):
            for kind, entries in includes.items():
                if isinstance(entries, list):
                    self._include(str(kind), entries)
        errors = page.get("errors")
        if isinstance(errors, list):
            self.errors.extend(errors)
        if "meta" in page:
            self.meta = page["meta"]
        if "rate_limit" in page:
            self.rate_limit = page["rate_limit"]

    def _include(self, kind: str, entries: list[Any]) -> None:
        kept = self.includes.setdefault(kind, [])
        seen = self._seen.setdefault(kind, set())
        for entry in entries:
            key = _key(entry)
            if key not in seen:
                seen.add(key)
                kept.append(entry)

    def result(
        self, stopped: Stopped, resume: str | None, error: str | None = None
    ) -> dict[str, Any]:
        out: dict[str, Any] = {"data": self.data}
        if self.includes:
            out["includes"] = self.includes
        if self.errors:
            out["errors"] = self.errors
        if self.meta is not None:
            out["meta"] = self.meta
        if self.rate_limit is not None:
            out["rate_limit"] = self.rate_limit
        paging: dict[str, Any] = {
            "pages": self.pages,
            "stopped": stopped,
            "next_token": resume,
        }
        if error is not None:
            paging["error"] = error
        out["pagination"] = paging
        return out


def paginate_flow(
    ctx: CallContext,
    spec: ToolSpec,
    args: ToolInput,
    *,
    max_pages: int = DEFAULT_MAX_PAGES,
    max_items: int | None = None,
) -> Flow[dict[str, Any]]:
    """Fetch up to ``max_pages`` pages (and ``max_items`` items); merge them.

    Each page is one ordinary call (retries, rate-limit waits and token
    refresh apply per page). A failure on the first page raises; a failure on
    a later page ends the walk with the pages fetched so far.
    """
    check_paginated(spec, max_pages, max_items)
    merger = PageMerger(max_items)
    current = args
    while True:
        try:
            page = yield from call_flow(ctx, spec, current)
        except (ApiError, TransportError) as exc:
            if merger.pages == 0:
                raise
            resume = getattr(current, _field_name(type(current), spec.page_token or ""))
            return merger.result("error", resume, str(exc))
        merger.add(page)
        following = next_page(spec, current, page)
        if following is None:
            return merger.result("end", None)
        if merger.full:
            return merger.result("max_items", next_token(page))
        if merger.pages >= max_pages:
            return merger.result("max_pages", next_token(page))
        current = following
