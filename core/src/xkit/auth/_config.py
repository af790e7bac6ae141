"""`OAuthConfig`: who the app is and where X's OAuth endpoints are."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .._errors import ConfigurationError
from .._toolkit import DEFAULT_BASE_URL
from ._secret import Secret

__all__ = ["DEFAULT_REDIRECT_URI", "OAuthConfig"]

DEFAULT_REDIRECT_URI = "http://127.0.0.1:8765/callback"
X_AUTHORIZE_URL = "https://x.com/i/oauth2/authorize"
X_TOKEN_URL = "https://api.x.com/2/oauth2/token"
X_REVOKE_URL = "https://api.x.com/2/oauth2/revoke"
X_APP_TOKEN_URL = "https://api.x.com/oauth2/token"


@dataclass(frozen=True, slots=True, repr=False)
class OAuthConfig:
    """The OAuth 2.0 client settings. Build it with :meth:`from_env` or by hand.

    A client with a ``client_secret`` is confidential (HTTP Basic at the token
    endpoint); without one it is public (``client_id`` in the request body).
    Endpoints left empty follow ``api_base_url``: X's own for the real API,
    ``{base}/i/oauth2/authorize`` and ``{base}/2/oauth2/...`` for a sandbox.
    """

    client_id: str
    client_secret: Secret | None = None
    redirect_uri: str = DEFAULT_REDIRECT_URI
    api_base_url: str = DEFAULT_BASE_URL
    authorize_url: str = ""
    token_url: str = ""
    revoke_url: str = ""
    app_token_url: str = ""
    """Where client credentials are exchanged for an app-only bearer token."""
    home: Path = field(default_factory=lambda: Path("~/.xkit").expanduser())
    bearer_token: Secret | None = None
    """A ready app-only bearer token (``XKIT_BEARER_TOKEN``)."""
    refresh_leeway: float = 120.0
    """Refresh a token this many seconds before it expires."""
    lock_timeout: float = 10.0
    """Longest wait for another worker's refresh of the same login."""
    http_timeout: float = 10.0
    login_ttl: float = 600.0
    """Seconds a started login (state and verifier) stays usable."""

    def __post_init__(self) -> None:
        if not self.client_id:
            raise ConfigurationError(
                "No OAuth client id. Set XKIT_CLIENT_ID to the app's OAuth 2.0 "
                "client id (from the X developer portal)."
            )
        if isinstance(self.client_secret, str):
            object.__setattr__(self, "client_secret", Secret(self.client_secret))
        if isinstance(self.bearer_token, str):
            object.__setattr__(self, "bearer_token", Secret(self.bearer_token))
        check_redirect_uri(self.redirect_uri)
        base = self.api_base_url.rstrip("/")
        object.__setattr__(self, "api_base_url", base)
        real = base == DEFAULT_BASE_URL
        defaults = {
            "authorize_url": X_AUTHORIZE_URL if real else f"{base}/i/oauth2/authorize",
            "token_url": X_TOKEN_URL if real else f"{base}/2/oauth2/token",
            "revoke_url": X_REVOKE_URL if real else f"{base}/2/oauth2/revoke",
            "app_token_url": X_APP_TOKEN_URL if real else f"{base}/2/oauth2/token",
        }
        for name, value in defaults.items():
            if not getattr(self, name):
                object.__setattr__(self, name, value)
        object.__setattr__(self, "home", Path(self.home).expanduser())

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, **overrides: Any
    ) -> OAuthConfig:
        """Settings from ``XKIT_*`` variables; keyword arguments win."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {
            "client_id": env.get("XKIT_CLIENT_ID", ""),
            "client_secret": env.get("XKIT_CLIENT_SECRET") or None,
            "redirect_uri": env.get("XKIT_REDIRECT_URI") or DEFAULT_REDIRECT_URI,
            "api_base_url": env.get("XKIT_BASE_URL") or DEFAULT_BASE_URL,
            "home": Path(env.get("XKIT_HOME") or "~/.xkit").expanduser(),
            "bearer_token": env.get("XKIT_BEARER_TOKEN") or None,
        }
        values.update(overrides)
        return cls(**values)

    @property
    def confidential(self) -> bool:
        return self.client_secret is not None

    def with_redirect_uri(self, redirect_uri: str) -> OAuthConfig:
        return replace(self, redirect_uri=redirect_uri)

    def __repr__(self) -> str:
        kind = "confidential" if self.confidential else "public"
        return (
            f"OAuthConfig(client_id={self.client_id!r}, {kind}, "
            f"redirect_uri={self.redirect_uri!r}, api_base_url={self.api_base_url!r})"
        )


def check_redirect_uri(uri: str) -> None:
    """Reject redirect URIs that would leak the code: only https, or plain http
    to a loopback address (RFC 9700 §2.6)."""
    parts = urlsplit(uri)
    if parts.fragment or not parts.hostname:
        raise ConfigurationError(
            f"Redirect URI {uri!r} is not valid: it needs a host and no fragment."
        )
    if parts.scheme == "https":
        return
    if parts.scheme == "http" and _is_loopback(parts.hostname):
        return
    raise ConfigurationError(
        f"Redirect URI {uri!r} is not allowed: use https, or http only to a "
        "loopback address such as http://127.0.0.1:8765/callback."
    )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
