"""The bundled OpenAPI document and the per-operation table derived from it.

`data/openapi.json.gz` is X API v2 OpenAPI 2.166, shipped inside the package. Auth
schemes, scopes and query-parameter rules come from it as data, so no route repeats
them by hand.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["Operation", "Param", "all_scopes", "openapi", "operation", "operations"]

JsonDict = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Param:
    """What the spec allows for one path or query parameter."""

    name: str
    location: str
    required: bool
    kind: str  # "string" | "integer" | "array" | "boolean"
    enum: frozenset[str] | None = None
    pattern: re.Pattern[str] | None = None
    minimum: int | None = None
    maximum: int | None = None
    min_items: int | None = None
    max_items: int | None = None
    default: Any = None
    format: str | None = None


@dataclass(frozen=True, slots=True)
class Operation:
    """One `METHOD path` of the spec: its id, accepted auth and parameters."""

    method: str
    path: str
    operation_id: str
    allows_app: bool
    allows_user: bool
    scopes: frozenset[str]
    params: dict[str, Param] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    def query_params(self) -> dict[str, Param]:
        return {n: p for n, p in self.params.items() if p.location == "query"}


@cache
def openapi() -> JsonDict:
    """The whole bundled spec, parsed once."""
    blob = resources.files("xkit.sandbox").joinpath("data/openapi.json.gz").read_bytes()
    spec: JsonDict = json.loads(gzip.decompress(blob))
    return spec


def _deref(spec: JsonDict, node: JsonDict) -> JsonDict:
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def _param(spec: JsonDict, raw: JsonDict) -> Param:
    raw = _deref(spec, raw)
    schema = _deref(spec, raw.get("schema", {}))
    kind = schema.get("type", "string")
    target = _deref(spec, schema.get("items", {})) if kind == "array" else schema
    enum = target.get("enum")
    pattern = target.get("pattern")
    return Param(
        name=raw["name"],
        location=raw["in"],
        required=bool(raw.get("required")),
        kind=kind,
        enum=frozenset(enum) if enum else None,
        pattern=re.compile(pattern) if pattern else None,
        minimum=schema.get("minimum"),
        maximum=schema.get("maximum"),
        min_items=schema.get("minItems"),
        max_items=schema.get("maxItems"),
        default=schema.get("default"),
        format=target.get("format"),
    )


def _operation(spec: JsonDict, method: str, path: str, raw: JsonDict) -> Operation:
    allows_app = allows_user = False
    scopes: set[str] = set()
    for entry in raw.get("security", []):
        if "BearerToken" in entry:
            allows_app = True
        if "OAuth2UserToken" in entry:
            allows_user = True
            scopes.update(entry["OAuth2UserToken"])
    params = [_param(spec, p) for p in raw.get("parameters", [])]
    return Operation(
        method=method.upper(),
        path=path,
        operation_id=raw.get("operationId", ""),
        allows_app=allows_app,
        allows_user=allows_user,
        scopes=frozenset(scopes),
        params={p.name: p for p in params},
    )


@cache
def operations() -> dict[str, Operation]:
    """Every operation of the spec, keyed `"GET /2/users/{id}"`."""
    spec = openapi()
    table: dict[str, Operation] = {}
    for path, item in spec["paths"].items():
        for method, raw in item.items():
            if method in {"get", "post", "put", "delete", "patch"}:
                op = _operation(spec, method, path, raw)
                table[op.key] = op
    return table


def operation(method: str, path: str) -> Operation | None:
    return operations().get(f"{method.upper()} {path}")


@cache
def all_scopes() -> frozenset[str]:
    """Every OAuth 2.0 scope the spec defines."""
    flows = openapi()["components"]["securitySchemes"]["OAuth2UserToken"]["flows"]
    return frozenset(flows["authorizationCode"]["scopes"])
