"""LlamaIndex tools for the X (Twitter) API v2, built on xkit.

Example::

    import xkit
    from llama_index.tools.xkit import XToolSpec

    tools = XToolSpec(xkit.Toolkit(sandbox=True), read_only=True).to_tool_list()
"""

from __future__ import annotations

from .base import XToolSpec, function_tool

__all__ = ["XToolSpec", "function_tool"]
