"""The call flow: one tool call from validated input to result, written once.

``call_flow`` is a generator (see :mod:`xkit._steps`) that both drivers run:
scope pre-flight, token, the authenticated user's id when the path needs it,
approval for writes, dry runs, sending with the retry policy, reading the
result. Composed tools (media uploads, streams) plug in through ``COMPOSED``.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Collection, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from ._credentials import Credentials
from ._errors import (
    AuthError,
    MissingScope,
    OutcomeUnknown,
    RateLimited,
    ReauthRequired,
    TransportError,
    UsageCapExceeded,
)
from ._inputs import ToolInput
from ._request import PreparedRequest, prepare
from ._response import error_for, read_result, retry_after_seconds
from ._safety import ApprovalHook, ApprovalRequest, Budgets, check_allowed, decide
from ._spec import AuthKind, ToolSpec
from ._steps import Call, Flow, Send, Sleep

__all__ = ["COMPOSED", "ApprovalRequest", "CallContext", "RetryPolicy", "call_flow"]

log = logging.getLogger("xkit")

ME_PATH = "/2/users/me"


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try. Reads retry on 5xx and network errors; writes only
    when the request provably never left (connection errors)."""

    max_attempts: int = 3
    backoff: float = 0.5
    """Base delay in seconds; doubled per attempt, with jitter."""
    max_backoff: float = 8.0
    max_rate_limit_wait: float = 0.0
    """Seconds a call may spend in total waiting out 429s (0: never wait). A
    reset further away than what is left raises :class:`~xkit.RateLimited`
    at once; an unknown or past reset gets a jittered backoff instead."""

    def delay(self, attempt: int, rand: Callable[[], float]) -> float:
        base = min(self.max_backoff, self.backoff * 2.0 ** (attempt - 1))
        return float(base * (0.5 + rand() / 2))


@dataclass(slots=True)
class CallContext:
    """Everything a call needs besides its spec and input. One per toolkit."""

    base_url: str
    credentials: Credentials
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    timeout: float = 30.0
    approval: ApprovalHook | None = None
    dry_run: bool = False
    clock: Callable[[], float] = time.time
    rand: Callable[[], float] = random.random
    me_cache: MutableMapping[str, str] = field(default_factory=dict)
    progress: Callable[[int, int], Any] | None = None
    """Called as ``progress(bytes_sent, total_bytes)`` during media uploads."""
    budgets: Budgets = field(default_factory=Budgets)
    allow: Mapping[str, Collection[str]] = field(default_factory=dict)
    """Allow-lists by parameter wire name (see :func:`xkit._safety.check_allowed`)."""


ComposedFlow = Callable[
    [CallContext, ToolSpec, ToolInput, PreparedRequest, "str | None"],
    Flow[dict[str, Any]],
]
#: Multi-request tools, by ``ToolSpec.flow`` name; filled by their modules.
COMPOSED: dict[str, ComposedFlow] = {}


def call_flow(
    ctx: CallContext, spec: ToolSpec, args: ToolInput
) -> Flow[dict[str, Any]]:
    """Run one tool call. Yields steps; returns the result dict."""
    creds = ctx.credentials
    _preflight(spec, creds)
    check_allowed(spec, args, ctx.allow)
    ctx.budgets.check(spec)
    token = yield from creds.token(spec.auth, spec.name)

    me_id = None
    if spec.me is not None:
        me_id = ctx.me_cache.get(creds.cache_key)
        if me_id is None:
            me_id = "me" if ctx.dry_run else (yield from resolve_me(ctx, token))
    prepared = prepare(spec, args, me_id=me_id)

    if spec.flow is not None:
        return (yield from COMPOSED[spec.flow](ctx, spec, args, prepared, token))
    if not spec.read_only:
        edited = yield from approve(ctx, spec, args, prepared)
        if edited is not None:
            args = edited
            check_allowed(spec, args, ctx.allow)
            prepared = prepare(spec, args, me_id=me_id)
        if ctx.dry_run:
            return {"dry_run": True, "request": prepared.describe(ctx.base_url)}
        ctx.budgets.spend(spec)
    response = yield from send(ctx, spec, prepared, token)
    return read_result(spec.name, response)


def _preflight(spec: ToolSpec, creds: Credentials) -> None:
    granted = creds.granted_scopes
    if spec.auth is AuthKind.APP and creds.has(AuthKind.APP):
        return
    if spec.auth is AuthKind.USER_OR_APP and not creds.has(AuthKind.USER):
        return
    if granted is not None and spec.auth is not AuthKind.NONE:
        missing = spec.scopes - granted
        if missing:
            raise MissingScope(spec.name, sorted(missing))


def approve(
    ctx: CallContext, spec: ToolSpec, args: ToolInput, prepared: PreparedRequest
) -> Flow[ToolInput | None]:
    """Ask the approval hook, if any: None to send as prepared, edited input
    to send instead, or ApprovalDenied."""
    if ctx.approval is None:
        return None
    ask = ApprovalRequest(
        tool=spec.name,
        arguments=args.wire_args(),
        request=prepared.describe(ctx.base_url),
        destructive=bool(spec.destructive),
    )
    answer = yield Call(ctx.approval, (ask,))
    return decide(spec, answer)


