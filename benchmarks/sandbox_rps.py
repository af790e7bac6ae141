"""Sandbox throughput: start `xkit.sandbox` serve in a subprocess, time startup, then
measure requests per second with concurrent async httpx clients.

    python benchmarks/sandbox_rps.py [--seconds 5] [--concurrency 32]
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import subprocess
import sys
import time

import httpx

from xkit.sandbox._cli import fetch_user_token

SERVE = (
    "import sys; from xkit.sandbox._cli import app; "
    "sys.argv = ['sandbox', 'serve', '--port', sys.argv[1]]; app()"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_up(url: str, started: float) -> float:
    while time.perf_counter() - started < 30:
        try:
            httpx.get(url + "/sandbox/media/sample.gif", timeout=0.2)
            return time.perf_counter() - started
        except httpx.TransportError:
            time.sleep(0.01)
    raise SystemExit("sandbox did not start within 30 s")


async def hammer(url: str, token: str, seconds: float, concurrency: int) -> int:
    headers = {"authorization": f"Bearer {token}"}
    deadline = time.perf_counter() + seconds
    paths = [
        "/2/users/me",
        "/2/tweets/search/recent?query=python",
        "/2/users/by/username/orbit_news",
    ]
    done = limited = 0

    async def worker(client: httpx.AsyncClient, index: int) -> None:
        nonlocal done, limited
        while time.perf_counter() < deadline:
            response = await client.get(paths[(done + index) % len(paths)])
            if response.status_code == 429:
                limited += 1  # still a served request; rate windows are real
            elif response.status_code != 200:
                response.raise_for_status()
            done += 1

    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(
        base_url=url, headers=headers, limits=limits
    ) as client:
        await asyncio.gather(*(worker(client, i) for i in range(concurrency)))
    print(f"rate_limited_responses={limited}")
    return done


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", SERVE, str(port)], stdout=subprocess.DEVNULL
    )
    try:
        startup = wait_until_up(url, started)
        tokens = fetch_user_token(url, None, ["tweet.read", "users.read"])
        user_token = str(tokens["access_token"])
        done = asyncio.run(hammer(url, user_token, args.seconds, args.concurrency))
    finally:
        process.terminate()
        process.wait(timeout=10)
    print(f"startup_seconds={startup:.2f}")
    print(f"requests={done} seconds={args.seconds} concurrency={args.concurrency}")
    print(f"requests_per_second={done / args.seconds:.0f}")


if __name__ == "__main__":
    main()
