"""Tool specifications: endpoint knowledge as data.

One frozen :class:`ToolSpec` per tool says everything the executor needs: the
input model, the HTTP method and path template, where each argument goes on
the wire, the OAuth scopes and auth kind, pagination and behaviour hints.
Specs are grouped by domain in :mod:`xkit.tools`.

Wire placement. By default a parameter whose wire name is a path placeholder
goes in the path, otherwise in the query string for GET/DELETE and in the JSON
body for POST/PUT, where dots nest objects (``poll.options`` becomes
``{"poll": {"options": ...}}``). ``wire`` overrides this per parameter with
``"query:<name>"``, ``"path:<name>"`` or ``"body:<dotted.path>"``; a ``[]`` in
a body path wraps the value in a one-element list of objects
(``body:attachments[].media_id`` becomes ``{"attachments": [{"media_id": v}]}``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Literal

from ._inputs import ToolInput, python_named

__all__ = ["AuthKind", "HttpMethod", "ToolSpec"]

HttpMethod = Literal["GET", "POST", "PUT", "DELETE"]
_PLACEHOLDER = re.compile(r"{(\w+)}")


class AuthKind(StrEnum):
    """Which credential a tool needs."""

    USER = "user"
    """An OAuth 2.0 user access token (acts on behalf of a user)."""
    APP = "app"
    """An app-only bearer token (no user context)."""
    USER_OR_APP = "user_or_app"
    """Either; a user token is preferred when both are configured."""
    NONE = "none"
    """No credential at all."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ToolSpec:
    """Everything xkit knows about one tool. Immutable; safe to share."""

    name: str
    description: str
    input_model: type[ToolInput]
    method: HttpMethod
    path: str
    operation_id: str
    scopes: frozenset[str] = frozenset()
    auth: AuthKind = AuthKind.USER
    wire: Mapping[str, str] = field(default_factory=dict)
    """Per-parameter placement overrides, keyed by the parameter's wire name."""
    me: str | None = None
    """Path placeholder filled with the authenticated user's id."""
    constants: Mapping[str, Any] = field(default_factory=dict)
    """Fixed values always sent, keyed by placement (``"body:conversation_type"``)."""
    defaults: Mapping[str, Any] = field(default_factory=dict)
    """Values sent when the caller gives none, keyed by placement."""
    page_token: str | None = None
    """Input parameter that takes ``meta.next_token`` to fetch the next page."""
    flow: str | None = None
    """Name of a composed multi-request flow (media uploads, streams)."""
    toolsets: frozenset[str] = frozenset()
    read_only: bool | None = None
    destructive: bool | None = None
    idempotent: bool | None = None

    def __post_init__(self) -> None:
        # Derive the hints from the method unless a spec states them.
        get = self.method == "GET"
        if self.read_only is None:
            object.__setattr__(self, "read_only", get)
        if self.destructive is None:
            object.__setattr__(self, "destructive", self.method == "DELETE")
        if self.idempotent is None:
            object.__setattr__(self, "idempotent", self.method != "POST")
        object.__setattr__(self, "wire", MappingProxyType(dict(self.wire)))
        object.__setattr__(self, "constants", MappingProxyType(dict(self.constants)))
        object.__setattr__(self, "defaults", MappingProxyType(dict(self.defaults)))

    @property
    def path_params(self) -> tuple[str, ...]:
        return tuple(_PLACEHOLDER.findall(self.path))

    def placement(self, wire_name: str) -> tuple[str, str]:
        """Where the parameter ``wire_name`` goes: ``(location, target)``."""
        where = self.wire.get(wire_name)
        if where is not None:
            location, _, target = where.partition(":")
            return location, target
        if wire_name in self.path_params:
            return "path", wire_name
        if self.method in ("GET", "DELETE"):
            return "query", wire_name
        return "body", wire_name

    @property
    def input_schema(self) -> dict[str, Any]:
        """JSON Schema of the arguments, with the wire (dotted) names."""
        return _schema(self.input_model, by_alias=True)

    def schema(self, *, dotted: bool = True) -> dict[str, Any]:
        """JSON Schema of the arguments; ``dotted=False`` gives Python names
        (``tweet_fields``) for model providers that reject dots in keys."""
        return _schema(self.input_model, by_alias=dotted)

    def model_for(self, *, dotted: bool = True) -> type[ToolInput]:
        """The input model to hand to a framework: as is (dotted names in its
        schema) or a view whose schema shows Python names (``tweet_fields``).
        Both accept both spellings."""
        return self.input_model if dotted else python_named(self.input_model)

    @property
    def writes(self) -> bool:
        """True for tools that change state on X (need approval when hooked)."""
        return not self.read_only


def _schema(model: type[ToolInput], *, by_alias: bool) -> dict[str, Any]:
    schema = model.model_json_schema(by_alias=by_alias)
    schema.pop("title", None)
    for prop in schema.get("properties", {}).values():
        prop.pop("title", None)
    return schema
