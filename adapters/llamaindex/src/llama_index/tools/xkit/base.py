"""The xkit tool spec: the selected xkit tools as LlamaIndex function tools."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from llama_index.core.tools import FunctionTool, ToolMetadata, ToolOutput
from llama_index.core.tools.tool_spec.base import SPEC_FUNCTION_TYPE, BaseToolSpec

from xkit import Toolkit, ToolSpec, XkitError, shape_error, shape_result

__all__ = ["XToolSpec", "function_tool"]

_MAX_DESCRIPTION = 1024  # ToolMetadata.to_openai_tool() rejects longer ones


class XToolSpec(BaseToolSpec):
    """The tools of an :class:`xkit.Toolkit` for LlamaIndex agents.

    Args:
        toolkit: the core toolkit (credentials, approval, dry run, sandbox...);
            ``xkit.Toolkit.from_env()`` when omitted.
        tools, toolsets, read_only, granted_only: narrow the toolkit's tools
            (see :meth:`xkit.Toolkit.select`). By default only read-only tools
            are exposed, unless the core toolkit or these options opt in to
            writes.
        budget_chars, max_items: how much of each result the model reads
            (see :func:`xkit.shape_result`).
        dotted: show dotted wire names (``tweet.fields``) in the schemas, or
            Python names (``tweet_fields``) for providers that reject dots.
    """

    def __init__(
        self,
        toolkit: Toolkit | None = None,
        *,
        tools: Iterable[str] | None = None,
        toolsets: Iterable[str] | None = None,
        read_only: bool | None = None,
        granted_only: bool = False,
        budget_chars: int = 6000,
        max_items: int = 20,
        dotted: bool = True,
    ) -> None:
        core = toolkit if toolkit is not None else Toolkit.from_env()
        self.toolkit = core.select(
            tools=tools,
            toolsets=toolsets,
            read_only=read_only,
            granted_only=granted_only,
        )
        self.budget_chars = budget_chars
        self.max_items = max_items
        self.dotted = dotted
        self.spec_functions: list[SPEC_FUNCTION_TYPE] = [
            spec.name for spec in self.toolkit.tools
        ]

    def to_tool_list(
        self,
        spec_functions: list[SPEC_FUNCTION_TYPE] | None = None,
        func_to_metadata_mapping: dict[str, ToolMetadata] | None = None,
    ) -> list[FunctionTool]:
        """One FunctionTool per tool name in ``spec_functions`` (default: all
        selected tools); ``func_to_metadata_mapping`` overrides metadata by name.
        """
        mapping = func_to_metadata_mapping or {}
        names = [
            entry if isinstance(entry, str) else entry[0]
            for entry in spec_functions or self.spec_functions
        ]
        return [
            function_tool(
                self.toolkit.get(name),
                self.toolkit,
                metadata=mapping.get(name),
                budget_chars=self.budget_chars,
                max_items=self.max_items,
                dotted=self.dotted,
            )
            for name in names
        ]


def function_tool(
    spec: ToolSpec,
    toolkit: Toolkit,
    *,
    metadata: ToolMetadata | None = None,
    budget_chars: int = 6000,
    max_items: int = 20,
    dotted: bool = True,
) -> FunctionTool:
    """The tool ``spec`` calling through ``toolkit``, as a FunctionTool.

    ``fn_schema`` is the xkit input model, so the model sees the X parameter
    names (``tweet.fields``); xkit validates what arrives (LlamaIndex does not).
    Content is compact JSON (:func:`xkit.shape_result`), ``raw_output`` the full
    result; an xkit error gives ``ToolOutput(is_error=True)`` with its message.
    """

    def call(**kwargs: Any) -> dict[str, Any] | ToolOutput:
        try:
            return toolkit.call(spec.name, kwargs)
        except XkitError as exc:
            return _failed(spec.name, kwargs, exc)

    async def acall(**kwargs: Any) -> dict[str, Any] | ToolOutput:
        try:
            return await toolkit.acall(spec.name, kwargs)
        except XkitError as exc:
            return _failed(spec.name, kwargs, exc)

    def shape(raw: dict[str, Any] | ToolOutput) -> str | ToolOutput:
        if isinstance(raw, ToolOutput):
            return raw
        return shape_result(
            raw,
            budget_chars=budget_chars,
            max_items=max_items,
            page_token_param=spec.page_token,
        )

    async def ashape(raw: dict[str, Any] | ToolOutput) -> str | ToolOutput:
        return shape(raw)  # given explicitly, or LlamaIndex hops to a thread

    if metadata is None:
        description = spec.description
        if len(description) > _MAX_DESCRIPTION:
            description = description[: _MAX_DESCRIPTION - 1] + "…"
        metadata = ToolMetadata(
            name=spec.name,
            description=description,
            fn_schema=spec.model_for(dotted=dotted),
        )
    return FunctionTool.from_defaults(
        fn=call,
        async_fn=acall,
        tool_metadata=metadata,
        callback=shape,
        async_callback=ashape,
    )


def _failed(tool: str, kwargs: dict[str, Any], exc: XkitError) -> ToolOutput:
    message = shape_error(exc)
    return ToolOutput(
        tool_name=tool,
        content=message,
        raw_input={"args": (), "kwargs": kwargs},
        raw_output=message,
        is_error=True,
        exception=exc,
    )
