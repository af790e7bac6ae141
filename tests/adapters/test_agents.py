"""Whole agent runs, offline: a scripted model drives real tool calls.

In both frameworks the model looks itself up, makes one deliberate mistake
(replying to a post that does not exist), reads the error, and posts correctly.
The sandbox must then hold the new post by the demo user.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pytest
from langchain.agents import create_agent
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from llama_index.core.agent.workflow import FunctionAgent, ToolCallResult
from llama_index.core.base.llms.types import ToolCallBlock
from llama_index.core.llms import ChatMessage, MessageRole
from llama_index.core.llms.mock import MockFunctionCallingLLM

import xkit
from langchain_xkit import XToolkit
from llama_index.tools.xkit import XToolSpec

TOOLS = ["twitter_user_me", "twitter_post_create"]
MISSING_POST = "1"  # a well-formed id of a post the sandbox does not have


def next_step(results: list[tuple[str, str]]) -> tuple[str, dict[str, Any]] | str:
    """The scripted model: the next tool call, or the final answer.

    ``results`` are the (tool name, content) of the tool results so far.
    """
    if not results:
        return "twitter_user_me", {"user.fields": "description"}
    tool, content = results[-1]
    if tool == "twitter_user_me":
        me = json.loads(content)["data"]["username"]
        text = f"Hello from @{me}, an offline agent test."
        return "twitter_post_create", {
            "text": text,
            "reply.in_reply_to_tweet_id": MISSING_POST,
        }
    if not content.startswith("{"):  # an error message, not a JSON result
        me = json.loads(results[0][1])["data"]["username"]
        return "twitter_post_create", {
            "text": f"Hello from @{me}, an offline agent test."
        }
    return f"Posted {json.loads(content)['data']['id']}."


def assert_posted(toolkit: xkit.Toolkit) -> None:
    sandbox = toolkit.sandbox
    assert sandbox is not None
    me = sandbox.default_user.id
    posts = [t for t in sandbox.state.tweets.values() if t.author_id == me]
    texts = [t.text for t in posts]
    assert "Hello from @xkit_dev, an offline agent test." in texts


# -- LangChain -----------------------------------------------------------------


class ScriptedChatModel(BaseChatModel):
    """A chat model answering with :func:`next_step`; tools are bound as-is."""

    calls: int = 0

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> ScriptedChatModel:
        return self

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, **kwargs: Any
    ) -> ChatResult:
        results = [
            (m.name or "", str(m.content))
            for m in messages
            if isinstance(m, ToolMessage)
        ]
        step = next_step(results)
        self.calls += 1
        if isinstance(step, str):
            message = AIMessage(content=step)
        else:
            name, args = step
            call = {"name": name, "args": args, "id": f"call_{self.calls}"}
            message = AIMessage(content="", tool_calls=[call])
        return ChatResult(generations=[ChatGeneration(message=message)])


def test_langchain_agent_recovers_from_an_error_and_posts() -> None:
    toolkit = xkit.Toolkit(sandbox=True)
    agent = create_agent(
        ScriptedChatModel(), tools=XToolkit(toolkit, tools=TOOLS).get_tools()
    )

    state = agent.invoke({"messages": [{"role": "user", "content": "Say hello."}]})

    tool_messages = [m for m in state["messages"] if isinstance(m, ToolMessage)]
    assert [m.status for m in tool_messages] == ["success", "error", "success"]
    assert "deleted or not visible" in str(tool_messages[1].content)
    assert tool_messages[2].artifact["data"]["id"]
    assert state["messages"][-1].content.startswith("Posted ")
    assert_posted(toolkit)


# -- LlamaIndex ----------------------------------------------------------------


def scripted_reply(messages: Sequence[ChatMessage], **kwargs: Any) -> ChatMessage:
    """:func:`next_step` as a LlamaIndex ``response_generator``."""
    names = [
        block.tool_name
        for m in messages
        for block in m.blocks
        if isinstance(block, ToolCallBlock)
    ]
    contents = [m.content or "" for m in messages if m.role == MessageRole.TOOL]
    results = list(zip(names, contents, strict=True))
    step = next_step(results)
    if isinstance(step, str):
        return ChatMessage(role=MessageRole.ASSISTANT, content=step)
    name, args = step
    call = ToolCallBlock(
        tool_call_id=f"call_{len(names)}", tool_name=name, tool_kwargs=args
    )
    return ChatMessage(role=MessageRole.ASSISTANT, blocks=[call])


# llama-index-workflows inspects the agent with inspect.getmembers(), which
# reads pydantic's deprecated attributes (``__fields__``...): warnings raised
# from the framework, attributed to ``inspect``, not from xkit.
@pytest.mark.filterwarnings("ignore::DeprecationWarning:inspect")
async def test_llamaindex_agent_recovers_from_an_error_and_posts() -> None:
    toolkit = xkit.Toolkit(sandbox=True)
    agent = FunctionAgent(
        tools=XToolSpec(toolkit, tools=TOOLS).to_tool_list(),
        llm=MockFunctionCallingLLM(response_generator=scripted_reply),
        system_prompt="Act on X for the user.",
    )

    handler = agent.run(user_msg="Say hello.")
    results = [
        ev async for ev in handler.stream_events() if isinstance(ev, ToolCallResult)
    ]
    answer = await handler

    assert [r.tool_output.is_error for r in results] == [False, True, False]
    assert "deleted or not visible" in results[1].tool_output.content
    assert results[2].tool_output.raw_output["data"]["id"]
    assert str(answer).startswith("Posted ")
    assert_posted(toolkit)
