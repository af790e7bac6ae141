"""Each adapter sends exactly what core sends, for every tool in the registry.

Every tool is called with its own ``example`` three times, on fresh recorded
toolkits: through core, through the LangChain tool and through the LlamaIndex
tool. The requests (method, URL, body) and the outcome must be identical.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import pytest
from _adapter_support import Recording
from langchain_core.messages import ToolMessage

import xkit
from langchain_xkit import XTool
from llama_index.tools.xkit import function_tool
from xkit.tools import REGISTRY


def _tool_call(name: str, args: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "args": args, "id": "call_1", "type": "tool_call"}


def _through_core(rec: Recording, name: str, args: Any, mode: str) -> str:
    try:
        if mode == "sync":
            result = rec.toolkit.call(name, args)
        else:
            result = asyncio.run(rec.toolkit.acall(name, args))
    except xkit.XkitError as exc:
        return f"error: {exc}"
    return xkit.shape_result(result, page_token_param=REGISTRY[name].page_token)


def _through_langchain(rec: Recording, name: str, args: Any, mode: str) -> str:
    tool = XTool.from_spec(REGISTRY[name], rec.toolkit)
    call = _tool_call(name, args)
    run = tool.invoke if mode == "sync" else lambda c: asyncio.run(tool.ainvoke(c))
    message = run(call)
    assert isinstance(message, ToolMessage)
    prefix = "error: " if message.status == "error" else ""
    return prefix + str(message.content)


def _through_llamaindex(rec: Recording, name: str, args: Any, mode: str) -> str:
    tool = function_tool(REGISTRY[name], rec.toolkit)
    output = tool.call(**args) if mode == "sync" else asyncio.run(tool.acall(**args))
    return ("error: " if output.is_error else "") + output.content


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_adapters_send_what_core_sends(
    name: str, mode: str, recording: Callable[..., Recording]
) -> None:
    example = dict(REGISTRY[name].input_model.example)
    outcomes, requests = [], []
    for route in (_through_core, _through_langchain, _through_llamaindex):
        rec = recording()
        outcomes.append(route(rec, name, json.loads(json.dumps(example)), mode))
        requests.append(rec.sent)

    core, langchain, llamaindex = requests
    assert core, f"{name} sent nothing through core"
    assert langchain == core
    assert llamaindex == core
    assert outcomes[1] == outcomes[0]
    assert outcomes[2] == outcomes[0]
    assert not outcomes[0].startswith("error: "), outcomes[0]
