"""The two drivers: the only code that differs between sync and async.

Each drives a flow (:mod:`xkit._steps`) to completion over an httpx client.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from ._steps import Call, Flow, ReadLimits, Send, Sleep

__all__ = ["AsyncClients", "SyncClients", "arun", "run"]

T = TypeVar("T")


@dataclass(slots=True)
class SyncClients:
    api: httpx.Client
    fetch: Callable[[], httpx.Client]


@dataclass(slots=True)
class AsyncClients:
    api: httpx.AsyncClient
    fetch: Callable[[], httpx.AsyncClient]


class _Collector:
    """Accumulates a streamed body within :class:`ReadLimits`."""

    def __init__(self, limits: ReadLimits, clock: Callable[[], float]) -> None:
        self.limits = limits
        self.clock = clock
        self.started = clock()
        self.chunks: list[bytes] = []
        self.size = 0
        self.lines = 0
        self.stopped: str | None = None

    def feed(self, chunk: bytes) -> bool:
        """Add a chunk; True when reading must stop."""
        limits = self.limits
        if limits.max_bytes is not None and self.size + len(chunk) > limits.max_bytes:
            self.stopped = "max_bytes"
            return True
        self.chunks.append(chunk)
        self.size += len(chunk)
        if limits.max_lines is not None:
            self.lines += chunk.count(b"\n")
            if self.lines >= limits.max_lines:
                self.stopped = "max_lines"
                return True
        return self.expired()

    def expired(self) -> bool:
        deadline = self.limits.deadline
        if deadline is not None and self.clock() - self.started >= deadline:
            self.stopped = "deadline"
            return True
        return False

    def response(self, streamed: httpx.Response) -> httpx.Response:
        headers = [
            (k, v)
            for k, v in streamed.headers.multi_items()
            if k.lower() not in ("content-encoding", "content-length")
        ]
        return httpx.Response(
            streamed.status_code,
            headers=headers,
            content=b"".join(self.chunks),
            request=streamed.request,
            extensions={"xkit_stopped": self.stopped},
        )


def _send(clients: SyncClients, step: Send) -> httpx.Response:
    client = clients.api if step.via == "api" else clients.fetch()
    if step.limits is None:
        return client.send(step.request)
    collector = _Collector(step.limits, time.monotonic)
    response = client.send(step.request, stream=True)
    try:
        for chunk in response.iter_bytes():
            if collector.feed(chunk):
                break
    except httpx.TimeoutException:
        collector.stopped = "deadline"
    finally:
        response.close()
    return collector.response(response)


async def _asend(clients: AsyncClients, step: Send) -> httpx.Response:
    client = clients.api if step.via == "api" else clients.fetch()
    if step.limits is None:
        return await client.send(step.request)
    collector = _Collector(step.limits, time.monotonic)
    response = await client.send(step.request, stream=True)
    try:
        async for chunk in response.aiter_bytes():
            if collector.feed(chunk):
                break
    except httpx.TimeoutException:
        collector.stopped = "deadline"
    finally:
        await response.aclose()
    return collector.response(response)


def run(
    flow: Flow[T],
    clients: SyncClients,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Drive ``flow`` with blocking I/O."""
    reply: Any = None
    error: BaseException | None = None
    while True:
        try:
            step = flow.throw(error) if error else flow.send(reply)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
        reply, error = None, None
        try:
            if isinstance(step, Send):
                reply = _send(clients, step)
            elif isinstance(step, Sleep):
                sleep(step.seconds)
            elif isinstance(step, Call):
                reply = step.fn(*step.args)
                if inspect.isawaitable(reply):
                    reply = _run_coroutine(reply)
        except Exception as exc:  # handed to the flow, which decides
            error = exc


async def arun(
    flow: Flow[T],
    clients: AsyncClients,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> T:
    """Drive ``flow`` on the running event loop."""
    reply: Any = None
    error: BaseException | None = None
    while True:
        try:
            step = flow.throw(error) if error else flow.send(reply)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
        reply, error = None, None
        try:
            if isinstance(step, Send):
                reply = await _asend(clients, step)
            elif isinstance(step, Sleep):
                await sleep(step.seconds)
            elif isinstance(step, Call):
                if step.blocking:
                    reply = await asyncio.to_thread(step.fn, *step.args)
                else:
                    reply = step.fn(*step.args)
                if inspect.isawaitable(reply):
                    reply = await reply
        except Exception as exc:
            error = exc


def _run_coroutine(awaitable: Awaitable[Any]) -> Any:
    """Run an async hook from sync code (no loop may be running here)."""

    async def wrap() -> Any:
        return await awaitable

    return asyncio.run(wrap())
