"""Per-call overhead of an xkit tool call against a bare httpx request and tweepy.

    python benchmarks/overhead.py [--calls 500] [--rounds 7]

All contenders fetch the same post (``GET /2/tweets/{id}``) from one sandbox
served by uvicorn on 127.0.0.1. Targets: xkit at most 1.10x bare httpx (sync
and async); xkit faster per call than tweepy.

tweepy hard-codes ``https://api.twitter.com`` inside ``Client.request``; a
requests transport adapter mounted on its session rewrites that origin to the
sandbox, which changes nothing else in tweepy's path. Its async client runs
on aiohttp, which has no such hook short of subclassing ``ClientSession``, so
only the sync client is compared.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from _common import Served, acompare, compare, report, served_sandbox

import xkit


def tweepy_client(served: Served) -> Any:
    import tweepy
    from requests.adapters import HTTPAdapter

    class ToSandbox(HTTPAdapter):
        def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
            request.url = request.url.replace("https://api.twitter.com", served.url, 1)
            return super().send(request, *args, **kwargs)

    client = tweepy.Client(bearer_token=served.user_token)
    client.session.mount("https://api.twitter.com", ToSandbox())
    return client


def sync_contenders(served: Served) -> dict[str, Callable[[], object]]:
    bare = httpx.Client(base_url=served.url, headers=served.headers)
    tk = xkit.Toolkit(access_token=served.user_token, base_url=served.url)
    tweepy = tweepy_client(served)
    path = f"/2/tweets/{served.post_id}"
    args = {"id": served.post_id}
    assert tk.call("twitter_post_lookup", args)["data"]["id"] == served.post_id
    assert tweepy.get_tweet(served.post_id).data.id == int(served.post_id)
    return {
        "httpx (bare GET + json)": lambda: bare.get(path).json(),
        "xkit Toolkit.call": lambda: tk.call("twitter_post_lookup", args),
        "tweepy Client.get_tweet": lambda: tweepy.get_tweet(served.post_id),
    }


async def async_compare(served: Served, calls: int, rounds: int) -> dict[str, float]:
    bare = httpx.AsyncClient(base_url=served.url, headers=served.headers)
    tk = xkit.Toolkit(access_token=served.user_token, base_url=served.url)
    path = f"/2/tweets/{served.post_id}"
    args = {"id": served.post_id}

    async def bare_call() -> object:
        return (await bare.get(path)).json()

    async def xkit_call() -> object:
        return await tk.acall("twitter_post_lookup", args)

    contenders: dict[str, Callable[[], Awaitable[object]]] = {
        "httpx.AsyncClient (bare GET + json)": bare_call,
        "xkit Toolkit.acall": xkit_call,
    }

    results = await acompare(contenders, calls=calls, rounds=rounds)
    await bare.aclose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=7)
    opts = parser.parse_args()
    with served_sandbox() as served:
        results = compare(sync_contenders(served), calls=opts.calls, rounds=opts.rounds)
        report(
            "sync, per call (target xkit <= 1.10x httpx)",
            results,
            "httpx (bare GET + json)",
        )
        xkit_s = results["xkit Toolkit.call"]
        tweepy_s = results["tweepy Client.get_tweet"]
        print(f"  xkit vs tweepy: {xkit_s / tweepy_s:.2f}x (target < 1.00x)")
        aresults = asyncio.run(async_compare(served, opts.calls, opts.rounds))
        report(
            "async, per call (target xkit <= 1.10x httpx)",
            aresults,
            "httpx.AsyncClient (bare GET + json)",
        )


if __name__ == "__main__":
    main()
