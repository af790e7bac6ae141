"""Serving the sandbox over HTTP: a Starlette adapter around `Sandbox.handle`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

if TYPE_CHECKING:
    from ._sandbox import Sandbox

__all__ = ["asgi_app", "serve"]

METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]
HOP_HEADERS = {"content-length", "transfer-encoding", "connection"}


def asgi_app(sandbox: Sandbox) -> Starlette:
    """A Starlette app that forwards every request to `sandbox.handle`."""

    async def endpoint(request: Request) -> Response:
        outgoing = httpx.Request(
            request.method,
            str(request.url),
            headers=request.headers.raw,
            content=await request.body(),
        )
        reply = sandbox.handle(outgoing)
        headers = {
            k: v for k, v in reply.headers.items() if k.lower() not in HOP_HEADERS
        }
        return Response(reply.content, status_code=reply.status_code, headers=headers)

    return Starlette(routes=[Route("/{path:path}", endpoint, methods=METHODS)])


def serve(
    host: str = "127.0.0.1", port: int = 8787, seed: int = 0, token_ttl: int = 7200
) -> None:
    """Run a sandbox under uvicorn until interrupted."""
    import uvicorn

    from ._sandbox import Sandbox

    sandbox = Sandbox(seed, token_ttl=token_ttl, base_url=f"http://{host}:{port}")
    uvicorn.run(sandbox.asgi_app(), host=host, port=port, log_level="warning")
