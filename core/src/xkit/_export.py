"""Tool definitions for model APIs used without a framework.

The JSON goes straight into the ``tools`` parameter of the OpenAI or Anthropic
SDKs; the model's tool calls then go to :meth:`xkit.Toolkit.call` unchanged,
which accepts both spellings of argument names.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ._spec import ToolSpec

__all__ = ["to_anthropic_tools", "to_openai_tools"]


def to_openai_tools(
    specs: Iterable[ToolSpec], *, dotted: bool = True
) -> list[dict[str, Any]]:
    """OpenAI function tools (Chat Completions ``tools=``) for ``specs``.

    ``dotted=False`` names arguments with Python names (``tweet_fields``) for
    providers that reject dots in property keys.
    """
    return [
        {
            "type": "function",
            "function": {
                "name": spec.name,
                "description": spec.description,
                "parameters": spec.schema(dotted=dotted),
            },
        }
        for spec in specs
    ]


def to_anthropic_tools(
    specs: Iterable[ToolSpec], *, dotted: bool = True
) -> list[dict[str, Any]]:
    """Anthropic tool definitions (Messages API ``tools=``) for ``specs``.

    ``dotted=False`` as in :func:`to_openai_tools`.
    """
    return [
        {
            "name": spec.name,
            "description": spec.description,
            "input_schema": spec.schema(dotted=dotted),
        }
        for spec in specs
    ]
