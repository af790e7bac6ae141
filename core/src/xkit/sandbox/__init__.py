"""xkit sandbox: a stateful, seeded, in-memory emulator of the X API v2.

    from xkit.sandbox import Sandbox

    sb = Sandbox(seed=0)
    client = httpx.Client(base_url="https://api.x.com", transport=sb.transport(),
                          headers={"authorization": f"Bearer {sb.issue_token()}"})
    client.get("/2/users/me").json()

Serve it for other processes with `serve()` (or `xkit sandbox serve`). Route modules
and extension points are described in `xkit.sandbox._app`.
"""

from __future__ import annotations

from ._clock import EPOCH, FakeClock
from ._errors import ApiError
from ._sandbox import DEFAULT_MONTHLY_POST_CAP, Sandbox
from ._state import World
from ._world import DEFAULT_USERNAME


def serve(
    host: str = "127.0.0.1", port: int = 8787, seed: int = 0, token_ttl: int = 7200
) -> None:
    """Run a sandbox under uvicorn until interrupted (Starlette loads only here)."""
    from ._serve import serve as run

    run(host=host, port=port, seed=seed, token_ttl=token_ttl)


__all__ = [
    "DEFAULT_MONTHLY_POST_CAP",
    "DEFAULT_USERNAME",
    "EPOCH",
    "ApiError",
    "FakeClock",
    "Sandbox",
    "World",
    "serve",
]
