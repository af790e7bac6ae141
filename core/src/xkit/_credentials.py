"""Credentials: where a call's bearer token comes from.

A credential source is written as flows (see :mod:`xkit._steps`) so that OAuth
refresh, which sends requests and takes locks, runs the same way under both
drivers. :class:`StaticCredentials` covers fixed tokens; the OAuth layer
(:mod:`xkit.auth`) provides stored, refreshable ones.
"""

from __future__ import annotations

import hashlib
import os
from typing import Protocol, runtime_checkable

from ._errors import ConfigurationError, ReauthRequired
from ._spec import AuthKind
from ._steps import Flow

__all__ = ["Credentials", "StaticCredentials", "fingerprint"]


def fingerprint(secret: str) -> str:
    """A short, non-reversible label for a secret (for caches and logs)."""
    return hashlib.sha256(secret.encode()).hexdigest()[:12]


@runtime_checkable
class Credentials(Protocol):
    """What the executor needs from a credential source."""

    @property
    def cache_key(self) -> str:
        """A non-secret key identifying the user (for the ``users/me`` cache)."""
        ...

    @property
    def granted_scopes(self) -> frozenset[str] | None:
        """Scopes the user token carries, or None when unknown."""
        ...

    def has(self, kind: AuthKind) -> bool:
        """Whether a token of this kind can be produced."""
        ...

    def token(self, kind: AuthKind, tool: str) -> Flow[str | None]:
        """Yield steps as needed and return the bearer token for ``kind``."""
        ...

    def refresh(self, kind: AuthKind, rejected: str, tool: str) -> Flow[str]:
        """After a 401 with ``rejected``: return a fresh token or raise
        :class:`~xkit.ReauthRequired`."""
        ...


class StaticCredentials:
    """Fixed tokens: a user access token and/or an app-only bearer token."""

    def __init__(
        self,
        access_token: str | None = None,
        bearer_token: str | None = None,
        scopes: frozenset[str] | None = None,
    ) -> None:
        self._access = access_token or None
        self._bearer = bearer_token or None
        self._scopes = scopes

    @classmethod
    def from_env(cls) -> StaticCredentials:
        return cls(
            access_token=os.environ.get("XKIT_ACCESS_TOKEN"),
            bearer_token=os.environ.get("XKIT_BEARER_TOKEN"),
        )

    def __repr__(self) -> str:
        have = [n for n, v in (("user", self._access), ("app", self._bearer)) if v]
        return f"StaticCredentials({', '.join(have) or 'none'})"

    @property
    def cache_key(self) -> str:
        return fingerprint(self._access or "")

    @property
    def granted_scopes(self) -> frozenset[str] | None:
        return self._scopes

    def has(self, kind: AuthKind) -> bool:
        if kind is AuthKind.NONE:
            return True
        if kind is AuthKind.USER:
            return self._access is not None
        if kind is AuthKind.APP:
            return self._bearer is not None
        return self._access is not None or self._bearer is not None

    def token(self, kind: AuthKind, tool: str) -> Flow[str | None]:
        if kind is AuthKind.NONE:
            return None
        if kind is AuthKind.USER_OR_APP:
            kind = AuthKind.USER if self._access else AuthKind.APP
        value = self._access if kind is AuthKind.USER else self._bearer
        if value is None:
            raise ConfigurationError(_missing(kind, tool))
        return value
        yield  # a generator, for the Credentials protocol

    def refresh(self, kind: AuthKind, rejected: str, tool: str) -> Flow[str]:
        raise ReauthRequired(
            f"{tool} failed: X rejected the configured token (401) and it cannot "
            "be refreshed. Provide a new token or log in with xkit auth login."
        )
        yield  # pragma: no cover


def _missing(kind: AuthKind, tool: str) -> str:
    if kind is AuthKind.APP:
        return (
            f"{tool} needs an app-only bearer token. Set XKIT_BEARER_TOKEN or "
            "configure XKIT_CLIENT_ID and XKIT_CLIENT_SECRET."
        )
    return f"{tool} needs a user login. Set XKIT_ACCESS_TOKEN or run xkit auth login."
