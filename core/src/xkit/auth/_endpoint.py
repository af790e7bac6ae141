"""Requests to X's OAuth endpoints, as flows, and how their answers are read.

authlib builds the bodies (``prepare_token_request``); sending is a ``Send``
step, so the same code runs under both drivers. Answers become a token dict,
an :class:`OAuthProblem` (X said no, with an OAuth ``error`` code) or a
:class:`TransientAuthError` (429, 5xx, or a body that is not JSON).
"""

from __future__ import annotations

import base64
import json
import logging
import re
import time
from typing import Any
from urllib.parse import quote, urlencode

import httpx
from authlib.oauth2.rfc6749.parameters import prepare_token_request

from .._errors import AuthError
from .._response import retry_after_seconds
from .._steps import Flow, Send
from ._config import OAuthConfig
from ._errors import LoginFailed, TransientAuthError

__all__ = ["OAuthProblem", "fetch_me", "revoke", "token_request"]

log = logging.getLogger("xkit.auth")

_CODE = re.compile(r"^[a-z_]{1,40}$")


class OAuthProblem(AuthError):
    """The token endpoint refused a grant (``invalid_grant``, ...)."""

    def __init__(self, error: str, status: int) -> None:
        super().__init__(
            f"X's token endpoint refused the request ({error}, HTTP {status})."
        )
        self.error = error
        self.status = status


def _client_auth(config: OAuthConfig) -> tuple[dict[str, str], dict[str, str]]:
    """(headers, extra body fields) authenticating the client."""
    if config.client_secret is None:
        return {}, {"client_id": config.client_id}
    pair = f"{quote(config.client_id, safe='')}:" + quote(
        config.client_secret.reveal(), safe=""
    )
    basic = base64.b64encode(pair.encode()).decode()
    return {"Authorization": f"Basic {basic}"}, {}


def _post(
    config: OAuthConfig, url: str, body: str, headers: dict[str, str]
) -> httpx.Request:
    return httpx.Request(
        "POST",
        url,
        content=body.encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
            **headers,
        },
        extensions={"timeout": httpx.Timeout(config.http_timeout).as_dict()},
    )


def token_request(
    config: OAuthConfig, grant_type: str, *, url: str | None = None, **fields: str
) -> Flow[dict[str, Any]]:
    """POST one grant to the token endpoint; return the token response.

    Transport errors propagate to the caller, which knows whether retrying is
    safe. Refusals raise :class:`OAuthProblem`; overload raises
    :class:`TransientAuthError`.
    """
    headers, auth_fields = _client_auth(config)
    body = prepare_token_request(grant_type, **auth_fields, **fields)
    request = _post(config, url or config.token_url, body, headers)
    response = yield Send(request)
    log.debug("token endpoint %s -> %s", grant_type, response.status_code)
    return read_token_response(response)


def read_token_response(response: httpx.Response) -> dict[str, Any]:
    status = response.status_code
    try:
        body = json.loads(response.content) if response.content else None
    except ValueError:
        body = None
    if status == 429 or status >= 500 or not isinstance(body, dict):
        wait = retry_after_seconds(response.headers, time.time())
        raise TransientAuthError(
            f"X's token endpoint is unavailable (HTTP {status}"
            f"{'' if isinstance(body, dict) else ', not JSON'}). Try again "
            f"{f'in {wait:.0f} s' if wait else 'later'}.",
            retry_after=wait,
        )
    if status >= 400 or "error" in body:
        error = str(body.get("error", ""))
        raise OAuthProblem(error if _CODE.match(error) else "unknown_error", status)
    if not isinstance(body.get("access_token"), str) or not body["access_token"]:
        raise TransientAuthError(
            "X's token endpoint answered without an access token. Try again later."
        )
    return body


def fetch_me(config: OAuthConfig, access_token: str) -> Flow[dict[str, str]]:
    """``GET /2/users/me`` with a new token: the account it really belongs to."""
    request = httpx.Request(
        "GET",
        f"{config.api_base_url}/2/users/me",
        headers={"Authorization": f"Bearer {access_token}"},
        extensions={"timeout": httpx.Timeout(config.http_timeout).as_dict()},
    )
    response = yield Send(request)
    try:
        data = response.json()["data"]
        user = {"id": str(data["id"]), "username": str(data.get("username", ""))}
    except (ValueError, KeyError, TypeError):
        user = None
    if response.status_code != 200 or user is None or not user["id"].isdigit():
        raise LoginFailed(
            "The login succeeded but X did not say which account it belongs to "
            f"(GET /2/users/me answered HTTP {response.status_code}). Nothing was "
            "stored; try logging in again."
        )
    return user


def revoke(config: OAuthConfig, token: str, hint: str) -> Flow[bool]:
    """Revoke a token (RFC 7009). True when X answered 200 (even if unknown)."""
    headers, auth_fields = _client_auth(config)
    body = urlencode({"token": token, "token_type_hint": hint, **auth_fields})
    request = _post(config, config.revoke_url, body, headers)
    try:
        response: httpx.Response = yield Send(request)
    except httpx.HTTPError as exc:
        log.warning("token revocation failed: %s", type(exc).__name__)
        return False
    log.debug("revoke endpoint -> %s", response.status_code)
    return response.status_code == 200
