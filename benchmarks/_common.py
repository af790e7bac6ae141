"""Shared pieces of the benchmarks: a served sandbox and a fair timer.

The sandbox runs in its own process under uvicorn, so the server's work does
not share the client's interpreter lock. Rate limits are lifted there (the
sandbox clock never moves, so a 15-minute window would never reset) and the
script prints fresh tokens and a post id on its first line.
"""

from __future__ import annotations

import json
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx

SERVER = """
import json, sys
import uvicorn
from xkit.sandbox import Sandbox

port = int(sys.argv[1])
sandbox = Sandbox(0, base_url=f"http://127.0.0.1:{port}")
sandbox.ratelimiter.limit_for = lambda endpoint: (10**9, 900)
print(json.dumps({"user": sandbox.issue_token(), "app": sandbox.issue_app_token()}))
sys.stdout.flush()
uvicorn.run(sandbox.asgi_app(), host="127.0.0.1", port=port, log_level="warning")
"""


@dataclass(frozen=True)
class Served:
    url: str
    user_token: str
    app_token: str
    post_id: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.user_token}"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def served_sandbox() -> Iterator[Served]:
    """A sandbox served on 127.0.0.1 in a subprocess, for the duration."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(port)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        tokens = json.loads(process.stdout.readline())
        headers = {"Authorization": f"Bearer {tokens['user']}"}
        deadline = time.monotonic() + 30
        while True:
            try:
                me = httpx.get(url + "/2/users/me", headers=headers, timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise SystemExit("the sandbox did not start within 30 s") from None
                time.sleep(0.05)
        user_id = me.json()["data"]["id"]
        posts = httpx.get(f"{url}/2/users/{user_id}/tweets", headers=headers)
        post_id = posts.json()["data"][0]["id"]
        yield Served(url, tokens["user"], tokens["app"], post_id)
    finally:
        process.terminate()
        process.wait(timeout=10)


def per_call(fn: Callable[[], object], calls: int) -> float:
    """Mean seconds per call of ``fn`` over ``calls`` calls."""
    started = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - started) / calls


def compare(
    contenders: dict[str, Callable[[], object]], *, calls: int, rounds: int
) -> dict[str, float]:
    """Median seconds per call of each contender, rounds interleaved.

    Interleaving (A, B, A, B ...) spreads machine noise evenly over all of
    them; the median round drops outliers.
    """
    for fn in contenders.values():  # warm up connections and caches
        per_call(fn, max(10, calls // 20))
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, fn in contenders.items():
            times[name].append(per_call(fn, calls))
    return {name: statistics.median(values) for name, values in times.items()}


async def aper_call(fn: Callable[[], Awaitable[object]], calls: int) -> float:
    """:func:`per_call` for coroutine functions."""
    started = time.perf_counter()
    for _ in range(calls):
        await fn()
    return (time.perf_counter() - started) / calls


async def acompare(
    contenders: dict[str, Callable[[], Awaitable[object]]], *, calls: int, rounds: int
) -> dict[str, float]:
    """:func:`compare` for coroutine functions, on the running loop."""
    for fn in contenders.values():
        await aper_call(fn, max(10, calls // 20))
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, fn in contenders.items():
            times[name].append(await aper_call(fn, calls))
    return {name: statistics.median(values) for name, values in times.items()}


def report(title: str, results: dict[str, float], baseline: str) -> None:
    base = results[baseline]
    print(f"\n{title}")
    for name, seconds in results.items():
        ratio = seconds / base
        print(f"  {name:<34} {seconds * 1e6:9.1f} us/call   {ratio:5.2f}x {baseline}")