def resolve_me(ctx: CallContext, token: str | None) -> Flow[str]:
    """The authenticated user's id, from ``GET /2/users/me`` (cached)."""
    from .tools.users import TOOLS as USER_TOOLS

    me_spec = next(s for s in USER_TOOLS if s.path == ME_PATH)
    response = yield from send(ctx, me_spec, PreparedRequest("GET", ME_PATH), token)
    body = read_result(me_spec.name, response)
    try:
        me_id = str(body["data"]["id"])
    except (KeyError, TypeError):
        raise TransportError(
            "Could not read the authenticated user's id from X. Try again."
        ) from None
    ctx.me_cache[ctx.credentials.cache_key] = me_id
    return me_id


def send(
    ctx: CallContext,
    spec: ToolSpec,
    prepared: PreparedRequest,
    token: str | None,
) -> Flow[httpx.Response]:
    """Send with the retry policy; return a 2xx response or raise a typed error."""
    policy = ctx.retry
    safe = spec.method == "GET"
    attempt = 0
    refreshed = False
    waited = 0.0  # seconds spent waiting out 429s, kept within the budget
    while True:
        attempt += 1
        request = prepared.to_httpx(ctx.base_url, token, ctx.timeout)
        started = time.monotonic()
        try:
            response: httpx.Response = yield Send(request)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            # The request never left: any method may be retried.
            if attempt < policy.max_attempts:
                yield Sleep(policy.delay(attempt, ctx.rand))
                continue
            raise TransportError(
                f"{spec.name} failed: could not connect to X ({type(exc).__name__})."
                " Check the network and try again later."
            ) from None
        except httpx.HTTPError as exc:
            if safe and attempt < policy.max_attempts:
                yield Sleep(policy.delay(attempt, ctx.rand))
                continue
            if not safe:
                raise _unknown(spec, type(exc).__name__) from None
            raise TransportError(
                f"{spec.name} failed: the connection to X broke "
                f"({type(exc).__name__}). Try again later."
            ) from None
        status = response.status_code
        log.debug(
            "%s %s %s -> %s in %.0f ms (remaining %s)",
            spec.name,
            spec.method,
            spec.path,
            status,
            (time.monotonic() - started) * 1000,
            response.headers.get("x-rate-limit-remaining", "?"),
        )

        if status == 401 and spec.auth is not AuthKind.NONE and token:
            if refreshed:
                raise ReauthRequired(
                    f"{spec.name} failed: X still rejects the refreshed token. "
                    "The user must re-authorize (xkit auth login)."
                )
            kind = spec.auth
            if kind is AuthKind.USER_OR_APP:
                kind = (
                    AuthKind.USER
                    if ctx.credentials.has(AuthKind.USER)
                    else (AuthKind.APP)
                )
            token = yield from ctx.credentials.refresh(kind, token, spec.name)
            refreshed = True
            continue
        if status >= 500:
            wait = retry_after_seconds(response.headers, ctx.clock())
            # A Retry-After beyond the cap is honoured by not retrying at all.
            patient = wait is None or wait <= policy.max_backoff * 4
            if safe and patient and attempt < policy.max_attempts:
                yield Sleep(_bounded(wait, policy, attempt, ctx))
                continue
            if spec.method == "POST":
                raise _unknown(spec, f"HTTP {status}")
        if status == 429:
            error = error_for(spec.name, response, ctx.clock())
            assert isinstance(error, RateLimited)
            if isinstance(error, UsageCapExceeded):
                raise error
            wait = error.retry_after
            budget = policy.max_rate_limit_wait
            if budget > 0 and attempt < policy.max_attempts:
                if not wait:  # reset unknown, garbage or past: a bounded backoff
                    wait = policy.delay(attempt, ctx.rand)
                if waited + wait <= budget:
                    log.info("%s rate limited; waiting %.1f s", spec.name, wait)
                    waited += wait
                    yield Sleep(wait)
                    continue
            raise error
        if status >= 400:
            raise error_for(spec.name, response, ctx.clock())
        return response


def _bounded(
    wait: float | None, policy: RetryPolicy, attempt: int, ctx: CallContext
) -> float:
    if wait is None:
        return policy.delay(attempt, ctx.rand)
    return min(wait, policy.max_backoff * 4)


def _unknown(spec: ToolSpec, why: str) -> OutcomeUnknown:
    return OutcomeUnknown(
        f"{spec.name} may or may not have happened: the request was sent but no "
        f"usable answer came back ({why}). Check the result (for example look up "
        "the timeline) before trying again."
    )


__all__ += ["ApprovalHook", "AuthError", "approve", "resolve_me", "send"]

# The composed flows register themselves in COMPOSED on import.
from . import _media, _stream  # noqa: E402, F401
