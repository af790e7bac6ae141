"""What the store keeps: a user's tokens (`TokenRecord`) and started logins."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from .._credentials import fingerprint
from ._secret import Secret

__all__ = [
    "DEFAULT_EXPIRES_IN",
    "PendingLogin",
    "Status",
    "TokenRecord",
    "expires_at_from",
    "state_key",
]

Status = Literal["active", "needs_reauth", "revoke_pending"]

DEFAULT_EXPIRES_IN = 3600.0
"""Assumed lifetime when the token response omits ``expires_in`` (X's is 7200)."""
MAX_EXPIRES_IN = 60 * 60 * 24 * 90.0


def expires_at_from(payload: Mapping[str, Any], now: float) -> float:
    """An absolute expiry from a token response; never 'never expires'."""
    raw = payload.get("expires_in")
    try:
        seconds = float(raw) if raw is not None else DEFAULT_EXPIRES_IN
    except (TypeError, ValueError):
        seconds = DEFAULT_EXPIRES_IN
    if not 0 < seconds <= MAX_EXPIRES_IN:  # also rejects NaN
        seconds = DEFAULT_EXPIRES_IN
    return now + seconds


def parse_scopes(value: str | Iterable[str] | None) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        value = value.split()
    return frozenset(s for s in value if s)


@dataclass(frozen=True, slots=True, repr=False)
class TokenRecord:
    """One user's connection for one OAuth client.

    ``version`` grows by one on every write (compare-and-swap); ``status`` says
    whether the tokens are usable, need a new login, or await revocation.
    """

    client_id: str
    user_key: str
    access_token: Secret
    refresh_token: Secret | None
    expires_at: float
    scopes: frozenset[str]
    x_user_id: str
    username: str = ""
    version: int = 0
    status: Status = "active"
    updated_at: float = 0.0

    def expires_within(self, seconds: float, now: float) -> bool:
        return self.expires_at - now <= seconds

    @property
    def refresh_fingerprint(self) -> str:
        """A non-secret label of the refresh token (for logs and comparisons)."""
        return fingerprint(self.refresh_token.reveal()) if self.refresh_token else "-"

    def evolve(self, **changes: Any) -> TokenRecord:
        return replace(self, **changes)

    def __repr__(self) -> str:
        return (
            f"TokenRecord(user_key={self.user_key!r}, x_user_id={self.x_user_id!r}, "
            f"username={self.username!r}, status={self.status!r}, "
            f"version={self.version}, expires_at={self.expires_at:.0f}, "
            f"scopes={' '.join(sorted(self.scopes))!r}, access_token=***, "
            f"refresh_token={'***' if self.refresh_token else None})"
        )

    __str__ = __repr__


@dataclass(frozen=True, slots=True, repr=False)
class PendingLogin:
    """A started authorization: its PKCE verifier and who started it."""

    state: Secret
    code_verifier: Secret
    client_id: str
    user_key: str
    scopes: frozenset[str]
    redirect_uri: str
    expires_at: float
    expected_user_id: str | None = None

    @property
    def key(self) -> str:
        return state_key(self.state.reveal())

    def __repr__(self) -> str:
        return (
            f"PendingLogin(user_key={self.user_key!r}, "
            f"expires_at={self.expires_at:.0f})"
        )


def state_key(state: str) -> str:
    """Stores look started logins up by a hash of ``state``, never the value."""
    return hashlib.sha256(state.encode()).hexdigest()
