"""OAuth 2.0 as X serves it: authorize (PKCE S256), token, revoke.

Clients: the public `xkit-sandbox` (any loopback redirect URI) and the confidential
`xkit-sandbox-confidential` with secret `sandbox-secret` (HTTP Basic).
"""

from __future__ import annotations

import base64
import hashlib
import html
import secrets
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx

from .._app import Ctx, json_response, route
from .._errors import oauth_error
from .._spec import all_scopes
from .._state import AuthCode

JsonDict = dict[str, Any]
PUBLIC_CLIENT = "xkit-sandbox"
CONFIDENTIAL_CLIENT = "xkit-sandbox-confidential"
CLIENT_SECRETS = {CONFIDENTIAL_CLIENT: "sandbox-secret"}
CODE_LIFETIME = 30
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


def loopback(uri: str) -> bool:
    parts = urlsplit(uri)
    return parts.scheme == "http" and (parts.hostname or "") in LOOPBACK_HOSTS


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _redirect(uri: str, params: dict[str, str]) -> httpx.Response:
    joiner = "&" if urlsplit(uri).query else "?"
    return httpx.Response(302, headers={"location": uri + joiner + urlencode(params)})


@route("GET", "/i/oauth2/authorize", auth=False)
def authorize(ctx: Ctx) -> httpx.Response:
    q = ctx.query
    client_id = q.get("client_id", "")
    redirect_uri = q.get("redirect_uri", "")
    if client_id not in {PUBLIC_CLIENT, CONFIDENTIAL_CLIENT}:
        raise oauth_error("invalid_request", f"Unknown client_id [{client_id}].")
    if not loopback(redirect_uri):
        raise oauth_error(
            "invalid_request",
            "redirect_uri must be a loopback URL such as "
            "http://127.0.0.1:<port>/callback.",
        )
    if q.get("response_type") != "code":
        raise oauth_error("unsupported_response_type", "response_type must be `code`.")
    if not q.get("state"):
        raise oauth_error("invalid_request", "Missing required parameter [state].")
    if q.get("code_challenge_method") != "S256" or not q.get("code_challenge"):
        raise oauth_error(
            "invalid_request",
            "PKCE is required: code_challenge with code_challenge_method=S256.",
        )
    scopes = frozenset(q.get("scope", "").split())
    unknown = scopes - all_scopes()
    if not scopes or unknown:
        raise oauth_error(
            "invalid_scope", f"Invalid scope(s): {sorted(unknown) or ['<empty>']}."
        )
    if q.get("deny"):
        return _redirect(redirect_uri, {"error": "access_denied", "state": q["state"]})
    username = q.get("login_as") or ctx.sandbox.auto_approve
    if username is None:
        return _consent_page(ctx)
    user = ctx.world.user_by_username(username)
    if user is None:
        raise oauth_error("invalid_request", f"No sandbox user @{username}.")
    code = secrets.token_urlsafe(32)
    ctx.sandbox.auth_codes[code] = AuthCode(
        code=code,
        client_id=client_id,
        redirect_uri=redirect_uri,
        scopes=scopes,
        code_challenge=q["code_challenge"],
        user_id=user.id,
        expires_at=ctx.now + timedelta(seconds=CODE_LIFETIME),
    )
    return _redirect(redirect_uri, {"state": q["state"], "code": code})


def _consent_page(ctx: Ctx) -> httpx.Response:
    base = str(ctx.request.url.copy_with(fragment=None))
    approve = html.escape(f"{base}&login_as={ctx.sandbox.default_username}")
    deny = html.escape(f"{base}&deny=1")
    page = (
        "<!doctype html><title>xkit sandbox: authorize</title>"
        f"<h1>Authorize {html.escape(ctx.query['client_id'])}?</h1>"
        f"<p>Scopes: {html.escape(ctx.query.get('scope', ''))}</p>"
        f'<p><a href="{approve}">Authorize app</a> | <a href="{deny}">Cancel</a></p>'
    )
    return httpx.Response(200, headers={"content-type": "text/html"}, text=page)


