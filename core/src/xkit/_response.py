"""Reading X's responses into results or typed errors (pure functions)."""

from __future__ import annotations

import contextlib
import html
import json
import math
import re
import time
from datetime import UTC
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from ._errors import (
    ApiError,
    AuthError,
    ConfigurationError,
    DuplicateContent,
    Forbidden,
    NotFound,
    RateLimited,
    ServerError,
    TransportError,
    UsageCapExceeded,
)

__all__ = ["error_for", "rate_limit_info", "read_result", "retry_after_seconds"]

_MAX_DETAIL = 300
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_SCAN = 65_536
"""Characters of a non-JSON body looked at for a snippet (bounds the work)."""
# Script and style text up to the next tag; each pattern runs in linear time.
_HIDDEN = re.compile(r"<(?:script|style)\b[^>]{0,200}>[^<]*", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>?")
_SPACE = re.compile(r"\s+")


def _clean(text: Any, limit: int = _MAX_DETAIL) -> str:
    clean = _CONTROL.sub(" ", str(text or "")).strip()
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def _snippet(response: httpx.Response, limit: int = 120) -> str:
    """A short, readable excerpt of a non-JSON body (HTML reduced to its text)."""
    text = response.text[:_SCAN]
    if "<" in text:
        text = html.unescape(_TAG.sub(" ", _HIDDEN.sub(" ", text)))
    return _clean(_SPACE.sub(" ", _CONTROL.sub(" ", text)), limit)


_RATE_HEADERS = {
    f"x-rate-limit-{key}": key for key in ("limit", "remaining", "reset")
} | {
    f"x-{who}-limit-24hour-{key}": f"{who}_24h_{key}"
    for who in ("user", "app")
    for key in ("limit", "remaining", "reset")
}
"""Header name to result key, for the ``x-rate-limit-*`` and 24-hour figures."""


def rate_limit_info(headers: httpx.Headers) -> dict[str, int] | None:
    """The ``x-rate-limit-*`` (and 24-hour) figures of a response, if present."""
    # One pass over the headers (keys come lowercased) instead of nine lookups:
    # this runs on every response.
    info: dict[str, int] = {}
    for name, value in headers.items():
        key = _RATE_HEADERS.get(name)
        if key is not None:
            with contextlib.suppress(ValueError):  # a garbled figure is skipped
                info[key] = int(value)
    return info or None


def retry_after_seconds(headers: httpx.Headers, now: float) -> float | None:
    """Seconds to wait from ``Retry-After`` (delta or HTTP date), or None."""
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        seconds = float(raw)
    except ValueError:
        try:
            moment = parsedate_to_datetime(raw)
            if moment.tzinfo is None:  # "-0000": HTTP dates are always GMT
                moment = moment.replace(tzinfo=UTC)
            seconds = moment.timestamp() - now
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    # "inf", "nan" or "1e999" say nothing usable about when to come back.
    return max(0.0, seconds) if math.isfinite(seconds) else None


def _json(response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return json.loads(response.content)
    except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
        return None


def read_result(tool: str, response: httpx.Response) -> dict[str, Any]:
    """The result of a successful call: X's JSON kept whole, plus rate limits.

    A 200 with a partial ``errors`` list is a result, not an exception.
    """
    body = _json(response)
    if response.content and body is None:
        snippet = _snippet(response)
        raise TransportError(
            f"{tool}: X answered {response.status_code} with a body that is not "
            f"JSON ({snippet!r}). Try again later."
        )
    result: dict[str, Any] = body if isinstance(body, dict) else {"data": body}
    if body is None:
        result = {}
    limits = rate_limit_info(response.headers)
    if limits:
        result["rate_limit"] = limits
    return result


def _problem(body: Any) -> tuple[str, str, str]:
    """(type, title, detail) from a problem+json or legacy error body."""
    if not isinstance(body, dict):
        return "", "", ""
    kind = _clean(body.get("type", ""), 120)
    title = _clean(body.get("title", ""), 120)
    detail = _clean(body.get("detail", ""))
    errors = body.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        first = errors[0]
        detail = detail or _clean(first.get("message") or first.get("detail"))
        title = title or _clean(first.get("title", ""), 120)
        params = first.get("parameters")
        if isinstance(params, dict) and params and not detail:
            detail = _clean(f"invalid parameter(s) {', '.join(map(str, params))}")
    if not detail:
        detail = _clean(body.get("error_description") or body.get("message", ""))
    return kind, title, detail


def error_for(
    tool: str, response: httpx.Response, now: float | None = None
) -> ApiError:
    """The typed exception for an error response (4xx/5xx)."""
    now = time.time() if now is None else now
    status = response.status_code
    body = _json(response)
    kind, title, detail = _problem(body)
    if body is None and response.content:
        detail = _snippet(response)
    said = f"X said {status} {title or response.reason_phrase}"
    said += f": {detail}" if detail else ""
    common: dict[str, Any] = {
        "status": status,
        "title": title,
        "detail": detail,
        "problem_type": kind,
        "body": body if isinstance(body, dict) else None,
    }

    if status == 429:
        limits = rate_limit_info(response.headers) or {}
        reset = limits.get("reset")
        wait = retry_after_seconds(response.headers, now)
        if wait is None and reset is not None:
            wait = max(0.0, reset - now)
        if "usage-capped" in kind or "UsageCap" in title:
            return UsageCapExceeded(
                f"{tool} failed: the app's usage cap is reached ({said}). Waiting "
                "will not help before the cap resets; stop calling X for now.",
                reset_at=reset,
                retry_after=None,
                **common,
            )
        when = f" Wait {int(wait) + 1} seconds before retrying." if wait else ""
        return RateLimited(
            f"{tool} is rate limited by X.{when} Do other work meanwhile.",
            reset_at=reset,
            retry_after=wait,
            **common,
        )
    if status == 401:
        return AuthError(  # type: ignore[return-value]
            f"{tool} failed: X rejected the access token (401). The user must "
            "re-authorize (xkit auth login)."
        )
    if status == 403:
        text = f"{title} {detail}".lower()
        if "duplicate content" in text:
            return DuplicateContent(
                f"{tool} failed: X refused a duplicate of a recent post. Change the "
                "text, or check the timeline: an earlier attempt may have posted.",
                **common,
            )
        if "client-forbidden" in kind or "client-not-enrolled" in text:
            return ConfigurationError(  # type: ignore[return-value]
                f"{tool} failed: this X app is not enrolled for this endpoint "
                f"({said}). Fix the app's access level in the developer portal."
            )
        return Forbidden(
            f"{tool} failed: {said}. This account may not do this; do not retry "
            "unchanged.",
            **common,
        )
    if status == 404:
        return NotFound(
            f"{tool} failed: not found ({detail or title or 'no such resource'}). "
            "Check the id; it may be deleted or private.",
            **common,
        )
    if status >= 500:
        return ServerError(
            f"{tool} failed: X had a server error ({said}). Try again later.",
            **common,
        )
    return ApiError(f"{tool} failed: {said}. Fix the request and try again.", **common)
