"""1,000 concurrent async calls through one toolkit against raw httpx.

    python benchmarks/concurrency.py [--calls 1000] [--rounds 3]

Both sides fire ``--calls`` requests at once with ``asyncio.gather`` against
the sandbox served by uvicorn on 127.0.0.1, with the same connection limits.
Targets: zero errors; xkit throughput at least 0.9x raw httpx.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections import Counter
from collections.abc import Awaitable, Callable

import httpx
from _common import Served, served_sandbox

import xkit

TOOL = "twitter_post_lookup"


async def burst(
    fn: Callable[[], Awaitable[object]], calls: int
) -> tuple[float, Counter[str]]:
    """(seconds, error kinds) for ``calls`` concurrent calls of ``fn``."""
    started = time.perf_counter()
    outcomes = await asyncio.gather(
        *(fn() for _ in range(calls)), return_exceptions=True
    )
    elapsed = time.perf_counter() - started
    errors = Counter(
        f"{type(o).__name__}: {str(o)[:100]}"
        for o in outcomes
        if isinstance(o, BaseException)
    )
    return elapsed, errors


async def measure(served: Served, calls: int, rounds: int) -> None:
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
    pool = httpx.Timeout(60.0)
    raw = httpx.AsyncClient(
        base_url=served.url, headers=served.headers, limits=limits, timeout=pool
    )
    tk = xkit.Toolkit(access_token=served.user_token, base_url=served.url, timeout=60)
    # The toolkit's own client, given the same limits as the raw one.
    tk._aclients[asyncio.get_running_loop()] = httpx.AsyncClient(
        limits=limits, timeout=pool
    )
    path = f"/2/tweets/{served.post_id}"
    args = {"id": served.post_id}

    async def raw_call() -> object:
        response = await raw.get(path)
        response.raise_for_status()
        return response.json()

    async def xkit_call() -> object:
        return await tk.acall(TOOL, args)

    await burst(raw_call, 100)  # warm up both pools
    await burst(xkit_call, 100)
    seconds: dict[str, list[float]] = {"raw httpx": [], "xkit": []}
    errors: dict[str, Counter[str]] = {"raw httpx": Counter(), "xkit": Counter()}
    for _ in range(rounds):
        for name, fn in (("raw httpx", raw_call), ("xkit", xkit_call)):
            elapsed, failed = await burst(fn, calls)
            seconds[name].append(elapsed)
            errors[name].update(failed)
    print(f"\n{calls} concurrent calls, median of {rounds} rounds")
    rates = {}
    for name, values in seconds.items():
        rates[name] = calls / statistics.median(values)
        count = sum(errors[name].values())
        print(f"  {name:<10} {rates[name]:8.0f} calls/s   errors {count}")
        for kind, n in errors[name].most_common(3):
            print(f"      {n} x {kind}")
    ratio = rates["xkit"] / rates["raw httpx"]
    print(f"  xkit throughput {ratio:.2f}x raw httpx (target >= 0.90x, 0 errors)")
    await raw.aclose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    opts = parser.parse_args()
    with served_sandbox() as served:
        asyncio.run(measure(served, opts.calls, opts.rounds))


if __name__ == "__main__":
    main()
