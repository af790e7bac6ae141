"""App-only bearer tokens: ``XKIT_BEARER_TOKEN``, or client credentials cached
once per app (X allows one outstanding app token and throttles re-issuing)."""

from __future__ import annotations

import threading

from .._errors import ConfigurationError
from .._steps import Flow
from ._config import OAuthConfig
from ._endpoint import token_request
from ._locks import ThreadLease, try_thread_lock
from ._refresh import acquire
from ._secret import Secret

__all__ = ["app_token", "forget_app_token"]

_cache: dict[tuple[str, str], Secret] = {}
_cache_lock = threading.Lock()


def _key(config: OAuthConfig) -> tuple[str, str]:
    return (config.app_token_url, config.client_id)


def app_token(config: OAuthConfig, tool: str) -> Flow[str]:
    """The app-only bearer token, fetching it once if the client can."""
    if config.bearer_token is not None:
        return config.bearer_token.reveal()
    if not config.confidential:
        raise ConfigurationError(
            f"{tool} needs an app-only bearer token. Set XKIT_BEARER_TOKEN, or "
            "XKIT_CLIENT_SECRET for a confidential client."
        )
    with _cache_lock:
        cached = _cache.get(_key(config))
    if cached is not None:
        return cached.reveal()

    def lock() -> ThreadLease | None:
        return try_thread_lock("app", *_key(config))

    lease = yield from acquire(lock, config.lock_timeout)
    try:
        with _cache_lock:
            cached = _cache.get(_key(config))
        if cached is None:
            payload = yield from token_request(
                config, "client_credentials", url=config.app_token_url
            )
            cached = Secret(payload["access_token"])
            with _cache_lock:
                _cache[_key(config)] = cached
        return cached.reveal()
    finally:
        lease.release()


def forget_app_token(config: OAuthConfig, rejected: str) -> bool:
    """Drop the cached app token X rejected; False when it was not ours to drop."""
    with _cache_lock:
        cached = _cache.get(_key(config))
        if cached is not None and cached.matches(rejected):
            del _cache[_key(config)]
            return True
    return config.bearer_token is None and config.confidential
