"""The xkit demos on LangChain: ``create_agent`` with the use case's tools.

Offline, the model is :class:`ScriptedChatModel`, which asks the use case's
scripted policy for each next message after reading the tool results in the
conversation. With ``model="provider:name"`` it is
``langchain.chat_models.init_chat_model(model)``. Run them with ``xkit demo``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain.agents import create_agent
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import ConfigDict

from langchain_xkit import XToolkit
from xkit import Toolkit
from xkit.demos import (
    Answer,
    Context,
    DemoError,
    DemoRun,
    Scripted,
    Step,
    UseCase,
    step_from_output,
    text_of,
)

__all__ = ["ScriptedChatModel", "run_demo", "steps_of"]


def steps_of(messages: Sequence[BaseMessage], *, full: bool = True) -> list[Step]:
    """The tool calls of a conversation, each paired with its ToolMessage.

    ``full`` reads each tool's full result (the artifact); otherwise the
    compact JSON the model reads, which is what the scripted model gets.
    """
    calls: dict[str, tuple[str, dict[str, Any]]] = {}
    steps: list[Step] = []
    for message in messages:
        if isinstance(message, AIMessage):
            for call in message.tool_calls:
                calls[call["id"] or ""] = (call["name"], call["args"])
        elif isinstance(message, ToolMessage) and message.tool_call_id in calls:
            name, args = calls[message.tool_call_id]
            steps.append(
                step_from_output(
                    name,
                    args,
                    message.content,
                    artifact=message.artifact if full else None,
                    is_error=message.status == "error",
                )
            )
    return steps


class ScriptedChatModel(BaseChatModel):
    """A chat model whose every reply comes from a use case's scripted policy."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    script: Scripted

    @property
    def _llm_type(self) -> str:
        return "xkit-scripted"

    def bind_tools(self, tools: Any, **kwargs: Any) -> ScriptedChatModel:
        """Tools are already known to the script: nothing to bind."""
        return self

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        decision = self.script.decide(steps_of(messages, full=False))
        if isinstance(decision, Answer):
            message = AIMessage(content=decision.text)
        else:
            message = AIMessage(
                content="",
                tool_calls=[
                    {
                        "name": decision.tool,
                        "args": dict(decision.args),
                        "id": self.script.new_call_id(),
                        "type": "tool_call",
                    }
                ],
            )
        return ChatResult(generations=[ChatGeneration(message=message)])


def _real_model(model: str) -> BaseChatModel:
    from langchain.chat_models import init_chat_model

    try:
        return init_chat_model(model)
    except ImportError as exc:  # the provider's integration package is missing
        raise DemoError(f"Model {model!r}: {exc}") from None
    except Exception as exc:  # unknown provider, missing API key...
        raise DemoError(f"Model {model!r} (PROVIDER:MODEL): {exc}") from None


def run_demo(
    usecase: UseCase, toolkit: Toolkit, context: Context, *, model: str | None = None
) -> DemoRun:
    """Run one use case through LangChain's agent loop."""
    chat: BaseChatModel = (
        _real_model(model)
        if model
        else ScriptedChatModel(script=Scripted(usecase, context))
    )
    tools = XToolkit(toolkit, tools=list(usecase.tools)).get_tools()
    agent = create_agent(chat, tools=tools, system_prompt=usecase.system_prompt)
    state = agent.invoke(
        {"messages": [HumanMessage(usecase.task(context))]},
        config={"recursion_limit": 200},
    )
    messages: list[BaseMessage] = state["messages"]
    final = messages[-1] if messages else None
    answer = text_of(final.content) if isinstance(final, AIMessage) else ""
    return DemoRun(tuple(steps_of(messages)), answer)
