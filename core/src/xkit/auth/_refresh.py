"""Refreshing a user token safely when X rotates refresh tokens.

The rules (security.md §2): one refresh at a time per login across threads,
tasks and processes; re-read the store under the lock; persist before use;
after ``invalid_grant``/``invalid_request`` adopt a newer stored token or retry
once with it, else mark the record ``needs_reauth`` (never delete it); at most
one retry after a transport failure.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import httpx

from .._errors import ConfigurationError, ReauthRequired
from .._steps import Call, Flow, Sleep
from ._config import OAuthConfig
from ._endpoint import OAuthProblem, token_request
from ._errors import TransientAuthError
from ._locks import Lease
from ._persist import persist
from ._record import TokenRecord, expires_at_from, parse_scopes
from ._secret import Secret
from ._store import TokenStore

__all__ = ["acquire", "reauth_message", "refresh_flow"]

log = logging.getLogger("xkit.auth")

_REFUSED = frozenset({"invalid_grant", "invalid_request"})
_CLIENT = frozenset({"invalid_client", "unauthorized_client"})


def reauth_message(user_key: str, why: str) -> str:
    return f"{why} Ask the user to log in again: xkit auth login --user {user_key}"


def acquire(try_lock: Callable[[], Lease | None], timeout: float) -> Flow[Lease]:
    """Take a lock by polling: waiting is a ``Sleep`` step, never a held thread.

    ``try_lock`` never blocks (a non-blocking lock and ``flock(LOCK_NB)``), so it
    runs inline: a worker thread could be cancelled after taking the lock.
    """
    deadline = time.monotonic() + timeout
    delay = 0.005
    while True:
        lease = yield Call(try_lock)
        if lease is not None:
            return lease  # type: ignore[no-any-return]
        if time.monotonic() >= deadline:
            raise TransientAuthError(
                "Timed out waiting for another worker to refresh this login. "
                "Try again shortly.",
                retry_after=1.0,
            )
        yield Sleep(delay)
        delay = min(delay * 2, 0.1)


def usable(record: TokenRecord | None, user_key: str) -> TokenRecord:
    """The record, or ReauthRequired when there is none or it is not active."""
    if record is None:
        raise ReauthRequired(reauth_message(user_key, "No X login is stored."))
    if record.status == "needs_reauth":
        raise ReauthRequired(
            reauth_message(user_key, "The stored X login expired or was revoked.")
        )
    if record.status == "revoke_pending":
        raise ReauthRequired(reauth_message(user_key, "This X login was logged out."))
    return record


def refresh_flow(
    store: TokenStore,
    config: OAuthConfig,
    user_key: str,
    rejected: str | None,
    clock: Callable[[], float],
) -> Flow[TokenRecord]:
    """Return a usable record, refreshing under the login's lock if needed.

    ``rejected`` is the access token X just answered 401 to, or None for a
    proactive refresh of a token close to expiry.
    """
    key = (config.client_id, user_key)
    lease = yield from acquire(lambda: store.try_lock(*key), config.lock_timeout)
    try:
        record = usable((yield Call(store.get, key, blocking=True)), user_key)
        fresh = not record.expires_within(config.refresh_leeway, clock())
        if fresh and (rejected is None or not record.access_token.matches(rejected)):
            return record  # another worker refreshed while we waited
        return (yield from _rotate(store, config, record, clock))
    finally:
        lease.release()


def _rotate(
    store: TokenStore,
    config: OAuthConfig,
    record: TokenRecord,
    clock: Callable[[], float],
) -> Flow[TokenRecord]:
    key = (config.client_id, record.user_key)
    adopted = False
    sent = 0
    while True:
        if record.refresh_token is None:
            yield from _mark(store, record)
            raise ReauthRequired(
                reauth_message(
                    record.user_key,
                    "The X login expired and has no refresh token (it was granted "
                    "without offline.access).",
                )
            )
        sent += 1
        try:
            payload = yield from token_request(
                config, "refresh_token", refresh_token=record.refresh_token.reveal()
            )
        except httpx.HTTPError as exc:
            log.info("token refresh failed in transit: %s", type(exc).__name__)
            if sent < 2:
                continue
            raise ReauthRequired(
                reauth_message(
                    record.user_key,
                    "X's token endpoint did not answer the refresh twice; the "
                    "refresh token may be used up. If calls keep failing:",
                )
            ) from None
        except OAuthProblem as problem:
            if problem.error in _CLIENT:
                raise ConfigurationError(
                    f"X rejected the OAuth client ({problem.error}). Check "
                    "XKIT_CLIENT_ID and XKIT_CLIENT_SECRET."
                ) from None
            latest: TokenRecord | None = yield Call(store.get, key, blocking=True)
            if _is_newer(latest, record):
                assert latest is not None
                if not latest.expires_within(config.refresh_leeway, clock()):
                    return latest
                if not adopted:
                    adopted, record = True, latest
                    continue
            yield from _mark(store, latest or record)
            log.info("refresh refused (%s); login marked needs_reauth", problem.error)
            raise ReauthRequired(
                reauth_message(
                    record.user_key,
                    f"X refused to refresh the login ({problem.error}).",
                )
            ) from None

        renewed = record.evolve(
            access_token=Secret(payload["access_token"]),
            refresh_token=(
                Secret(payload["refresh_token"])
                if isinstance(payload.get("refresh_token"), str)
                else record.refresh_token
            ),
            expires_at=expires_at_from(payload, clock()),
            scopes=parse_scopes(payload.get("scope")) or record.scopes,
            status="active",
        )
        stored = yield from persist(store.swap, renewed, record.version)
        if stored is None:  # a newer record was written meanwhile: keep it
            latest = yield Call(store.get, key, blocking=True)
            return usable(latest, record.user_key)
        log.info(
            "refreshed X login %r (refresh token %s -> %s)",
            record.user_key,
            record.refresh_fingerprint,
            stored.refresh_fingerprint,
        )
        return stored


def _is_newer(latest: TokenRecord | None, record: TokenRecord) -> bool:
    return (
        latest is not None
        and latest.status == "active"
        and latest.version > record.version
        and not (
            latest.refresh_token is not None
            and latest.refresh_token.matches(record.refresh_token)
        )
    )


def _mark(store: TokenStore, record: TokenRecord) -> Flow[None]:
    """Set ``needs_reauth``, keeping the record (best effort, never loops)."""
    if record.status == "needs_reauth":
        return
    try:
        yield Call(
            store.swap, (record.evolve(status="needs_reauth"), record.version), True
        )
    except Exception as exc:  # the ReauthRequired that follows matters more
        log.warning("could not mark the login needs_reauth: %s", type(exc).__name__)
