"""Binding a toolkit to one user's stored login, and choosing scopes."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from .._errors import ToolNotFound
from .._toolkit import Toolkit
from ._config import OAuthConfig
from ._credentials import StoredCredentials
from ._sqlite import SQLiteTokenStore
from ._store import TokenStore

__all__ = ["default_scopes", "default_store", "toolkit_for_user"]

OFFLINE = "offline.access"


def default_store(config: OAuthConfig) -> SQLiteTokenStore:
    """The SQLite store under the configured ``XKIT_HOME``."""
    return SQLiteTokenStore(config.home / "tokens.db")


def toolkit_for_user(
    user_key: str,
    *,
    store: TokenStore | None = None,
    config: OAuthConfig | None = None,
    clock: Callable[[], float] = time.time,
    **toolkit_options: Any,
) -> Toolkit:
    """A :class:`~xkit.Toolkit` acting for the stored login ``user_key``.

    The user is fixed here by the application; no tool takes a user argument.
    ``toolkit_options`` go to ``Toolkit`` (``tools``, ``granted_only``,
    ``transport``...); ``base_url`` defaults to the config's API base.
    ``clock`` decides token expiry (pass a sandbox's ``clock.timestamp``).
    """
    config = config or OAuthConfig.from_env()
    store = store if store is not None else default_store(config)
    toolkit_options.setdefault("base_url", config.api_base_url)
    credentials = StoredCredentials(store, config, user_key, clock=clock)
    return Toolkit(credentials=credentials, **toolkit_options)


def default_scopes(tool_names: Iterable[str] | None = None) -> frozenset[str]:
    """The scopes the named tools need (all tools when None), plus
    ``offline.access`` so the login can be refreshed."""
    from ..tools import REGISTRY

    names = list(REGISTRY) if tool_names is None else list(tool_names)
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        raise ToolNotFound(f"Unknown tool(s): {', '.join(sorted(unknown))}.")
    scopes: set[str] = {OFFLINE}
    for name in names:
        scopes |= REGISTRY[name].scopes
    return frozenset(scopes)
