"""Errors raised by the OAuth layer; each one subclasses a core xkit error.

::

    AuthError (xkit)
    ├── StateMismatch         the callback's state is missing, unknown, used or expired
    ├── AuthorizationDenied   the user (or X) refused the authorization
    ├── LoginFailed           X rejected the code exchange, or users/me failed
    ├── TokenPersistError     new tokens could not be written to the store
    └── TransientAuthError    the token endpoint is busy or down (429, 5xx, HTML)

Messages never contain tokens, codes, verifiers or client secrets.
"""

from __future__ import annotations

from .._errors import AuthError

__all__ = [
    "AuthorizationDenied",
    "LoginFailed",
    "StateMismatch",
    "TokenPersistError",
    "TransientAuthError",
]


class StateMismatch(AuthError):
    """The callback cannot be matched to a login this client started."""


class AuthorizationDenied(AuthError):
    """The authorization server answered the callback with ``error=``."""

    def __init__(self, message: str, *, error: str) -> None:
        super().__init__(message)
        self.error = error


class LoginFailed(AuthError):
    """The code exchange or the ``users/me`` lookup after it failed."""


class TokenPersistError(AuthError):
    """Tokens were obtained but could not be stored; they were not used."""


class TransientAuthError(AuthError):
    """The token endpoint is temporarily unavailable; retry later."""

    retryable = True

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
