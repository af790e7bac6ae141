"""The LangChain toolkit: the selected xkit tools as LangChain tools."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from langchain_core.tools import BaseTool, BaseToolkit
from pydantic import Field, InstanceOf

from xkit import Toolkit

from ._tool import XTool

__all__ = ["XToolkit"]


class XToolkit(BaseToolkit):
    """The tools of an :class:`xkit.Toolkit` for LangChain agents.

    Args:
        toolkit: the core toolkit (credentials, approval, dry run, sandbox...);
            ``xkit.Toolkit.from_env()`` when omitted.
        tools, toolsets, read_only, granted_only: narrow the toolkit's tools
            (see :meth:`xkit.Toolkit.select`). By default only read-only tools
            are exposed, unless the core toolkit or these options opt in to
            writes.
        **options: fields set on every tool (``budget_chars``, ``max_items``).
    """

    toolkit: InstanceOf[Toolkit]
    """The core toolkit, already narrowed to the selected tools."""
    options: dict[str, Any] = Field(default_factory=dict)
    """Fields set on every tool."""

    def __init__(
        self,
        toolkit: Toolkit | None = None,
        *,
        tools: Iterable[str] | None = None,
        toolsets: Iterable[str] | None = None,
        read_only: bool | None = None,
        granted_only: bool = False,
        **options: Any,
    ) -> None:
        core = toolkit if toolkit is not None else Toolkit.from_env()
        selected = core.select(
            tools=tools,
            toolsets=toolsets,
            read_only=read_only,
            granted_only=granted_only,
        )
        super().__init__(toolkit=selected, options=options)

    def get_tools(self) -> list[BaseTool]:
        """One tool per selected xkit tool, in registry order."""
        return [
            XTool.from_spec(spec, self.toolkit, **self.options)
            for spec in self.toolkit.tools
        ]
