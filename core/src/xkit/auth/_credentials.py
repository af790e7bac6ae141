"""`StoredCredentials`: the core ``Credentials`` protocol over a token store."""

from __future__ import annotations

import time
from collections.abc import Callable

from .._credentials import fingerprint
from .._errors import ConfigurationError
from .._spec import AuthKind
from .._steps import Call, Flow
from ._app import app_token, forget_app_token
from ._config import OAuthConfig
from ._record import TokenRecord
from ._refresh import refresh_flow, usable
from ._store import TokenStore

__all__ = ["StoredCredentials"]


class StoredCredentials:
    """One user's stored X login, refreshed as needed.

    Tokens are read from ``store`` on every call, so workers and processes
    sharing the store see each other's refreshes. A token expiring within
    ``config.refresh_leeway`` seconds is refreshed before use; a 401 triggers
    one refresh (:meth:`refresh`). App-only tools use the app's bearer token.
    """

    def __init__(
        self,
        store: TokenStore,
        config: OAuthConfig,
        user_key: str,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not user_key:
            raise ConfigurationError("A user key is required for a stored login.")
        self.store = store
        self.config = config
        self.user_key = user_key
        self._clock = clock
        self._scopes: frozenset[str] | None = None
        self._remember(store.get(config.client_id, user_key))

    def __repr__(self) -> str:
        return (
            f"StoredCredentials(user_key={self.user_key!r}, "
            f"client_id={self.config.client_id!r}, store={self.store!r})"
        )

    def _remember(self, record: TokenRecord | None) -> None:
        if record is not None:
            self._scopes = record.scopes

    @property
    def cache_key(self) -> str:
        return "oauth:" + fingerprint(f"{self.config.client_id}\0{self.user_key}")

    @property
    def granted_scopes(self) -> frozenset[str] | None:
        """The scopes X granted to this login (as last read from the store)."""
        return self._scopes

    def has(self, kind: AuthKind) -> bool:
        if kind is AuthKind.APP:
            return self.config.bearer_token is not None or self.config.confidential
        return True

    def token(self, kind: AuthKind, tool: str) -> Flow[str | None]:
        if kind is AuthKind.NONE:
            return None
        if kind is AuthKind.APP:
            return (yield from app_token(self.config, tool))
        record = yield from self.record()
        return record.access_token.reveal()

    def record(self) -> Flow[TokenRecord]:
        """The stored record, refreshed first when it expires soon."""
        key = (self.config.client_id, self.user_key)
        record = usable((yield Call(self.store.get, key, blocking=True)), self.user_key)
        self._remember(record)
        if record.expires_within(self.config.refresh_leeway, self._clock()):
            record = yield from refresh_flow(
                self.store, self.config, self.user_key, None, self._clock
            )
            self._remember(record)
        return record

    def refresh(self, kind: AuthKind, rejected: str, tool: str) -> Flow[str]:
        if kind is AuthKind.APP:
            if not forget_app_token(self.config, rejected):
                raise ConfigurationError(
                    f"{tool} failed: X rejected the app-only bearer token "
                    "(XKIT_BEARER_TOKEN). Replace it."
                )
            return (yield from app_token(self.config, tool))
        record = yield from refresh_flow(
            self.store, self.config, self.user_key, rejected, self._clock
        )
        self._remember(record)
        return record.access_token.reveal()
