"""The registry: every tool spec, gathered from one module per domain.

Adding a tool is one input model and one :class:`~xkit.ToolSpec` in the module
of its domain, appended to that module's ``TOOLS`` tuple.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from .._spec import ToolSpec
from . import (
    admin,
    bookmarks,
    dms,
    engagement,
    follows,
    list_follows,
    lists,
    media,
    moderation,
    posts,
    search,
    spaces,
    timelines,
    users,
)

__all__ = ["REGISTRY", "TOOLSETS", "all_specs"]

_DOMAINS = (
    users,
    posts,
    engagement,
    search,
    timelines,
    follows,
    bookmarks,
    lists,
    list_follows,
    dms,
    moderation,
    media,
    spaces,
    admin,
)


def _collect(specs: Iterable[ToolSpec]) -> Mapping[str, ToolSpec]:
    table: dict[str, ToolSpec] = {}
    for spec in specs:
        if spec.name in table:
            raise RuntimeError(f"duplicate tool name {spec.name!r}")
        table[spec.name] = spec
    return MappingProxyType(table)


REGISTRY: Mapping[str, ToolSpec] = _collect(
    spec for module in _DOMAINS for spec in module.TOOLS
)

#: Named groups of tools, derived from each spec's ``toolsets``.
TOOLSETS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        name: frozenset(s.name for s in REGISTRY.values() if name in s.toolsets)
        for name in sorted({t for s in REGISTRY.values() for t in s.toolsets})
    }
)


def all_specs() -> tuple[ToolSpec, ...]:
    return tuple(REGISTRY.values())