def _client(ctx: Ctx, form: dict[str, str]) -> str:
    """The calling client: Basic auth for confidential ones, `client_id` for public."""
    header = ctx.request.headers.get("authorization", "")
    if header.lower().startswith("basic "):
        try:
            decoded = base64.b64decode(header[6:]).decode()
        except ValueError:
            decoded = ":"
        client_id, _, secret = decoded.partition(":")
        if CLIENT_SECRETS.get(client_id) != secret:
            raise oauth_error("unauthorized_client", "Invalid client credentials.", 401)
        return client_id
    client_id = form.get("client_id", "")
    if client_id == PUBLIC_CLIENT:
        return client_id
    if client_id in CLIENT_SECRETS:
        raise oauth_error(
            "unauthorized_client",
            "Confidential clients must authenticate with Basic.",
            401,
        )
    raise oauth_error("invalid_request", "Missing valid authorization header")


def _form(ctx: Ctx) -> dict[str, str]:
    return dict(parse_qsl(ctx.request.content.decode("utf-8", "replace")))


def _token_reply(
    ctx: Ctx, client_id: str, user_id: str, scopes: frozenset[str]
) -> JsonDict:
    store = ctx.sandbox.tokens
    access = store.issue("user", client_id=client_id, scopes=scopes, user_id=user_id)
    reply: JsonDict = {
        "token_type": "bearer",
        "expires_in": store.ttl,
        "access_token": access.value,
        "scope": " ".join(sorted(scopes)),
    }
    if "offline.access" in scopes:
        refresh = store.issue(
            "refresh", client_id=client_id, scopes=scopes, user_id=user_id
        )
        reply["refresh_token"] = refresh.value
    return reply


@route("POST", "/2/oauth2/token", auth=False)
def token(ctx: Ctx) -> JsonDict:
    form = _form(ctx)
    grant = form.get("grant_type")
    client_id = _client(ctx, form)
    if grant == "authorization_code":
        code = ctx.sandbox.auth_codes.get(form.get("code", ""))
        if (
            code is None
            or code.used
            or code.expires_at <= ctx.now
            or code.client_id != client_id
        ):
            raise oauth_error(
                "invalid_request",
                "Value passed for the authorization code was invalid.",
            )
        code.used = True
        if form.get("redirect_uri") != code.redirect_uri:
            raise oauth_error(
                "invalid_request", "redirect_uri does not match the authorize request."
            )
        if s256(form.get("code_verifier", "")) != code.code_challenge:
            raise oauth_error(
                "invalid_request", "Value passed for the code_verifier was invalid."
            )
        return _token_reply(ctx, client_id, code.user_id, code.scopes)
    if grant == "refresh_token":
        store = ctx.sandbox.tokens
        old = store.find(form.get("refresh_token", ""), "refresh")
        if old is None or old.client_id != client_id or old.user_id is None:
            raise oauth_error(
                "invalid_request", "Value passed for the token was invalid."
            )
        store.revoke(old.value)
        return _token_reply(ctx, client_id, old.user_id, old.scopes)
    if grant == "client_credentials":
        if client_id not in CLIENT_SECRETS:
            raise oauth_error(
                "unauthorized_client", "client_credentials needs Basic auth.", 401
            )
        app = ctx.sandbox.tokens.issue("app", client_id=client_id)
        return {"token_type": "bearer", "access_token": app.value}
    raise oauth_error(
        "unsupported_grant_type", f"grant_type [{grant}] is not supported."
    )


@route("POST", "/2/oauth2/revoke", auth=False)
def revoke(ctx: Ctx) -> httpx.Response:
    form = _form(ctx)
    _client(ctx, form)
    ctx.sandbox.tokens.revoke(form.get("token", ""))
    return json_response(200, {"revoked": True})
