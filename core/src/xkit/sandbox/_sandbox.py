"""`Sandbox`: the stateful X API v2 emulator behind one `handle(request)` method."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import httpx

from . import routes as _routes  # noqa: F401  (registers every route module)
from ._app import Ctx, Route, json_response, match
from ._auth import Principal, TokenStore
from ._clock import EPOCH, FakeClock
from ._errors import ApiError, rate_limited, usage_capped
from ._ratelimit import RateLimiter
from ._state import AuthCode, User, World
from ._validate import normalize_query, validate_params
from ._world import DEFAULT_USERNAME, build_world

__all__ = ["DEFAULT_MONTHLY_POST_CAP", "Sandbox"]

DEFAULT_MONTHLY_POST_CAP = 10_000_000


class Sandbox:
    """An in-memory, seeded X API v2. Same seed, same world.

    Use it in-process with `httpx.Client(transport=sb.transport())` (sync or async),
    or serve it with `sb.asgi_app()` / `xkit.sandbox.serve()`. Every request goes
    through `handle`, under one lock.
    """

    def __init__(
        self,
        seed: int = 0,
        *,
        token_ttl: int = 7200,
        rate_limits: Mapping[str, tuple[int, int]] | None = None,
        auto_approve: str | None = DEFAULT_USERNAME,
        base_url: str = "https://api.x.com",
        monthly_post_cap: int = DEFAULT_MONTHLY_POST_CAP,
        start: datetime = EPOCH,
    ) -> None:
        self.seed = seed
        self.token_ttl = token_ttl
        self.auto_approve = auto_approve
        self.base_url = base_url.rstrip("/")
        self.monthly_post_cap = monthly_post_cap
        self.default_username = DEFAULT_USERNAME
        self.clock = FakeClock(start)
        self.lock = threading.RLock()
        self.tokens = TokenStore(self.clock, token_ttl)
        self.auth_codes: dict[str, AuthCode] = {}
        self.ratelimiter = RateLimiter(self.clock, rate_limits)
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.state: World = build_world(seed, self.clock.now())

    # -- public helpers ---------------------------------------------------------

    def reset(self) -> None:
        """Back to the seeded world, clock, empty rate windows and request log.

        Issued tokens stay known (their expiry follows the rewound clock)."""
        with self.lock:
            self.clock.reset()
            self.ratelimiter.reset()
            self.requests.clear()
            self.auth_codes.clear()
            self.state = build_world(self.seed, self.clock.now())

    def transport(self) -> httpx.MockTransport:
        """An httpx transport serving this sandbox in-process (sync and async)."""
        return httpx.MockTransport(self.handle)

    def asgi_app(self) -> Any:
        """A Starlette app adapting each request to `handle`."""
        from ._serve import asgi_app

        return asgi_app(self)

    def user_by_username(self, username: str) -> User:
        user = self.state.user_by_username(username)
        if user is None:
            msg = f"No sandbox user @{username}; try {self.default_username!r}."
            raise KeyError(msg)
        return user

    @property
    def default_user(self) -> User:
        return self.user_by_username(self.default_username)

    def issue_token(
        self, username: str | None = None, scopes: Iterable[str] | None = None
    ) -> str:
        """A user access token (all scopes by default) without the OAuth dance."""
        with self.lock:
            user = self.user_by_username(username or self.default_username)
            return self.tokens.issue_user(user.id, scopes).value

    def issue_app_token(self) -> str:
        """An app-only bearer token."""
        with self.lock:
            return self.tokens.issue("app", client_id="xkit-sandbox-confidential").value

    def month_usage(self) -> int:
        prefix = self.clock.now().date().isoformat()[:7]
        return sum(n for day, n in self.state.usage.items() if day.startswith(prefix))

    # -- dispatch ---------------------------------------------------------------

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Serve one request. Thread-safe."""
        with self.lock:
            path = request.url.path
            query = normalize_query(dict(request.url.params.multi_items()))
            self.requests.append((request.method, path, query))
            found, params, path_known = match(request.method, path)
            if found is None:
                status, title = (
                    (405, "Method Not Allowed") if path_known else (404, "Not Found")
                )
                body = {
                    "title": title,
                    "type": "about:blank",
                    "status": status,
                    "detail": f"No {request.method} endpoint at {path}.",
                }
                return json_response(
                    status, body, content_type="application/problem+json"
                )
            headers: dict[str, str] = {}
            try:
                return self._serve(found, request, params, query, headers)
            except ApiError as error:
                return json_response(
                    error.status,
                    error.body,
                    headers={**headers, **error.headers},
                    content_type=error.content_type,
                )

    def _serve(
        self,
        found: Route,
        request: httpx.Request,
        params: dict[str, str],
        query: dict[str, str],
        headers: dict[str, str],
    ) -> httpx.Response:
        op = found.operation if found.auth else None
        principal: Principal | None = None
        if found.auth:
            principal = self.tokens.identify(request)
            endpoint = f"{found.method} {found.spec_path or found.path}"
            allowed, limits = self.ratelimiter.check(endpoint, principal.key)
            headers.update(limits)
            if not allowed:
                raise rate_limited(limits)
            self.tokens.authorize(principal, op)
            if found.reads_posts and self.month_usage() >= self.monthly_post_cap:
                raise usage_capped(limits)
        if op is not None:
            validate_params(op, params, query)
        ctx = Ctx(self, request, params, query, principal, op)
        result = found.handler(ctx)
        if isinstance(result, httpx.Response):
            response = result
        else:
            response = json_response(200, result)
            if found.reads_posts:
                self._count_posts(result)
        response.headers.update(headers)
        return response

    def _count_posts(self, body: Mapping[str, Any]) -> None:
        data = body.get("data")
        count = len(data) if isinstance(data, list) else int(isinstance(data, dict))
        if count:
            day = self.clock.now().date().isoformat()
            self.state.usage[day] = self.state.usage.get(day, 0) + count
