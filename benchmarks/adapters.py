"""Adapter overhead: a LangChain / LlamaIndex tool invocation against the core call.

    python benchmarks/adapters.py [--calls 500] [--rounds 7]

Two settings, each with its own core baseline measured in the same run:

* in-process: a ``MockTransport`` with a canned answer, so the ratio shows the
  adapter's own cost against the whole client-side cost of a core call;
* served: the sandbox under uvicorn on 127.0.0.1, as an agent would see it.

Target: each adapter at most 1.15x the core call (sync and async).
"""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from _common import acompare, compare, report, served_sandbox

import xkit

TOOL = "twitter_post_lookup"
CANNED = json.dumps({"data": {"id": "20", "text": "just setting up my twttr"}})


def canned_toolkit() -> xkit.Toolkit:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=CANNED.encode())

    return xkit.Toolkit(access_token="u", transport=httpx.MockTransport(answer))


def tools_for(tk: xkit.Toolkit) -> tuple[Any, Any]:
    from langchain_xkit import XToolkit
    from llama_index.tools.xkit import XToolSpec

    lc = next(t for t in XToolkit(tk).get_tools() if t.name == TOOL)
    li = next(t for t in XToolSpec(tk).to_tool_list() if t.metadata.name == TOOL)
    return lc, li


def sync_contenders(tk: xkit.Toolkit, post_id: str) -> dict[str, Callable[[], object]]:
    lc, li = tools_for(tk)
    args = {"id": post_id}
    assert post_id in str(lc.invoke(args)) and post_id in str(li.call(**args))
    return {
        "core Toolkit.call": lambda: tk.call(TOOL, args),
        "LangChain tool.invoke": lambda: lc.invoke(args),
        "LlamaIndex tool.call": lambda: li.call(**args),
    }


async def async_results(
    tk: xkit.Toolkit, post_id: str, calls: int, rounds: int
) -> dict[str, float]:
    lc, li = tools_for(tk)
    args = {"id": post_id}
    contenders: dict[str, Callable[[], Awaitable[object]]] = {
        "core Toolkit.acall": lambda: tk.acall(TOOL, args),
        "LangChain tool.ainvoke": lambda: lc.ainvoke(args),
        "LlamaIndex tool.acall": lambda: li.acall(**args),
    }

    results = await acompare(contenders, calls=calls, rounds=rounds)
    return results


def run_setting(title: str, tk: xkit.Toolkit, post_id: str, opts: Any) -> None:
    results = compare(
        sync_contenders(tk, post_id), calls=opts.calls, rounds=opts.rounds
    )
    report(f"{title}, sync (target <= 1.15x core)", results, "core Toolkit.call")
    aresults = asyncio.run(async_results(tk, post_id, opts.calls, opts.rounds))
    report(f"{title}, async (target <= 1.15x core)", aresults, "core Toolkit.acall")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=7)
    opts = parser.parse_args()
    run_setting("in-process MockTransport", canned_toolkit(), "20", opts)
    with served_sandbox() as served:
        tk = xkit.Toolkit(access_token=served.user_token, base_url=served.url)
        run_setting("served sandbox", tk, served.post_id, opts)


if __name__ == "__main__":
    main()
