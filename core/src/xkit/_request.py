"""Turning a validated tool input into an HTTP request (pure functions)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx

from ._inputs import ToolInput
from ._spec import ToolSpec

__all__ = ["PreparedRequest", "prepare", "set_nested"]


@dataclass(frozen=True, slots=True)
class PreparedRequest:
    """A request before credentials and base URL are applied."""

    method: str
    path: str
    params: Mapping[str, str] = field(default_factory=dict)
    json: Mapping[str, Any] | None = None
    local: Mapping[str, Any] = field(default_factory=dict)
    """Arguments for the executor itself (never sent), e.g. stream limits."""

    def to_httpx(
        self, base_url: str, token: str | None, timeout: float | None = None
    ) -> httpx.Request:
        headers = {"Accept": "application/json", "User-Agent": "xkit"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        extensions = {}
        if timeout is not None:
            extensions["timeout"] = httpx.Timeout(timeout).as_dict()
        return httpx.Request(
            self.method,
            base_url.rstrip("/") + self.path,
            params=dict(self.params) or None,
            json=dict(self.json) if self.json is not None else None,
            headers=headers,
            extensions=extensions,
        )

    def describe(self, base_url: str) -> dict[str, Any]:
        """A JSON-able view of the request (no credentials), for dry runs."""
        url = httpx.URL(base_url.rstrip("/") + self.path, params=dict(self.params))
        out: dict[str, Any] = {"method": self.method, "url": str(url)}
        if self.json is not None:
            out["json"] = dict(self.json)
        return out


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(_query_value(v) for v in value)
    return str(value)


def set_nested(body: dict[str, Any], target: str, value: Any) -> None:
    """Set ``value`` at a dotted ``target`` in ``body``; ``a[].b`` wraps in a list."""
    head, dot, rest = target.partition(".")
    if head.endswith("[]"):
        key = head[:-2]
        items = body.setdefault(key, [{}])
        if rest:
            set_nested(items[0], rest, value)
        else:
            body[key] = value if isinstance(value, list) else [value]
        return
    if not dot:
        body[head] = value
        return
    child = body.setdefault(head, {})
    set_nested(child, rest, value)


def prepare(
    spec: ToolSpec, args: ToolInput, *, me_id: str | None = None
) -> PreparedRequest:
    """Build the request for ``spec`` from validated ``args``."""
    path_values: dict[str, str] = {}
    params: dict[str, str] = {}
    body: dict[str, Any] = {}
    local: dict[str, Any] = {}

    def place(location: str, target: str, value: Any) -> None:
        if location == "path":
            path_values[target] = str(value)
        elif location == "query":
            params[target] = _query_value(value)
        elif location == "body":
            set_nested(body, target, value)
        elif location == "local":
            local[target] = value
        else:  # pragma: no cover - guarded by the registry test
            raise ValueError(f"{spec.name}: unknown placement {location!r}")

    for key, value in spec.defaults.items():
        location, _, target = key.partition(":")
        place(location, target, value)
    for name, value in args.wire_args().items():
        place(*spec.placement(name), value)
    for key, value in spec.constants.items():
        location, _, target = key.partition(":")
        place(location, target, value)
    if spec.me is not None:
        if me_id is None:
            raise ValueError(f"{spec.name} needs the authenticated user's id")
        path_values[spec.me] = me_id

    path = spec.path.format_map({k: quote(v, safe="") for k, v in path_values.items()})
    return PreparedRequest(
        method=spec.method,
        path=path,
        params=params,
        json=body if body else None,
        local=local,
    )
