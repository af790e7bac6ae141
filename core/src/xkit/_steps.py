"""The steps a flow yields to its driver.

A flow is a generator written once for sync and async use. It yields
:class:`Send` (send this request, give me the response), :class:`Sleep`
(wait this long) or :class:`Call` (run this callable, give me its result), and
returns the final value. Transport failures are thrown into the flow at the
``yield`` so it can decide whether to retry. See :mod:`xkit._drivers`.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

import httpx

__all__ = ["Call", "Flow", "ReadLimits", "Send", "Sleep", "Step"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """Bounds for reading a streamed body; the driver stops at the first hit.

    The response it hands back carries ``extensions["xkit_stopped"]``: None when
    the body ended by itself, else ``"max_bytes"``, ``"max_lines"`` or
    ``"deadline"``.
    """

    max_bytes: int | None = None
    max_lines: int | None = None
    deadline: float | None = None
    """Seconds for the whole body, not per chunk."""


@dataclass(frozen=True, slots=True)
class Send:
    request: httpx.Request
    via: Literal["api", "fetch"] = "api"
    """Which client: the X API client, or the guarded fetcher for media URLs."""
    limits: ReadLimits | None = None


@dataclass(frozen=True, slots=True)
class Sleep:
    seconds: float


@dataclass(frozen=True, slots=True)
class Call:
    """Run ``fn(*args)``; an awaitable result is awaited by the async driver.

    ``blocking=True`` marks a call that may block (a file lock, SQLite): the
    async driver runs it in a worker thread.
    """

    fn: Callable[..., Any]
    args: tuple[Any, ...] = field(default=())
    blocking: bool = False


Step = Send | Sleep | Call
Flow = Generator[Step, Any, T]
