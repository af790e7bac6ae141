"""Tool definitions exported for the OpenAI and Anthropic APIs."""

from __future__ import annotations

import json
from typing import Any

import xkit
from xkit import to_anthropic_tools, to_openai_tools
from xkit.tools import REGISTRY


def _keys(schema: dict[str, Any]) -> set[str]:
    return set(schema["properties"])


def test_openai_tools_cover_every_spec_with_wire_names() -> None:
    tools = to_openai_tools(REGISTRY.values())
    assert [t["function"]["name"] for t in tools] == list(REGISTRY)
    for tool, spec in zip(tools, REGISTRY.values(), strict=True):
        assert tool["type"] == "function"
        assert tool["function"]["description"] == spec.description
        assert tool["function"]["parameters"] == spec.input_schema
        assert tool["function"]["parameters"]["type"] == "object"
    json.dumps(tools)

    search = {t["function"]["name"]: t for t in tools}["twitter_recent_search"]
    assert {"tweet.fields", "user.fields"} <= _keys(search["function"]["parameters"])


def test_anthropic_tools_cover_every_spec_with_wire_names() -> None:
    tools = to_anthropic_tools(REGISTRY.values())
    assert [t["name"] for t in tools] == list(REGISTRY)
    for tool, spec in zip(tools, REGISTRY.values(), strict=True):
        assert set(tool) == {"name", "description", "input_schema"}
        assert tool["input_schema"] == spec.input_schema
    json.dumps(tools)


def test_undotted_names_for_providers_that_reject_dots() -> None:
    for tool in to_openai_tools(REGISTRY.values(), dotted=False):
        assert not any("." in k for k in _keys(tool["function"]["parameters"]))
    for tool in to_anthropic_tools(REGISTRY.values(), dotted=False):
        assert not any("." in k for k in _keys(tool["input_schema"]))
    [search] = to_openai_tools([REGISTRY["twitter_recent_search"]], dotted=False)
    assert {"tweet_fields", "user_fields"} <= _keys(search["function"]["parameters"])


def test_undotted_arguments_are_accepted_back_by_the_toolkit() -> None:
    toolkit = xkit.Toolkit(sandbox=True)
    result = toolkit.call("twitter_user_me", {"user_fields": "description"})
    assert result["data"]["description"]


def test_toolkit_methods_export_the_exposed_tools() -> None:
    toolkit = xkit.Toolkit(access_token="t", read_only=True)
    assert toolkit.openai_tools() == to_openai_tools(toolkit.tools)
    assert toolkit.anthropic_tools(dotted=False) == to_anthropic_tools(
        toolkit.tools, dotted=False
    )
    names = {t["name"] for t in toolkit.anthropic_tools()}
    assert "twitter_post_create" not in names and "twitter_user_me" in names
