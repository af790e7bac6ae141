"""OAuth 2.0 for xkit: user logins with PKCE, a token store, safe refresh.

Typical web-app use::

    client = OAuthClient(OAuthConfig.from_env(), SQLiteTokenStore())
    login = client.begin_login("alice", default_scopes(["twitter_post_create"]))
    # redirect the browser to login.url; then, on the callback:
    client.complete_login(request_url)
    toolkit = toolkit_for_user("alice")

From a terminal: ``xkit auth login --user alice``.
"""

from __future__ import annotations

from ._config import DEFAULT_REDIRECT_URI, OAuthConfig
from ._credentials import StoredCredentials
from ._errors import (
    AuthorizationDenied,
    LoginFailed,
    StateMismatch,
    TokenPersistError,
    TransientAuthError,
)
from ._login import LoginRequest, OAuthClient, parse_callback
from ._record import PendingLogin, Status, TokenRecord
from ._secret import Secret
from ._sqlite import SQLiteTokenStore
from ._store import MemoryTokenStore, TokenStore
from ._toolkit import default_scopes, default_store, toolkit_for_user

__all__ = [
    "DEFAULT_REDIRECT_URI",
    "AuthorizationDenied",
    "LoginFailed",
    "LoginRequest",
    "MemoryTokenStore",
    "OAuthClient",
    "OAuthConfig",
    "PendingLogin",
    "SQLiteTokenStore",
    "Secret",
    "StateMismatch",
    "Status",
    "StoredCredentials",
    "TokenPersistError",
    "TokenRecord",
    "TokenStore",
    "TransientAuthError",
    "default_scopes",
    "default_store",
    "parse_callback",
    "toolkit_for_user",
]
