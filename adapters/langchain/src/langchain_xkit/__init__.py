"""LangChain tools for the X (Twitter) API v2, built on xkit.

Example::

    import xkit
    from langchain_xkit import XToolkit

    tools = XToolkit(xkit.Toolkit(sandbox=True), read_only=True).get_tools()
"""

from __future__ import annotations

from ._tool import XTool
from ._toolkit import XToolkit

__all__ = ["XTool", "XToolkit"]
