"""What each adapter exposes and how it reports refusals, for every tool."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import pytest
from _adapter_support import Recording
from langchain_core.messages import ToolMessage
from langchain_core.utils.function_calling import convert_to_openai_tool

import xkit
from langchain_xkit import XTool, XToolkit
from llama_index.tools.xkit import XToolSpec
from xkit.tools import REGISTRY

POST = {"text": "Shipping xkit today."}


def _offline(**options: Any) -> xkit.Toolkit:
    return xkit.Toolkit(access_token="t", base_url="https://api.x.com", **options)


def _lc_call(tool: Any, args: dict[str, Any], mode: str) -> ToolMessage:
    call = {"name": tool.name, "args": args, "id": "call_1", "type": "tool_call"}
    message = tool.invoke(call) if mode == "sync" else asyncio.run(tool.ainvoke(call))
    assert isinstance(message, ToolMessage)
    return message


def _properties(schema: dict[str, Any]) -> set[str]:
    return set(schema["properties"])


def test_agents_get_read_only_tools_unless_writes_are_opted_in() -> None:
    read = [name for name, spec in REGISTRY.items() if spec.read_only]
    assert [t.name for t in XToolkit(_offline()).get_tools()] == read
    assert [t.metadata.name for t in XToolSpec(_offline()).to_tool_list()] == read
    opted = xkit.Toolkit(access_token="u", read_only=False)
    assert len(XToolkit(opted).get_tools()) == len(REGISTRY)


def test_every_tool_is_exposed_with_its_wire_names() -> None:
    lc_tools = XToolkit(_offline(), read_only=False).get_tools()
    li_tools = XToolSpec(_offline(), read_only=False).to_tool_list()
    assert [t.name for t in lc_tools] == list(REGISTRY)
    assert [t.metadata.name for t in li_tools] == list(REGISTRY)

    for lc, li in zip(lc_tools, li_tools, strict=True):
        spec = REGISTRY[lc.name]
        wire = _properties(spec.input_schema)
        lc_schema = convert_to_openai_tool(lc)["function"]
        assert lc_schema["description"] == spec.description
        assert _properties(lc_schema["parameters"]) == wire
        li_schema = li.metadata.to_openai_tool()["function"]  # raises over 1024
        assert len(li.metadata.description) < 1024
        assert _properties(li_schema["parameters"]) == wire


def test_selection_is_done_by_core() -> None:
    chosen = ["twitter_user_me", "twitter_post_create"]
    assert [t.name for t in XToolkit(_offline(), tools=chosen).get_tools()] == chosen
    li = XToolSpec(_offline(), tools=chosen).to_tool_list()
    assert [t.metadata.name for t in li] == chosen

    dm = sorted(xkit.Toolkit(toolsets=["dm"]).select().tools, key=lambda s: s.name)
    lc_dm = XToolkit(_offline(), toolsets=["dm"]).get_tools()
    assert sorted(t.name for t in lc_dm) == [s.name for s in dm]


@pytest.mark.parametrize("where", ["core", "adapter"])
def test_a_read_only_toolkit_exposes_no_write_tool(where: str) -> None:
    core = _offline(read_only=where == "core")
    flag = where == "adapter"
    lc_names = {t.name for t in XToolkit(core, read_only=flag).get_tools()}
    li_names = {t.metadata.name for t in XToolSpec(core, read_only=flag).to_tool_list()}
    reads = {name for name, spec in REGISTRY.items() if spec.read_only}
    assert lc_names == li_names == reads
    assert "twitter_post_create" not in lc_names


def test_granted_only_hides_tools_the_login_cannot_use() -> None:
    core = xkit.Toolkit(sandbox=True, sandbox_scopes=["tweet.read", "users.read"])
    names = {t.name for t in XToolkit(core, granted_only=True).get_tools()}
    assert "twitter_user_me" in names
    assert "twitter_post_create" not in names
    li = XToolSpec(core, granted_only=True).to_tool_list()
    assert {t.metadata.name for t in li} == names


def test_llamaindex_metadata_can_be_overridden_by_name() -> None:
    from llama_index.core.tools import ToolMetadata

    spec = REGISTRY["twitter_user_me"]
    custom = ToolMetadata(
        name="whoami", description="Who am I on X?", fn_schema=spec.input_model
    )
    tools = XToolSpec(_offline()).to_tool_list(
        spec_functions=["twitter_user_me"],
        func_to_metadata_mapping={"twitter_user_me": custom},
    )
    assert [t.metadata.name for t in tools] == ["whoami"]


def test_rejected_approval_sends_nothing_and_tells_the_model(
    mode: str, recording: Callable[..., Recording]
) -> None:
    def deny(request: xkit.ApprovalRequest) -> str:
        assert request.tool == "twitter_post_create"
        return "the user declined"

    rec = recording(approval=deny)
    [lc] = XToolkit(rec.toolkit, tools=["twitter_post_create"]).get_tools()
    message = _lc_call(lc, POST, mode)
    assert message.status == "error"
    assert "not approved (the user declined)" in str(message.content)

    [li] = XToolSpec(rec.toolkit, tools=["twitter_post_create"]).to_tool_list()
    output = li.call(**POST) if mode == "sync" else asyncio.run(li.acall(**POST))
    assert output.is_error
    assert output.content == message.content
    assert isinstance(output.exception, xkit.ApprovalDenied)
    assert rec.requests == []


def test_async_approval_hooks_work_under_ainvoke(
    recording: Callable[..., Recording],
) -> None:
    async def allow(request: xkit.ApprovalRequest) -> bool:
        return True

    rec = recording(approval=allow)
    [lc] = XToolkit(rec.toolkit, tools=["twitter_post_create"]).get_tools()
    assert _lc_call(lc, POST, "async").status == "success"
    assert [w[:2] for w in rec.writes] == [("POST", "https://api.x.com/2/tweets")]


def test_dry_run_describes_the_write_without_sending_it(
    mode: str, recording: Callable[..., Recording]
) -> None:
    rec = recording(dry_run=True)
    [lc] = XToolkit(rec.toolkit, tools=["twitter_post_create"]).get_tools()
    message = _lc_call(lc, POST, mode)
    assert message.status == "success"
    assert message.artifact["dry_run"] is True
    assert message.artifact["request"]["method"] == "POST"
    assert json.loads(str(message.content))["request"]["json"] == POST

    [li] = XToolSpec(rec.toolkit, tools=["twitter_post_create"]).to_tool_list()
    output = li.call(**POST) if mode == "sync" else asyncio.run(li.acall(**POST))
    assert not output.is_error
    assert output.raw_output == message.artifact
    assert rec.requests == []


def test_errors_reach_the_model_as_core_phrased_them(mode: str) -> None:
    core = xkit.Toolkit(sandbox=True)
    bad = {"id": "not-a-post-id"}
    try:
        core.call("twitter_post_lookup", bad)
    except xkit.ValidationFailed as exc:
        expected = str(exc)
    [lc] = XToolkit(core, tools=["twitter_post_lookup"]).get_tools()
    message = _lc_call(lc, bad, mode)
    assert (message.status, message.content, message.artifact) == (
        "error",
        expected,
        None,
    )
    [li] = XToolSpec(core, tools=["twitter_post_lookup"]).to_tool_list()
    output = li.call(**bad) if mode == "sync" else asyncio.run(li.acall(**bad))
    assert (output.is_error, output.content) == (True, expected)


def test_langchain_validation_handler_uses_core_wording() -> None:
    from pydantic import ValidationError

    spec = REGISTRY["twitter_post_lookup"]
    tool = XTool.from_spec(spec, _offline())
    try:
        spec.input_model.model_validate({"id": "x"})
    except ValidationError as exc:
        handler = tool.handle_validation_error
        assert callable(handler)
        assert handler(exc) == str(xkit.validation_failed(spec.name, exc))
        assert handler(exc).startswith("Invalid arguments for twitter_post_lookup")


def test_results_are_compact_json_with_the_full_result_kept() -> None:
    core = xkit.Toolkit(sandbox=True)
    args = {
        "query": "python",
        "max_results": 50,
        "expansions": "author_id",
        "tweet.fields": "author_id",
    }
    [lc] = XToolkit(core, tools=["twitter_recent_search"], max_items=5).get_tools()
    message = _lc_call(lc, args, "sync")
    shown = json.loads(str(message.content))
    assert len(shown["data"]) <= 5
    assert "author" in shown["data"][0] and "author_id" not in shown["data"][0]
    assert "rate_limit" in message.artifact and "includes" in message.artifact

    [li] = XToolSpec(core, tools=["twitter_recent_search"], max_items=5).to_tool_list()
    output = li.call(**args)
    assert isinstance(output.raw_output, dict)
    assert len(json.loads(output.content)["data"]) <= 5


def test_python_names_option_for_providers_that_reject_dots() -> None:
    lc = XToolkit(_offline(), tools=["twitter_post_lookup"], dotted=False).get_tools()
    li = XToolSpec(_offline(), tools=["twitter_post_lookup"], dotted=False)
    lc_props = convert_to_openai_tool(lc[0])["function"]["parameters"]["properties"]
    li_tool = li.to_tool_list()[0]
    li_props = li_tool.metadata.to_openai_tool()["function"]["parameters"]
    for props in (lc_props, li_props["properties"]):
        assert "tweet_fields" in props and "tweet.fields" not in props
