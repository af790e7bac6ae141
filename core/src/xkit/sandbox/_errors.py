"""Problem (RFC 7807) builders shaped like the X API's, raised as `ApiError`.

Route handlers raise `ApiError`; the dispatcher in `_app` turns it into an
`application/problem+json` response (or plain JSON for OAuth errors).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "PROBLEM",
    "ApiError",
    "duplicate_content",
    "forbidden",
    "invalid_request",
    "not_found_error",
    "oauth_error",
    "rate_limited",
    "resource_not_found",
    "unauthorized",
    "unsupported_authentication",
    "usage_capped",
]

PROBLEM = "https://api.twitter.com/2/problems/"
JsonDict = dict[str, Any]


class ApiError(Exception):
    """An error response: status, JSON body and extra headers."""

    def __init__(
        self,
        status: int,
        body: Mapping[str, Any],
        *,
        headers: Mapping[str, str] | None = None,
        content_type: str = "application/problem+json",
    ) -> None:
        super().__init__(body.get("detail") or body.get("error_description") or status)
        self.status = status
        self.body = dict(body)
        self.headers = dict(headers or {})
        self.content_type = content_type


def _problem(status: int, kind: str, title: str, detail: str, **extra: Any) -> ApiError:
    body: JsonDict = {"title": title, "type": kind, "status": status, "detail": detail}
    body.update(extra)
    return ApiError(status, body)


def invalid_request(
    message: str, parameters: Mapping[str, Iterable[str]] | None = None
) -> ApiError:
    """400: one or more parameters are invalid (X's `invalid-request`)."""
    error: JsonDict = {"message": message}
    if parameters:
        error["parameters"] = {k: [str(v) for v in vs] for k, vs in parameters.items()}
    return _problem(
        400,
        PROBLEM + "invalid-request",
        "Invalid Request",
        "One or more parameters to your request was invalid.",
        errors=[error],
    )


def not_found_error(resource_type: str, parameter: str, value: str) -> JsonDict:
    """The per-item error X puts in `errors[]` next to `data` (status 200)."""
    return {
        "value": value,
        "detail": f"Could not find {resource_type} with {parameter}: [{value}].",
        "title": "Not Found Error",
        "resource_type": resource_type,
        "parameter": parameter,
        "resource_id": value,
        "type": PROBLEM + "resource-not-found",
    }


def resource_not_found(resource_type: str, parameter: str, value: str) -> ApiError:
    """404 problem for a write aimed at something that does not exist."""
    body = not_found_error(resource_type, parameter, value)
    body["status"] = 404
    return ApiError(404, body)


def unauthorized(detail: str = "Unauthorized") -> ApiError:
    return _problem(401, "about:blank", "Unauthorized", detail)


def forbidden(detail: str) -> ApiError:
    return _problem(403, "about:blank", "Forbidden", detail)


def unsupported_authentication(detail: str) -> ApiError:
    return _problem(
        403,
        PROBLEM + "unsupported-authentication",
        "Unsupported Authentication",
        detail,
    )


def duplicate_content() -> ApiError:
    return forbidden("You are not allowed to create a Tweet with duplicate content.")


def rate_limited(headers: Mapping[str, str]) -> ApiError:
    error = _problem(429, "about:blank", "Too Many Requests", "Too Many Requests")
    error.headers.update(headers)
    return error


def usage_capped(headers: Mapping[str, str]) -> ApiError:
    error = _problem(
        429,
        PROBLEM + "usage-capped",
        "Usage cap exceeded: Monthly product cap",
        "Usage cap exceeded: Monthly product cap",
        period="Monthly",
        scope="Product",
    )
    error.headers.update(headers)
    return error


def oauth_error(error: str, description: str, status: int = 400) -> ApiError:
    """OAuth endpoint errors are plain JSON `{error, error_description}`."""
    return ApiError(
        status,
        {"error": error, "error_description": description},
        content_type="application/json",
    )
