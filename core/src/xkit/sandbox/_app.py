"""Routing and dispatch: how a request becomes a response. Start here to extend.

Extension points
----------------
* **Add a route module.** Create `routes/<domain>.py`, decorate plain functions with
  `@route("GET", "/2/things/{id}")` and import the module in `routes/__init__.py`.
  A handler takes a `Ctx` and returns a JSON-able dict (sent as 200) or an
  `httpx.Response` (see `json_response`). It raises `ApiError` (builders in
  `_errors`) for failures.
* **Auth, scopes, parameters.** Nothing to write: the route's `METHOD path` is looked up
  in the bundled OpenAPI spec (`_spec`), which decides app-only vs user tokens, the
  scopes, and the allowed query parameters with their enums and bounds
  (`_validate`). Pass `spec_path=` when the spec spells the path differently, or
  `auth=False` for endpoints outside the API (OAuth, static files).
* **Rendering.** `ctx.renderer()` returns a `_render.Renderer` that honours
  `*.fields` and `expansions` and builds `includes`; `ctx.page(items)` paginates.
* **Posts read.** Pass `reads_posts=True` so the route counts toward the monthly
  usage cap (429 `usage-capped` once exceeded).
* **State.** `ctx.world` is the mutable `_state.World`; `ctx.now` the fake clock time.
  Handlers run under the sandbox lock, so they may mutate freely.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from ._auth import Principal
from ._errors import forbidden, invalid_request
from ._paging import Page, paginate
from ._render import Renderer
from ._spec import Operation, operation
from ._state import World

if TYPE_CHECKING:
    from ._sandbox import Sandbox

__all__ = ["ROUTES", "Ctx", "Handler", "Route", "json_response", "match", "route"]

JsonDict = dict[str, Any]
T = TypeVar("T")
Handler = Callable[["Ctx"], "JsonDict | httpx.Response"]


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    handler: Handler
    auth: bool = True
    reads_posts: bool = False
    spec_path: str | None = None
    pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)
    rank: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(self.path))
        object.__setattr__(self, "pattern", re.compile(regex + "$"))
        segments = self.path.strip("/").split("/")
        rank = tuple(0 if s.startswith("{") else 1 for s in segments)
        object.__setattr__(self, "rank", rank)

    @property
    def operation(self) -> Operation | None:
        return operation(self.method, self.spec_path or self.path)


ROUTES: list[Route] = []


def route(
    method: str,
    path: str,
    *,
    auth: bool = True,
    reads_posts: bool = False,
    spec_path: str | None = None,
) -> Callable[[Handler], Handler]:
    """Register `handler` for `METHOD path` (path placeholders in `{braces}`)."""

    def register(handler: Handler) -> Handler:
        key = (method.upper(), path)
        if any((r.method, r.path) == key for r in ROUTES):
            msg = f"Route {method} {path} is registered twice."
            raise RuntimeError(msg)
        ROUTES.append(
            Route(method.upper(), path, handler, auth, reads_posts, spec_path)
        )
        return handler

    return register


def match(method: str, path: str) -> tuple[Route | None, dict[str, str], bool]:
    """The most specific route for `path`: (route, path params, path known at all)."""
    best: tuple[Route, dict[str, str]] | None = None
    path_known = False
    for candidate in ROUTES:
        found = candidate.pattern.match(path)
        if found is None:
            continue
        path_known = True
        if candidate.method != method:
            continue
        if best is None or candidate.rank > best[0].rank:
            best = (candidate, found.groupdict())
    if best is None:
        return None, {}, path_known
    return best[0], best[1], True


def json_response(
    status: int,
    body: Mapping[str, Any],
    *,
    headers: Mapping[str, str] | None = None,
    content_type: str = "application/json",
) -> httpx.Response:
    content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    merged = {"content-type": content_type, **(headers or {})}
    return httpx.Response(status, headers=merged, content=content)


@dataclass
class Ctx:
    """Everything a handler needs for one request."""

    sandbox: Sandbox
    request: httpx.Request
    params: dict[str, str]
    query: dict[str, str]
    principal: Principal | None
    op: Operation | None

    @property
    def world(self) -> World:
        return self.sandbox.state

    @property
    def now(self) -> datetime:
        return self.sandbox.clock.now()

    @property
    def user_id(self) -> str:
        """The authenticated user's id (403 for app-only tokens)."""
        if self.principal is None or self.principal.user_id is None:
            raise forbidden("This endpoint needs a user access token.")
        return self.principal.user_id

    def own(self, name: str = "id") -> str:
        """Path parameter `name`, which must be the authenticated user (else 403)."""
        value = self.params[name]
        if value != self.user_id:
            raise forbidden(
                f"You are not permitted to perform this action: path parameter "
                f"`{name}` [{value}] is not the authenticated user."
            )
        return value

    def body(self) -> JsonDict:
        """The JSON request body (400 when missing or malformed)."""
        try:
            parsed = json.loads(self.request.content or b"null")
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict):
            raise invalid_request("The request body must be a JSON object.")
        return parsed

    def renderer(self) -> Renderer:
        viewer = self.principal.user_id if self.principal else None
        return Renderer(self.world, self.query, self.now, viewer)

    def max_results(self, default: int | None = None) -> int:
        value = self.query.get("max_results")
        if value:
            return int(value)
        param = self.op.params.get("max_results") if self.op else None
        if default is not None:
            return default
        if param is not None and param.default is not None:
            return int(param.default)
        return 100

    def page(
        self,
        items: list[T],
        *,
        token_param: str = "pagination_token",
        default: int | None = None,
    ) -> Page[T]:
        token = self.query.get(token_param) or self.query.get("pagination_token")
        salt = f"{self.request.method} {self.request.url.path}"
        return paginate(
            items,
            max_results=self.max_results(default),
            token=token,
            salt=salt,
            parameter=token_param,
        )

    def require(self, body: JsonDict, name: str) -> Any:
        value = body.get(name)
        if value is None or value == "":
            raise invalid_request(f"The `{name}` field is required.", {name: [""]})
        return value
