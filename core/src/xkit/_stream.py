"""The ``label_stream`` flow: read a streaming endpoint for a bounded while.

X's streams never end by themselves, so the read is bounded three ways: a
number of lines (events plus room for the blank keep-alive lines X sends
every 20 seconds), a deadline for the whole body, and a byte cap. The
per-chunk read timeout is the deadline too, so a silent stream cannot hold the
call open either. What arrived is returned as
``{"data": [events], "meta": {"received": n, "stopped": reason}}``.
"""

from __future__ import annotations

import json
import math
from typing import Any

import httpx

from ._errors import TransportError
from ._executor import COMPOSED, CallContext
from ._inputs import ToolInput
from ._request import PreparedRequest
from ._response import error_for
from ._spec import ToolSpec
from ._steps import Flow, ReadLimits, Send

__all__ = ["KEEP_ALIVE_SECONDS", "MAX_STREAM_BYTES", "label_stream", "read_events"]

KEEP_ALIVE_SECONDS = 20
MAX_STREAM_BYTES = 8 * 1024 * 1024
_REASONS = {
    None: "closed",
    "max_lines": "max_events",
    "deadline": "timeout",
    "max_bytes": "max_bytes",
}


def read_events(body: bytes, limit: int) -> tuple[list[Any], list[dict[str, str]]]:
    """Events (at most ``limit``) and problems from newline-delimited JSON.

    Blank keep-alive lines are skipped; a trailing partial line (the read
    stopped mid-event) is dropped. An event ``{"data": x}`` is returned as ``x``.
    """
    events: list[Any] = []
    errors: list[dict[str, str]] = []
    lines = body.split(b"\n")
    for line in lines[:-1]:  # the last piece is incomplete (or empty)
        line = line.strip()
        if not line:
            continue
        try:
            item = json.loads(line)
        except (ValueError, UnicodeDecodeError):
            errors.append({"title": "Unreadable event", "detail": "not JSON"})
            continue
        if isinstance(item, dict) and "data" in item:
            events.append(item["data"])
        elif isinstance(item, dict) and "errors" in item:
            errors.extend(
                {"title": "Stream error", "detail": str(e)[:300]}
                for e in item["errors"]
            )
        else:
            events.append(item)
    return events[:limit], errors


def label_stream(
    ctx: CallContext,
    spec: ToolSpec,
    args: ToolInput,
    prepared: PreparedRequest,
    token: str | None,
) -> Flow[dict[str, Any]]:
    """Collect label events until ``max_events``, ``timeout_seconds`` or the end."""
    max_events = int(prepared.local.get("max_events", 20))
    seconds = float(prepared.local.get("timeout_seconds", 10))
    keep_alives = math.ceil(seconds / KEEP_ALIVE_SECONDS) + 1
    limits = ReadLimits(
        max_bytes=MAX_STREAM_BYTES,
        max_lines=max_events + keep_alives,
        deadline=seconds,
    )
    request = prepared.to_httpx(ctx.base_url, token, min(ctx.timeout, seconds))
    try:
        response = yield Send(request, limits=limits)
    except httpx.TimeoutException:
        return _result([], [], "timeout")
    except httpx.HTTPError as exc:
        raise TransportError(
            f"{spec.name} failed: could not open the stream "
            f"({type(exc).__name__}). Try again later."
        ) from None
    if response.status_code >= 400:
        raise error_for(spec.name, response, ctx.clock())

    events, errors = read_events(response.content, max_events)
    stopped = _REASONS.get(response.extensions.get("xkit_stopped"), "closed")
    if len(events) >= max_events:
        stopped = "max_events"
    return _result(events, errors, stopped)


def _result(
    events: list[Any], errors: list[dict[str, str]], stopped: str
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "data": events,
        "meta": {"received": len(events), "stopped": stopped},
    }
    if errors:
        result["errors"] = errors
    return result


COMPOSED["label_stream"] = label_stream
