"""Choosing which tools a toolkit exposes (shared by every adapter)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from ._errors import ConfigurationError, ToolNotFound
from ._spec import AuthKind, ToolSpec
from .tools import REGISTRY, TOOLSETS

__all__ = ["lookup", "select_specs"]


def select_specs(
    *,
    names: Iterable[str] | None = None,
    toolsets: Iterable[str] | None = None,
    read_only: bool = False,
    granted_scopes: Iterable[str] | None = None,
) -> tuple[ToolSpec, ...]:
    """The specs matching every given criterion, in registry order.

    ``names`` and ``toolsets`` add up (a tool is kept if it is named or in one
    of the sets); with neither, all tools are candidates. ``read_only`` drops
    every tool that writes. ``granted_scopes`` drops user tools whose scopes
    are not all granted.
    """
    wanted: set[str] | None = None
    if names is not None or toolsets is not None:
        wanted = set()
        for name in names or ():
            wanted.add(lookup(name).name)
        for toolset in toolsets or ():
            if toolset not in TOOLSETS:
                choices = ", ".join(sorted(TOOLSETS))
                raise ConfigurationError(
                    f"Unknown toolset {toolset!r}; choose from: {choices}."
                )
            wanted |= TOOLSETS[toolset]
    granted = frozenset(granted_scopes) if granted_scopes is not None else None
    out = []
    for spec in REGISTRY.values():
        if wanted is not None and spec.name not in wanted:
            continue
        if read_only and not spec.read_only:
            continue
        if (
            granted is not None
            and spec.auth in (AuthKind.USER,)
            and not spec.scopes <= granted
        ):
            continue
        out.append(spec)
    return tuple(out)


def lookup(name: str, among: Iterable[str] | None = None) -> ToolSpec:
    """The spec called ``name``; ToolNotFound with close matches otherwise."""
    pool = set(among) if among is not None else set(REGISTRY)
    if name in pool:
        return REGISTRY[name]
    close = difflib.get_close_matches(name, sorted(pool), n=3, cutoff=0.5)
    hint = f" Did you mean {', '.join(close)}?" if close else ""
    raise ToolNotFound(f"No tool named {name!r} is available.{hint}")
