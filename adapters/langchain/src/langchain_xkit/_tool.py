"""One xkit tool as a LangChain tool."""

from __future__ import annotations

from functools import partial
from typing import Any

from langchain_core.callbacks import (
    AsyncCallbackManagerForToolRun,
    CallbackManagerForToolRun,
)
from langchain_core.tools import BaseTool, ToolException
from langchain_core.tools.base import ArgsSchema
from pydantic import Field, InstanceOf, ValidationError

from xkit import (
    ToolInput,
    Toolkit,
    ToolSpec,
    XkitError,
    parse_input,
    shape_error,
    shape_result,
    validation_failed,
)

__all__ = ["XTool"]

_FILTERED = frozenset({"run_manager", "callbacks"})


class XTool(BaseTool):
    """A registry tool bound to a core :class:`xkit.Toolkit`; build it with
    :meth:`from_spec`.

    The model sees the exact X parameter names (``tweet.fields``) and may send
    them or the Python names; xkit validates either. The tool message holds
    compact JSON for the model (:func:`xkit.shape_result`) and the full result
    as its artifact. Any xkit error becomes ``ToolMessage(status="error")``
    with xkit's short message, so an agent run never aborts on a failed call.
    """

    spec: InstanceOf[ToolSpec] = Field(exclude=True)
    toolkit: InstanceOf[Toolkit] = Field(exclude=True)
    budget_chars: int = 6000
    """Most characters of tool output the model reads per call."""
    max_items: int = 20
    """Most records of a page the model reads per call."""
    dotted: bool = True
    """Show the model dotted wire names (``tweet.fields``); False shows Python
    names (``tweet_fields``) for providers that reject dots. Both are accepted."""

    @classmethod
    def from_spec(cls, spec: ToolSpec, toolkit: Toolkit, **options: Any) -> XTool:
        """The tool ``spec`` calling through ``toolkit``.

        ``options`` set other tool fields (``budget_chars``, ``return_direct``...).
        """
        fields: dict[str, Any] = {
            "name": spec.name,
            "description": spec.description,
            "args_schema": spec.input_model,
            "response_format": "content_and_artifact",
            "handle_tool_error": True,
            "handle_validation_error": partial(_validation_message, spec.name),
        }
        return cls(spec=spec, toolkit=toolkit, **{**fields, **options})

    @property
    def tool_call_schema(self) -> ArgsSchema:
        # The whole input model: its JSON schema keeps the dotted aliases,
        # which LangChain's rebuilt subset model would lose.
        return self.spec.model_for(dotted=self.dotted)

    def _parse_input(
        self, tool_input: str | dict[str, Any], tool_call_id: str | None
    ) -> str | dict[str, Any]:
        raw: Any = tool_input  # a bare string is reported as invalid by xkit
        try:
            args = parse_input(self.name, self.spec.input_model, raw)
        except XkitError as exc:
            raise ToolException(shape_error(exc)) from exc
        return {"args": args}

    def _filter_injected_args(self, tool_input: dict[str, Any]) -> dict[str, Any]:
        # xkit models never declare injected arguments (the user is bound to
        # the toolkit, not passed by the model), so LangChain's per-call walk
        # of the schema's annotations to find them can be skipped.
        return {k: v for k, v in tool_input.items() if k not in _FILTERED}

    def _run(
        self,
        args: ToolInput | None = None,
        run_manager: CallbackManagerForToolRun | None = None,
    ) -> tuple[str, dict[str, Any]]:
        try:
            result = self.toolkit.call(self.name, args)
        except XkitError as exc:
            raise ToolException(shape_error(exc)) from exc
        return self._shape(result), result

    async def _arun(
        self,
        args: ToolInput | None = None,
        run_manager: AsyncCallbackManagerForToolRun | None = None,
    ) -> tuple[str, dict[str, Any]]:
        try:
            result = await self.toolkit.acall(self.name, args)
        except XkitError as exc:
            raise ToolException(shape_error(exc)) from exc
        return self._shape(result), result

    def _shape(self, result: dict[str, Any]) -> str:
        return shape_result(
            result,
            budget_chars=self.budget_chars,
            max_items=self.max_items,
            page_token_param=self.spec.page_token,
        )


def _validation_message(tool: str, exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return shape_error(validation_failed(tool, exc))
    return shape_error(exc)
