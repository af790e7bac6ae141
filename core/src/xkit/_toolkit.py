"""The Toolkit: the registry bound to credentials, settings and HTTP clients."""

from __future__ import annotations

import os
import time
from collections.abc import (
    AsyncIterator,
    Callable,
    Collection,
    Iterable,
    Iterator,
    Mapping,
)
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from ._clients import ClientPool
from ._credentials import Credentials, StaticCredentials
from ._drivers import arun, run
from ._executor import ApprovalHook, CallContext, RetryPolicy, call_flow
from ._export import to_anthropic_tools, to_openai_tools
from ._inputs import ToolInput, parse_input
from ._safety import Budgets
from ._selection import lookup, select_specs
from ._spec import ToolSpec
from ._steps import Flow

if TYPE_CHECKING:
    from .sandbox import Sandbox

__all__ = ["DEFAULT_BASE_URL", "Toolkit"]

T = TypeVar("T")

DEFAULT_BASE_URL = "https://api.x.com"


class Toolkit:
    """X API v2 tools for one credential (usually: one user).

    Args:
        access_token: an OAuth 2.0 user access token.
        bearer_token: an app-only bearer token (for the app-only tools).
        credentials: a credential source instead of the two tokens above
            (stored, refreshable logins come from :mod:`xkit.auth`).
        base_url: the API origin; ``XKIT_BASE_URL`` or ``https://api.x.com``.
        transport: an httpx transport for both sync and async calls (e.g. the
            sandbox's or a ``MockTransport``); ``async_transport`` overrides it
            for async calls (e.g. an ``ASGITransport``).
        tools, toolsets, read_only, granted_only: which tools to expose (see
            :meth:`select`). ``granted_only`` hides tools whose scopes the
            credential was not granted. Agent adapters expose only read-only
            tools unless tools, toolsets or ``read_only=False`` opt in to writes.
        approval: called with an :class:`~xkit.ApprovalRequest` before any
            write; return True to send, corrected arguments to send those
            instead, anything else to refuse. May be async.
        dry_run: return the request a write would send instead of sending it.
        budgets: per-session caps on writes, e.g. ``{"twitter_user_follow": 5,
            "writes": 20}`` (see :class:`~xkit.Budgets`).
        allow: allow-lists by parameter, e.g. ``{"participant_id": {"123"}}``:
            a write with another value is refused before any request.
        progress: called as ``progress(bytes_sent, total_bytes)`` while media
            uploads send their chunks.
        retry: the :class:`~xkit.RetryPolicy`.
        timeout: seconds per HTTP request.
        sandbox: True (or a :class:`~xkit.sandbox.Sandbox`) to run against the
            embedded, in-process X API sandbox instead of X, acting as
            ``sandbox_user`` (its demo account by default) with every scope
            unless ``sandbox_scopes`` narrows them. ``toolkit.sandbox`` is then
            the sandbox, for inspecting its state.
    """

    def __init__(
        self,
        *,
        access_token: str | None = None,
        bearer_token: str | None = None,
        credentials: Credentials | None = None,
        base_url: str | None = None,
        transport: httpx.BaseTransport | None = None,
        async_transport: httpx.AsyncBaseTransport | None = None,
        tools: Iterable[str] | None = None,
        toolsets: Iterable[str] | None = None,
        read_only: bool | None = None,
        granted_only: bool = False,
        approval: ApprovalHook | None = None,
        dry_run: bool = False,
        budgets: Mapping[str, int] | None = None,
        allow: Mapping[str, Collection[str]] | None = None,
        progress: Callable[[int, int], Any] | None = None,
        retry: RetryPolicy | None = None,
        timeout: float = 30.0,
        sandbox: bool | Sandbox = False,
        sandbox_user: str | None = None,
        sandbox_scopes: Iterable[str] | None = None,
    ) -> None:
        self.sandbox: Sandbox | None = None
        if sandbox:
            self.sandbox = _make_sandbox(sandbox)
            base_url = self.sandbox.base_url
            transport = self.sandbox.transport()
            if credentials is None and not (access_token or bearer_token):
                granted = (
                    frozenset(sandbox_scopes) if sandbox_scopes is not None else None
                )
                credentials = StaticCredentials(
                    self.sandbox.issue_token(sandbox_user, sandbox_scopes),
                    self.sandbox.issue_app_token(),
                    granted,
                )
        if credentials is None:
            credentials = StaticCredentials(access_token, bearer_token)
        # Waits (retries, media processing) pass on the sandbox's fake clock.
        self._sleep: Callable[[float], Any] = time.sleep
        clock: Callable[[], float] = time.time
        if self.sandbox is not None:
            self._sleep = self.sandbox.clock.advance
            clock = self.sandbox.clock.timestamp
        self._ctx = CallContext(
            clock=clock,
            base_url=(base_url or os.environ.get("XKIT_BASE_URL") or DEFAULT_BASE_URL),
            credentials=credentials,
            retry=retry or RetryPolicy(),
            timeout=timeout,
            approval=approval,
            dry_run=dry_run,
            budgets=Budgets(budgets),
            allow=dict(allow or {}),
            progress=progress,
        )
        granted = credentials.granted_scopes if granted_only else None
        self._specs = select_specs(
            names=tools,
            toolsets=toolsets,
            read_only=bool(read_only),
            granted_scopes=granted,
        )
        # Whether writes were asked for: then agents get them by default too.
        self._writes_opted_in = (
            tools is not None or toolsets is not None or read_only is False
        )
        self._names = frozenset(s.name for s in self._specs)
        self._clients = ClientPool(transport, async_transport, timeout)

    # -- construction -------------------------------------------------------

    @classmethod
    def from_env(cls, **options: Any) -> Toolkit:
        """A toolkit configured from ``XKIT_*`` environment variables."""
        options.setdefault("credentials", StaticCredentials.from_env())
        return cls(**options)

    @classmethod
    def for_user(cls, user: str, **options: Any) -> Toolkit:
        """A toolkit acting for the stored login ``user`` (see ``xkit auth``).

        The user is chosen by the application, never by the model: tools get
        no user argument.
        """
        from .auth import toolkit_for_user

        return toolkit_for_user(user, **options)

    def select(
        self,
        *,
        tools: Iterable[str] | None = None,
        toolsets: Iterable[str] | None = None,
        read_only: bool | None = None,
        granted_only: bool = False,
    ) -> Toolkit:
        """A copy exposing a subset of this toolkit's tools (same clients and
        session: budgets, caches).

        ``read_only=None`` (what agent adapters pass by default) keeps only
        read-only tools unless writes were opted in: tools or toolsets named
        here or when this toolkit was built, or ``read_only=False``.
        """
        if read_only is None:
            named = tools is not None or toolsets is not None
            read_only = not (named or self._writes_opted_in)
        granted = self._ctx.credentials.granted_scopes if granted_only else None
        specs = select_specs(
            names=tools, toolsets=toolsets, read_only=read_only, granted_scopes=granted
        )
        clone = object.__new__(Toolkit)
        clone.__dict__.update(self.__dict__)
        clone._specs = tuple(s for s in specs if s.name in self._names)
        clone._names = frozenset(s.name for s in clone._specs)
        return clone

    # -- introspection ------------------------------------------------------

    @property
    def tools(self) -> tuple[ToolSpec, ...]:
        """The specs of the exposed tools."""
        return self._specs

    @property
    def context(self) -> CallContext:
        return self._ctx

    def get(self, name: str) -> ToolSpec:
        return lookup(name, self._names)

    def openai_tools(self, *, dotted: bool = True) -> list[dict[str, Any]]:
        """The exposed tools as OpenAI function tools (:func:`xkit.to_openai_tools`)."""
        return to_openai_tools(self._specs, dotted=dotted)

    def anthropic_tools(self, *, dotted: bool = True) -> list[dict[str, Any]]:
        """The exposed tools as Anthropic tools (:func:`xkit.to_anthropic_tools`)."""
        return to_anthropic_tools(self._specs, dotted=dotted)

    def __repr__(self) -> str:
        return (
            f"Toolkit({len(self._specs)} tools, base_url={self._ctx.base_url!r}, "
            f"credentials={self._ctx.credentials!r})"
        )

    # -- calling ------------------------------------------------------------

    def call(
        self,
        name: str,
        args: Mapping[str, Any] | ToolInput | None = None,
        /,
        **kwargs: Any,
    ) -> dict[str, Any]:
        """Call tool ``name`` with ``args`` (wire or Python names, or an
        already validated input model); block until the result."""
        spec, data = self._prepare(name, args, kwargs)
        return self._drive(call_flow(self._ctx, spec, data))

    async def acall(
        self,
        name: str,
        args: Mapping[str, Any] | ToolInput | None = None,
        /,
        **kwargs: Any,
    ) -> dict[str, Any]:
        """Call tool ``name`` with ``args`` on the running event loop."""
        spec, data = self._prepare(name, args, kwargs)
        return await self._adrive(call_flow(self._ctx, spec, data))

    def _prepare(
        self,
        name: str,
        args: Mapping[str, Any] | ToolInput | None,
        kwargs: Mapping[str, Any],
    ) -> tuple[ToolSpec, ToolInput]:
        spec = self.get(name)
        merged: Any = args
        if kwargs:
            base = args.wire_args() if isinstance(args, ToolInput) else args or {}
            merged = {**base, **kwargs}
        return spec, parse_input(spec.name, spec.input_model, merged)

    # -- drivers and clients ------------------------------------------------

    def _drive(self, flow: Flow[T]) -> T:
        return run(flow, self._clients.sync(), sleep=self._sleep)

    async def _adrive(self, flow: Flow[T]) -> T:
        if self.sandbox is None:
            return await arun(flow, self._clients.async_())
        return await arun(flow, self._clients.async_(), sleep=self._fake_asleep)

    async def _fake_asleep(self, seconds: float) -> None:
        self._sleep(seconds)

    def close(self) -> None:
        """Close the sync HTTP client."""
        self._clients.close()

    async def aclose(self) -> None:
        """Close the async HTTP client of the running loop, and the sync one."""
        await self._clients.aclose()

    async def __aenter__(self) -> Toolkit:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def __enter__(self) -> Toolkit:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- pagination ---------------------------------------------------------

    def paginate(
        self,
        name: str,
        args: Mapping[str, Any] | None = None,
        /,
        *,
        max_pages: int = 10,
        max_items: int | None = None,
    ) -> dict[str, Any]:
        """Call paginated tool ``name`` page after page; return one merged result.

        Stops after ``max_pages`` pages, ``max_items`` items or the last page;
        ``result["pagination"]`` says which (see :mod:`xkit._paginate`).
        """
        from ._paginate import paginate_flow

        spec, data = self._prepare(name, args, {})
        flow = paginate_flow(
            self._ctx, spec, data, max_pages=max_pages, max_items=max_items
        )
        return self._drive(flow)

    async def apaginate(
        self,
        name: str,
        args: Mapping[str, Any] | None = None,
        /,
        *,
        max_pages: int = 10,
        max_items: int | None = None,
    ) -> dict[str, Any]:
        """:meth:`paginate` on the running event loop."""
        from ._paginate import paginate_flow

        spec, data = self._prepare(name, args, {})
        flow = paginate_flow(
            self._ctx, spec, data, max_pages=max_pages, max_items=max_items
        )
        return await self._adrive(flow)

    def pages(
        self,
        name: str,
        args: Mapping[str, Any] | None = None,
        /,
        *,
        max_pages: int = 10,
    ) -> Iterator[dict[str, Any]]:
        """Yield the pages of tool ``name`` one call at a time, as X returns them."""
        from ._paginate import check_paginated, next_page

        spec, data = self._prepare(name, args, {})
        check_paginated(spec, max_pages)
        current: Any = data
        for _ in range(max_pages):
            page = self._drive(call_flow(self._ctx, spec, current))
            yield page
            current = next_page(spec, current, page)
            if current is None:
                return

    async def apages(
        self,
        name: str,
        args: Mapping[str, Any] | None = None,
        /,
        *,
        max_pages: int = 10,
    ) -> AsyncIterator[dict[str, Any]]:
        """:meth:`pages` as an async iterator."""
        from ._paginate import check_paginated, next_page

        spec, data = self._prepare(name, args, {})
        check_paginated(spec, max_pages)
        current: Any = data
        for _ in range(max_pages):
            page = await self._adrive(call_flow(self._ctx, spec, current))
            yield page
            current = next_page(spec, current, page)
            if current is None:
                return


def _make_sandbox(option: bool | Sandbox) -> Sandbox:
    from .sandbox import Sandbox

    return option if isinstance(option, Sandbox) else Sandbox()
