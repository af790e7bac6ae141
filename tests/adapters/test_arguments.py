"""Argument values reach the HTTP request whichever spelling the model uses.

Models read the dotted X names from the schema (``tweet.fields``) but may send
Python names (``tweet_fields``); both must land on the wire, through both
adapters, sync and async.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import pytest
from _adapter_support import Recording
from langchain_core.messages import ToolMessage

from langchain_xkit import XTool
from llama_index.tools.xkit import function_tool
from xkit.tools import REGISTRY

SEARCH_DOTTED = {
    "query": "from:XDevelopers",
    "tweet.fields": "created_at,author_id",
    "user.fields": "username",
    "max_results": 10,
}
SEARCH_PYTHON = {
    "query": "from:XDevelopers",
    "tweet_fields": "created_at,author_id",
    "user_fields": "username",
    "max_results": 10,
}
REPLY_DOTTED = {"text": "Agreed!", "reply.in_reply_to_tweet_id": "1460323737035677698"}
REPLY_PYTHON = {"text": "Agreed!", "reply_in_reply_to_tweet_id": "1460323737035677698"}


def _langchain(rec: Recording, name: str, args: dict[str, Any], mode: str) -> None:
    tool = XTool.from_spec(REGISTRY[name], rec.toolkit)
    call = {"name": name, "args": args, "id": "call_1", "type": "tool_call"}
    message = tool.invoke(call) if mode == "sync" else asyncio.run(tool.ainvoke(call))
    assert isinstance(message, ToolMessage)
    assert message.status == "success", message.content


def _llamaindex(rec: Recording, name: str, args: dict[str, Any], mode: str) -> None:
    tool = function_tool(REGISTRY[name], rec.toolkit)
    output = tool.call(**args) if mode == "sync" else asyncio.run(tool.acall(**args))
    assert not output.is_error, output.content


ADAPTERS = {"langchain": _langchain, "llamaindex": _llamaindex}


@pytest.mark.parametrize("adapter", sorted(ADAPTERS))
@pytest.mark.parametrize("args", [SEARCH_DOTTED, SEARCH_PYTHON], ids=["dotted", "py"])
def test_query_values_reach_the_request(
    adapter: str, args: dict[str, Any], mode: str, recording: Callable[..., Recording]
) -> None:
    rec = recording()
    ADAPTERS[adapter](rec, "twitter_recent_search", args, mode)

    (request,) = rec.requests
    assert request.url.path == "/2/tweets/search/recent"
    assert request.url.params["query"] == "from:XDevelopers"
    assert request.url.params["tweet.fields"] == "created_at,author_id"
    assert request.url.params["user.fields"] == "username"
    assert request.url.params["max_results"] == "10"


@pytest.mark.parametrize("adapter", sorted(ADAPTERS))
@pytest.mark.parametrize("args", [REPLY_DOTTED, REPLY_PYTHON], ids=["dotted", "py"])
def test_body_values_reach_the_request(
    adapter: str, args: dict[str, Any], mode: str, recording: Callable[..., Recording]
) -> None:
    rec = recording()
    ADAPTERS[adapter](rec, "twitter_post_create", args, mode)

    (request,) = rec.requests
    assert (request.method, request.url.path) == ("POST", "/2/tweets")
    assert json.loads(request.content) == {
        "text": "Agreed!",
        "reply": {"in_reply_to_tweet_id": "1460323737035677698"},
    }
