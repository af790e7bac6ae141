"""A scripted fake X for executor tests: faults on cue, a fake clock, no sleeps.

A :class:`Script` answers each request with the next :data:`Action` and
counts what X would have *processed* (acted on) separately from what merely
reached the transport. :class:`Harness` drives ``call_flow`` through the sync
or async driver with a fake clock whose ``sleep`` only records and advances.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from xkit import RetryPolicy, StaticCredentials
from xkit._credentials import Credentials
from xkit._drivers import AsyncClients, SyncClients, arun, run
from xkit._executor import CallContext, call_flow
from xkit._inputs import parse_input
from xkit._spec import AuthKind
from xkit._steps import Flow
from xkit.tools import REGISTRY

BASE_URL = "https://api.x.com"
USER_TOKEN = "CANARY-user-token-7f3a"
APP_TOKEN = "CANARY-app-token-91bc"
NOW = 1_700_000_000.0
ME = {"data": {"id": "2244994945", "username": "xkit_dev", "name": "Dev"}}
POSTED = {"data": {"id": "1445880548472328192", "text": "hello"}}

Action = Callable[[httpx.Request, "Script"], httpx.Response]


class Script:
    """Answers requests from a list of actions; the last one repeats."""

    def __init__(self, *actions: Action) -> None:
        self.actions = list(actions)
        self.requests: list[httpx.Request] = []
        self.processed: list[httpx.Request] = []
        self.transport = httpx.MockTransport(self._handle)

    def _handle(self, request: httpx.Request) -> httpx.Response:
        request.read()
        if request.url.path == "/2/users/me":  # resolved for "me" paths; not scripted
            return httpx.Response(200, json=ME)
        self.requests.append(request)
        index = min(len(self.requests), len(self.actions)) - 1
        return self.actions[index](request, self)


# -- actions ------------------------------------------------------------------


def reply(
    status: int = 200,
    body: Any = None,
    *,
    content: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    processed: bool | None = None,
) -> Action:
    """Answer ``status``; a 2xx counts as processed unless said otherwise."""
    acted = 200 <= status < 300 if processed is None else processed

    def act(request: httpx.Request, script: Script) -> httpx.Response:
        if acted:
            script.processed.append(request)
        if content is not None:
            return httpx.Response(status, content=content, headers=headers)
        return httpx.Response(status, json=body, headers=headers)

    return act


def ok(body: Any = None, **kw: Any) -> Action:
    return reply(200, POSTED if body is None else body, **kw)


def refuse(exc: type[httpx.TransportError]) -> Action:
    """Fail before the request leaves (connect errors): never processed."""

    def act(request: httpx.Request, script: Script) -> httpx.Response:
        raise exc("injected", request=request)

    return act


def lose(exc: type[httpx.TransportError]) -> Action:
    """X acts on the request, then the answer is lost (timeout, reset)."""

    def act(request: httpx.Request, script: Script) -> httpx.Response:
        script.processed.append(request)
        raise exc("injected", request=request)

    return act


class Dribble(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body that sends a first chunk and then stalls into a read timeout."""

    def __init__(self, first: bytes) -> None:
        self.first = first

    def __iter__(self) -> Iterator[bytes]:
        yield self.first
        raise httpx.ReadTimeout("injected: body stalled")

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self.first
        raise httpx.ReadTimeout("injected: body stalled")


def stall(status: int = 200) -> Action:
    """Headers arrive, the body stalls: processed, outcome unknown to the client."""

    def act(request: httpx.Request, script: Script) -> httpx.Response:
        script.processed.append(request)
        return httpx.Response(status, stream=Dribble(b'{"data": {"id"'))

    return act


def rate_limited(
    *,
    reset: str | None = None,
    remaining: str = "0",
    retry_after: str | None = None,
    capped: bool = False,
) -> Action:
    headers = {"x-rate-limit-limit": "100", "x-rate-limit-remaining": remaining}
    if reset is not None:
        headers["x-rate-limit-reset"] = reset
    if retry_after is not None:
        headers["retry-after"] = retry_after
    body: dict[str, Any] = {"title": "Too Many Requests", "status": 429}
    if capped:
        body = {
            "title": "UsageCapExceeded",
            "detail": "Usage cap exceeded: Monthly product cap",
            "type": "https://api.twitter.com/2/problems/usage-capped",
            "period": "Monthly",
            "scope": "Product",
        }
    return reply(429, body, headers=headers)


# -- credentials --------------------------------------------------------------


class RotatingCredentials:
    """A user token that can be refreshed ``refreshes_left`` times."""

    def __init__(self, refreshes_left: int = 1) -> None:
        self.current = USER_TOKEN
        self.refreshes_left = refreshes_left
        self.refreshed = 0

    cache_key = "rotating"
    granted_scopes = None

    def has(self, kind: AuthKind) -> bool:
        return kind in (AuthKind.USER, AuthKind.USER_OR_APP, AuthKind.NONE)

    def token(self, kind: AuthKind, tool: str) -> Flow[str | None]:
        return self.current
        yield

    def refresh(self, kind: AuthKind, rejected: str, tool: str) -> Flow[str]:
        from xkit import ReauthRequired

        if self.refreshes_left <= 0:
            raise ReauthRequired(f"{tool}: log in again.")
        self.refreshes_left -= 1
        self.refreshed += 1
        self.current = f"{USER_TOKEN}-{self.refreshed}"
        return self.current
        yield


# -- the harness ---------------------------------------------------------------


@dataclass
class Harness:
    """Runs one tool call through the driver ``mode`` on a fake clock."""

    mode: str
    now: float = NOW
    sleeps: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0, f"negative sleep {seconds}"
        self.sleeps.append(seconds)
        self.now += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)

    def context(
        self,
        retry: RetryPolicy | None = None,
        credentials: Credentials | None = None,
        timeout: float = 30.0,
    ) -> CallContext:
        return CallContext(
            base_url=BASE_URL,
            credentials=credentials or StaticCredentials(USER_TOKEN, APP_TOKEN),
            retry=retry or RetryPolicy(),
            timeout=timeout,
            clock=self.clock,
            rand=lambda: 0.5,
        )

    def call(
        self,
        tool: str,
        args: Mapping[str, Any],
        script: Script,
        *,
        retry: RetryPolicy | None = None,
        credentials: Credentials | None = None,
    ) -> dict[str, Any]:
        spec = REGISTRY[tool]
        ctx = self.context(retry, credentials)
        flow = call_flow(ctx, spec, parse_input(tool, spec.input_model, args))
        result: dict[str, Any] = self.drive(flow, script)
        return result

    def drive(self, flow: Flow[Any], script: Script) -> Any:
        if self.mode == "sync":
            with httpx.Client(transport=script.transport) as client:
                return run(flow, SyncClients(client, _no_fetch), sleep=self.sleep)
        return asyncio.run(self._adrive(flow, script))

    async def _adrive(self, flow: Flow[Any], script: Script) -> Any:
        async with httpx.AsyncClient(transport=script.transport) as client:
            clients = AsyncClients(client, _no_afetch)
            return await arun(flow, clients, sleep=self.asleep)


def _no_fetch() -> httpx.Client:
    raise AssertionError("no media fetch expected")


def _no_afetch() -> httpx.AsyncClient:
    raise AssertionError("no media fetch expected")


POST = ("twitter_post_create", {"text": "hello"})
READ = ("twitter_post_lookup", {"id": "20"})
