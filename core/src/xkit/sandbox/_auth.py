"""Bearer tokens: issuing, looking up and checking them against an operation's security.

The rules come from the spec (`_spec.Operation`): which schemes an operation accepts
(app-only `BearerToken`, user `OAuth2UserToken`) and which scopes a user token needs.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

import httpx

from ._clock import FakeClock
from ._errors import forbidden, unauthorized, unsupported_authentication
from ._spec import Operation, all_scopes
from ._state import Token

__all__ = ["Principal", "TokenStore"]

USER_AUTH = "[OAuth 1.0a User Context, OAuth 2.0 User Context]"
APP_AUTH = "[OAuth 2.0 Application-Only]"


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: a user (with scopes) or the app itself."""

    token: Token

    @property
    def user_id(self) -> str | None:
        return self.token.user_id

    @property
    def is_app(self) -> bool:
        return self.token.kind == "app"

    @property
    def key(self) -> str:
        """The rate-limit bucket: per user for user tokens, per app otherwise."""
        return f"user:{self.token.user_id}" if self.token.user_id else "app"


class TokenStore:
    """Access and refresh tokens by value; the sandbox lock guards it."""

    def __init__(self, clock: FakeClock, ttl: int) -> None:
        self.clock = clock
        self.ttl = ttl
        self.tokens: dict[str, Token] = {}

    def issue(
        self,
        kind: str,
        *,
        client_id: str,
        scopes: Iterable[str] = (),
        user_id: str | None = None,
        ttl: int | None = None,
    ) -> Token:
        lifetime = self.ttl if ttl is None else ttl
        expires = (
            None if kind == "app" else self.clock.now() + timedelta(seconds=lifetime)
        )
        if kind == "refresh":
            expires = self.clock.now() + timedelta(days=180)
        value = secrets.token_urlsafe(48 if kind != "app" else 80)
        token = Token(value, kind, client_id, frozenset(scopes), expires, user_id)
        self.tokens[value] = token
        return token

    def issue_user(self, user_id: str, scopes: Iterable[str] | None = None) -> Token:
        granted = all_scopes() if scopes is None else frozenset(scopes)
        unknown = granted - all_scopes()
        if unknown:
            valid = sorted(all_scopes())
            msg = f"Unknown scopes {sorted(unknown)!r}; valid ones: {valid}."
            raise ValueError(msg)
        return self.issue(
            "user", client_id="xkit-sandbox", scopes=granted, user_id=user_id
        )

    def find(self, value: str, kind: str) -> Token | None:
        """A live token of `kind`, or None when unknown, revoked or expired."""
        token = self.tokens.get(value)
        if token is None or token.revoked or token.kind != kind:
            return None
        if token.expires_at is not None and token.expires_at <= self.clock.now():
            return None
        return token

    def revoke(self, value: str) -> None:
        token = self.tokens.get(value)
        if token is not None:
            token.revoked = True

    def identify(self, request: httpx.Request) -> Principal:
        """The live bearer token of `request` (401 problem when missing or dead)."""
        header = request.headers.get("authorization", "")
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise unauthorized()
        value = value.strip()
        token = self.find(value, "user") or self.find(value, "app")
        if token is None:
            raise unauthorized()
        return Principal(token)

    def authorize(self, principal: Principal, op: Operation | None) -> None:
        """403 unless the token's kind and scopes satisfy `op`'s security."""
        token = principal.token
        if op is None:
            return
        if token.kind == "app" and not op.allows_app:
            raise unsupported_authentication(
                "Authenticating with OAuth 2.0 Application-Only is forbidden for this "
                f"endpoint.  Supported authentication types are {USER_AUTH}."
            )
        if token.kind == "user" and not op.allows_user:
            raise unsupported_authentication(
                "Authenticating with OAuth 2.0 User Context is forbidden for this "
                f"endpoint.  Supported authentication types are {APP_AUTH}."
            )
        missing = sorted(op.scopes - token.scopes) if token.kind == "user" else []
        if missing:
            raise forbidden(
                f"Missing OAuth 2.0 scopes: {', '.join(missing)}. This endpoint needs "
                f"{', '.join(sorted(op.scopes))}; re-authorize with them."
            )
