"""The label stream: a bounded read of an endless stream, sync and async."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

import xkit
from xkit import Forbidden, StaticCredentials, TransportError
from xkit._drivers import AsyncClients, SyncClients, arun, run
from xkit._executor import CallContext, call_flow
from xkit._inputs import parse_input
from xkit._stream import read_events
from xkit.tools import REGISTRY

TOOL = "twitter_tweet_label_stream"
KEEP_ALIVE = b"\r\n"


def event(n: int) -> bytes:
    label = {"public_tweet_notice": {"tweet_id": str(n), "label_title": "misleading"}}
    return json.dumps({"data": label}).encode() + b"\r\n"


class Stream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A lazily produced response body usable by both clients."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self.chunks = iter(chunks)
        self.produced = 0

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.chunks:
            self.produced += 1
            yield chunk

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self:
            yield chunk


def forever(*pattern: bytes) -> Iterator[bytes]:
    while True:
        yield from pattern


def listen(
    mode: str,
    handler: Callable[[httpx.Request], httpx.Response],
    **args: Any,
) -> dict[str, Any]:
    spec = REGISTRY[TOOL]
    data = parse_input(TOOL, spec.input_model, args)
    ctx = CallContext(
        base_url="https://api.x.com", credentials=StaticCredentials(None, "app")
    )
    transport = httpx.MockTransport(handler)
    if mode == "sync":
        with httpx.Client(transport=transport) as client:
            clients = SyncClients(client, lambda: client)
            return run(call_flow(ctx, spec, data), clients, sleep=lambda s: None)

    async def main() -> dict[str, Any]:
        async with httpx.AsyncClient(transport=transport) as client:

            async def sleep(seconds: float) -> None:
                return None

            clients = AsyncClients(client, lambda: client)
            return await arun(call_flow(ctx, spec, data), clients, sleep=sleep)

    return asyncio.run(main())


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """A fake monotonic clock for the drivers' deadline checks."""
    now = [0.0]
    monkeypatch.setattr("xkit._drivers.time", SimpleNamespace(monotonic=lambda: now[0]))
    return now


def test_stops_after_max_events_despite_keep_alives(mode: str) -> None:
    body = Stream(forever(KEEP_ALIVE, event(1), event(2), KEEP_ALIVE, event(3)))
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, stream=body)

    result = listen(mode, handler, max_events=3, timeout_seconds=10, backfill_minutes=2)
    assert result["meta"] == {"received": 3, "stopped": "max_events"}
    assert [e["public_tweet_notice"]["tweet_id"] for e in result["data"]] == [
        "1",
        "2",
        "3",
    ]
    assert body.produced <= 6
    (request,) = seen
    assert request.url.path == "/2/tweets/label/stream"
    assert dict(request.url.params) == {"backfill_minutes": "2"}
    assert request.headers["authorization"] == "Bearer app"


def test_silent_stream_stops_at_the_deadline(mode: str, clock: list[float]) -> None:
    def drip() -> Iterator[bytes]:
        yield event(1)
        while True:  # keep-alives only, one per (fake) second, forever
            clock[0] += 1.0
            yield KEEP_ALIVE

    body = Stream(drip())
    result = listen(
        mode,
        lambda r: httpx.Response(200, stream=body),
        max_events=100,
        timeout_seconds=5,
    )
    assert result["meta"] == {"received": 1, "stopped": "timeout"}
    assert body.produced <= 7


def test_slow_events_are_kept_until_the_deadline(mode: str, clock: list[float]) -> None:
    def slow() -> Iterator[bytes]:
        n = 0
        while True:
            n += 1
            clock[0] += 2.0
            yield event(n)

    result = listen(
        mode,
        lambda r: httpx.Response(200, stream=Stream(slow())),
        max_events=50,
        timeout_seconds=7,
    )
    assert result["meta"]["stopped"] == "timeout"
    assert 3 <= result["meta"]["received"] <= 4


def test_stream_closed_by_x(mode: str) -> None:
    body = [event(1), KEEP_ALIVE, event(2), b'{"data": {"partial']
    result = listen(
        mode, lambda r: httpx.Response(200, stream=Stream(body)), max_events=10
    )
    assert result["meta"] == {"received": 2, "stopped": "closed"}


def test_no_headers_in_time_returns_empty(mode: str) -> None:
    def stuck(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("no headers", request=request)

    result = listen(mode, stuck, timeout_seconds=1)
    assert result == {"data": [], "meta": {"received": 0, "stopped": "timeout"}}


def test_read_timeout_mid_stream_keeps_what_arrived(mode: str) -> None:
    def broken() -> Iterator[bytes]:
        yield event(1)
        raise httpx.ReadTimeout("idle")

    result = listen(mode, lambda r: httpx.Response(200, stream=Stream(broken())))
    assert result["meta"] == {"received": 1, "stopped": "timeout"}


def test_connect_failure_is_a_transport_error(mode: str) -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(TransportError, match=TOOL):
        listen(mode, down)


def test_forbidden_is_typed(mode: str) -> None:
    problem = {
        "title": "Forbidden",
        "detail": "Enterprise access required",
        "type": "about:blank",
        "status": 403,
    }
    with pytest.raises(Forbidden, match="Enterprise"):
        listen(mode, lambda r: httpx.Response(403, json=problem))


def test_stream_errors_and_garbage_are_reported(mode: str) -> None:
    body = [
        event(1),
        b"not json at all\r\n",
        b'{"errors": [{"title": "operational-disconnect"}]}\r\n',
    ]
    result = listen(mode, lambda r: httpx.Response(200, stream=Stream(body)))
    assert result["meta"]["received"] == 1
    titles = [e["title"] for e in result["errors"]]
    assert titles == ["Unreadable event", "Stream error"]


def test_read_events_drops_partial_and_blank_lines() -> None:
    events, errors = read_events(b'\r\n{"data": 1}\n\n{"x": 2}\n{"data": 3', 10)
    assert (events, errors) == ([1, {"x": 2}], [])
    assert read_events(b'{"data": 1}\n{"data": 2}\n', 1) == ([1], [])


def test_toolkit_runs_the_stream(invoke: Any) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=Stream([event(7)]))

    toolkit = xkit.Toolkit(bearer_token="app", transport=httpx.MockTransport(handler))
    result = invoke(toolkit, TOOL, {"max_events": 5, "timeout_seconds": 2})
    assert result["meta"] == {"received": 1, "stopped": "closed"}


def test_sandbox_label_stream(invoke: Any) -> None:
    toolkit = xkit.Toolkit(sandbox=True)
    result = invoke(toolkit, TOOL, {"max_events": 3, "timeout_seconds": 5})
    assert 1 <= result["meta"]["received"] <= 3
    assert result["meta"]["stopped"] in ("closed", "max_events")
    assert all(isinstance(e, dict) for e in result["data"])
