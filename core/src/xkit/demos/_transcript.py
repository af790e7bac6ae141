"""Turning what a framework hands back for a tool call into a :class:`Step`.

Both adapters use this, for the scripted model (which reads the conversation)
and for the final report, so the two frameworks read results the same way.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ._model import Step

__all__ = ["step_from_output", "text_of"]


def text_of(content: Any) -> str:
    """The text of a message content: a string or a list of content blocks."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = [
            b if isinstance(b, str) else str(b.get("text", ""))
            for b in content
            if isinstance(b, (str, dict))
        ]
        return "".join(parts)
    return "" if content is None else str(content)


def _parse(text: str) -> Mapping[str, Any] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _is_error_body(value: Mapping[str, Any]) -> bool:
    return "error" in value and "data" not in value and "meta" not in value


def step_from_output(
    tool: str,
    args: Mapping[str, Any] | None,
    content: Any,
    *,
    artifact: Any = None,
    is_error: bool | None = None,
) -> Step:
    """A step from a tool's output: the structured ``artifact`` when the
    framework keeps one, else the JSON ``content``; anything else is an error."""
    args = dict(args or {})
    text = text_of(content)
    if is_error:
        return Step(tool, args, error=text or "tool error")
    if isinstance(artifact, Mapping):
        return Step(tool, args, result=artifact)
    parsed = _parse(text)
    if parsed is None or _is_error_body(parsed):
        return Step(tool, args, error=text or "no result")
    return Step(tool, args, result=parsed)
