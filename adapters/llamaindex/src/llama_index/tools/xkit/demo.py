"""The xkit demos on LlamaIndex: a ``FunctionAgent`` with the use case's tools.

Offline, the LLM is ``MockFunctionCallingLLM`` whose response generator asks
the use case's scripted policy for each next message after reading the tool
results in the chat. With ``model="provider:name"`` the provider's LLM class
is imported lazily. Run them with ``xkit demo``.
"""

from __future__ import annotations

import asyncio
import importlib
import warnings
from collections.abc import Sequence
from typing import Any

from llama_index.core.agent.workflow import FunctionAgent, ToolCallResult
from llama_index.core.base.llms.types import ChatMessage, MessageRole, ToolCallBlock
from llama_index.core.llms.function_calling import FunctionCallingLLM
from llama_index.core.llms.mock import MockFunctionCallingLLM
from pydantic.warnings import PydanticDeprecationWarning

from llama_index.tools.xkit import XToolSpec
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
)

__all__ = ["PROVIDERS", "run_demo", "steps_of"]

#: provider -> (module, class, package to install)
PROVIDERS = {
    "openai": ("llama_index.llms.openai", "OpenAI", "llama-index-llms-openai"),
    "anthropic": (
        "llama_index.llms.anthropic",
        "Anthropic",
        "llama-index-llms-anthropic",
    ),
    "google": (
        "llama_index.llms.google_genai",
        "GoogleGenAI",
        "llama-index-llms-google-genai",
    ),
    "mistralai": (
        "llama_index.llms.mistralai",
        "MistralAI",
        "llama-index-llms-mistralai",
    ),
    "groq": ("llama_index.llms.groq", "Groq", "llama-index-llms-groq"),
    "ollama": ("llama_index.llms.ollama", "Ollama", "llama-index-llms-ollama"),
}


def steps_of(messages: Sequence[ChatMessage]) -> list[Step]:
    """The tool calls of a chat, each paired with the tool message answering it."""
    calls: dict[str, ToolCallBlock] = {}
    steps: list[Step] = []
    for message in messages:
        if message.role == MessageRole.ASSISTANT:
            for block in message.blocks:
                if isinstance(block, ToolCallBlock):
                    calls[block.tool_call_id or ""] = block
        elif message.role == MessageRole.TOOL:
            call = calls.get(str(message.additional_kwargs.get("tool_call_id")))
            if call is not None:
                args = call.tool_kwargs if isinstance(call.tool_kwargs, dict) else {}
                steps.append(step_from_output(call.tool_name, args, message.content))
    return steps


def _scripted(script: Scripted) -> MockFunctionCallingLLM:
    def respond(messages: Sequence[ChatMessage], **kwargs: Any) -> ChatMessage:
        decision = script.decide(steps_of(messages))
        if isinstance(decision, Answer):
            return ChatMessage(role=MessageRole.ASSISTANT, content=decision.text)
        block = ToolCallBlock(
            tool_call_id=script.new_call_id(),
            tool_name=decision.tool,
            tool_kwargs=dict(decision.args),
        )
        return ChatMessage(role=MessageRole.ASSISTANT, blocks=[block])

    return MockFunctionCallingLLM(response_generator=respond)


def _real_model(model: str) -> FunctionCallingLLM:
    provider, _, name = model.partition(":")
    if provider not in PROVIDERS or not name:
        raise DemoError(
            f"Model {model!r}: use PROVIDER:MODEL with PROVIDER one of "
            f"{', '.join(PROVIDERS)}."
        )
    module_name, cls_name, package = PROVIDERS[provider]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError:
        raise DemoError(f"Model {model!r} needs: pip install {package}") from None
    try:
        llm: FunctionCallingLLM = getattr(module, cls_name)(model=name)
    except Exception as exc:  # missing API key, unknown model...
        raise DemoError(f"Model {model!r}: {exc}") from None
    return llm


async def arun_demo(
    usecase: UseCase, toolkit: Toolkit, context: Context, *, model: str | None = None
) -> DemoRun:
    """Run one use case through LlamaIndex's ``FunctionAgent``."""
    llm = _real_model(model) if model else _scripted(Scripted(usecase, context))
    tools = XToolSpec(toolkit, tools=list(usecase.tools)).to_tool_list()
    with warnings.catch_warnings():
        # The workflow machinery inspects every attribute of the agent, which
        # includes ones pydantic deprecates (an upstream issue, not ours).
        warnings.simplefilter("ignore", PydanticDeprecationWarning)
        agent = FunctionAgent(tools=tools, llm=llm, system_prompt=usecase.system_prompt)
        handler = agent.run(user_msg=usecase.task(context), max_iterations=100)
        steps: list[Step] = []
        async for event in handler.stream_events():
            if isinstance(event, ToolCallResult):
                output = event.tool_output
                steps.append(
                    step_from_output(
                        event.tool_name,
                        event.tool_kwargs,
                        output.content,
                        artifact=output.raw_output,
                        is_error=output.is_error,
                    )
                )
        result = await handler
    return DemoRun(tuple(steps), str(result))


def run_demo(
    usecase: UseCase, toolkit: Toolkit, context: Context, *, model: str | None = None
) -> DemoRun:
    """Blocking form of :func:`arun_demo` (not for use inside a running loop)."""
    return asyncio.run(arun_demo(usecase, toolkit, context, model=model))
