"""Refresh under rotation: single flight, persist-before-use, failure modes
(security.md 8, 9, 11, 13-18, 20, 48)."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from xkit import MissingScope, ReauthRequired, Toolkit
from xkit.auth import (
    MemoryTokenStore,
    OAuthClient,
    OAuthConfig,
    SQLiteTokenStore,
    TokenPersistError,
    TokenRecord,
    TokenStore,
    TransientAuthError,
    toolkit_for_user,
)
from xkit.auth._record import DEFAULT_EXPIRES_IN, expires_at_from
from xkit.sandbox import Sandbox

from ._support import PUBLIC, Counting, login

ME = "twitter_user_me"


@pytest.fixture(params=["memory", "sqlite"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> TokenStore:
    if request.param == "memory":
        return MemoryTokenStore()
    return SQLiteTokenStore(tmp_path / "tokens.db", encryption_key="")


def expire(store: TokenStore, user_key: str = "alice", at: float = 0.0) -> TokenRecord:
    record = store.get(PUBLIC, user_key)
    assert record is not None
    return store.put(record.evolve(expires_at=at))


def bearer(request: httpx.Request) -> str:
    return request.headers.get("authorization", "").removeprefix("Bearer ")


def toolkit(
    store: TokenStore, config: OAuthConfig, wire: Counting, **kw: Any
) -> Toolkit:
    return toolkit_for_user(
        "alice", store=store, config=config, transport=wire.transport(), **kw
    )


def logged_in(
    config: OAuthConfig,
    store: TokenStore,
    sandbox: Sandbox,
    wire: Counting,
    **extra: Any,
) -> TokenRecord:
    record = login(
        OAuthClient(config, store, transport=wire.transport()), sandbox, **extra
    )
    wire.requests.clear()
    return record


# -- expiry --------------------------------------------------------------------


@pytest.mark.parametrize("raw", [None, "soon", -5, 0, float("nan"), float("inf"), 1e12])
def test_missing_or_bad_expires_in_gets_a_conservative_expiry(raw: object) -> None:
    payload = {} if raw is None else {"expires_in": raw}
    assert expires_at_from(payload, 100.0) == 100.0 + DEFAULT_EXPIRES_IN


def test_login_without_expires_in_is_stored_with_an_expiry(
    config: OAuthConfig, store: MemoryTokenStore, sandbox: Sandbox
) -> None:
    def strip(request: httpx.Request) -> httpx.Response:
        reply = sandbox.handle(request)
        if request.url.path == "/2/oauth2/token":
            body = reply.json()
            body.pop("expires_in")
            return httpx.Response(reply.status_code, json=body)
        return reply

    client = OAuthClient(config, store, transport=httpx.MockTransport(strip))
    record = login(client, sandbox)
    assert record.expires_at > 0
    assert record.expires_at - record.updated_at <= DEFAULT_EXPIRES_IN + 5


def test_narrow_grant_fails_fast_with_missing_scope(
    config: OAuthConfig, store: MemoryTokenStore, sandbox: Sandbox, wire: Counting
) -> None:
    logged_in(config, store, sandbox, wire, scopes=["tweet.read"])
    tk = toolkit(store, config, wire)
    with pytest.raises(MissingScope, match=r"tweet\.write"):
        tk.call("twitter_post_create", {"text": "hello"})
    assert wire.requests == []
    names = {s.name for s in toolkit(store, config, wire, granted_only=True).tools}
    assert ME in names and "twitter_post_create" not in names


# -- single flight -------------------------------------------------------------


def hammer(tk1: Toolkit, tk2: Toolkit, n: int = 50) -> list[dict[str, Any]]:
    """n/2 sync calls in threads on tk1 while n/2 async tasks run on tk2."""
    results: list[dict[str, Any]] = []
    barrier = threading.Barrier(2)

    async def many() -> list[dict[str, Any]]:
        return list(await asyncio.gather(*(tk2.acall(ME) for _ in range(n // 2))))

    def async_side() -> None:
        barrier.wait()
        results.extend(asyncio.run(many()))

    side = threading.Thread(target=async_side)
    side.start()
    barrier.wait()
    with ThreadPoolExecutor(8) as pool:
        results.extend(pool.map(lambda _: tk1.call(ME), range(n - n // 2)))
    side.join()
    return results


@pytest.mark.parametrize("how", ["proactive", "after_401"])
def test_fifty_concurrent_calls_refresh_once(
    how: str,
    config: OAuthConfig,
    any_store: TokenStore,
    sandbox: Sandbox,
    wire: Counting,
) -> None:
    record = logged_in(config, any_store, sandbox, wire)
    if how == "proactive":
        expire(any_store)
    else:
        sandbox.clock.advance(7300)  # X-side expiry only: calls meet a 401
    results = hammer(toolkit(any_store, config, wire), toolkit(any_store, config, wire))

    assert len(results) == 50
    assert all(r["data"]["id"] == record.x_user_id for r in results)
    assert len(wire.grants("refresh_token")) == 1
    stored = any_store.get(PUBLIC, "alice")
    assert stored is not None and stored.status == "active"
    rotated = wire.grants("refresh_token")[0]
    assert record.refresh_token is not None and stored.refresh_token is not None
    assert rotated["refresh_token"] == record.refresh_token.reveal()
    assert not stored.refresh_token.matches(record.refresh_token)
    sent = [bearer(r) for r in wire.requests if r.url.path == "/2/users/me"]
    assert sent.count(stored.access_token.reveal()) == 50
    if how == "proactive":
        assert len(sent) == 50


def test_new_record_is_persisted_before_the_new_token_is_used(
    config: OAuthConfig, sandbox: Sandbox, wire: Counting
) -> None:
    events: list[tuple[str, str]] = []

    class Spy(MemoryTokenStore):
        def swap(self, record: TokenRecord, expected: int) -> TokenRecord | None:
            events.append(("stored", record.access_token.reveal()))
            return super().swap(record, expected)

    store = Spy()
    logged_in(config, store, sandbox, wire)
    expire(store)
    inner = wire.handler
    wire.handler = lambda r: (events.append(("sent", bearer(r))), inner(r))[1]
    toolkit(store, config, wire).call(ME)
    new = store.get(PUBLIC, "alice")
    assert new is not None
    token = new.access_token.reveal()
    assert events.index(("stored", token)) < events.index(("sent", token))


def test_store_failure_after_refresh_is_loud(
    config: OAuthConfig,
    sandbox: Sandbox,
    wire: Counting,
    caplog: pytest.LogCaptureFixture,
) -> None:
    attempts = []

    class Broken(MemoryTokenStore):
        def swap(self, record: TokenRecord, expected: int) -> TokenRecord | None:
            attempts.append(record.access_token.reveal())
            raise sqlite3.OperationalError("disk I/O error")

    store = Broken()
    logged_in(config, store, sandbox, wire)
    expire(store)
    with caplog.at_level("DEBUG"), pytest.raises(TokenPersistError):
        toolkit(store, config, wire).call(ME)
    assert len(attempts) == 3
    assert [r.url.path for r in wire.requests] == ["/2/oauth2/token"]
    assert attempts[0] not in caplog.text


# -- refusals and faults -------------------------------------------------------


def test_refused_refresh_adopts_a_newer_stored_token(
    config: OAuthConfig, store: MemoryTokenStore, sandbox: Sandbox, wire: Counting
) -> None:
    logged_in(config, store, sandbox, wire)
    stale = expire(store)
    rival = OAuthClient(config, store, transport=httpx.MockTransport(sandbox.handle))
    inner = wire.handler

    def race(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/2/oauth2/token" and not wire.grants()[:-1]:
            # another worker refreshes with the same refresh token first
            won = rival._run(_refresh(config, stale))
            store.swap(won, stale.version)
        return inner(request)

    wire.handler = race
    result = toolkit(store, config, wire).call(ME)
    assert result["data"]["username"]
    final = store.get(PUBLIC, "alice")
    assert final is not None and final.status == "active"
    assert len(wire.grants("refresh_token")) == 1


def _refresh(config: OAuthConfig, stale: TokenRecord) -> Any:
    from xkit.auth._endpoint import token_request

    assert stale.refresh_token is not None
    payload = yield from token_request(
        config, "refresh_token", refresh_token=stale.refresh_token.reveal()
    )
    from xkit.auth import Secret

    return stale.evolve(
        access_token=Secret(payload["access_token"]),
        refresh_token=Secret(payload["refresh_token"]),
        expires_at=stale.updated_at + 7200,
    )


def test_refused_refresh_with_unchanged_store_needs_reauth(
    config: OAuthConfig, any_store: TokenStore, sandbox: Sandbox, wire: Counting
) -> None:
    record = logged_in(config, any_store, sandbox, wire)
    assert record.refresh_token is not None
    sandbox.tokens.revoke(record.refresh_token.reveal())
    expire(any_store)
    tk = toolkit(any_store, config, wire)
    with pytest.raises(ReauthRequired, match="xkit auth login --user alice"):
        tk.call(ME)
    assert len(wire.grants()) == 1
    kept = any_store.get(PUBLIC, "alice")
    assert kept is not None and kept.status == "needs_reauth"
    with pytest.raises(ReauthRequired):
        tk.call(ME)
    assert len(wire.grants()) == 1


def flaky(wire: Counting, fail: Callable[[int], str | None]) -> None:
    """Make the n-th refresh POST time out: before ('lost') or after the
    server handled it ('answer_lost')."""
    inner = wire.handler
    seen = [0]

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path != "/2/oauth2/token":
            return inner(request)
        seen[0] += 1
        mode = fail(seen[0])
        if mode == "answer_lost":
            inner(request)
        if mode:
            raise httpx.ReadTimeout("timed out", request=request)
        return inner(request)

    wire.handler = handler


def test_timeout_then_success_uses_two_posts(
    config: OAuthConfig, store: MemoryTokenStore, sandbox: Sandbox, wire: Counting
) -> None:
    logged_in(config, store, sandbox, wire)
    expire(store)
    flaky(wire, lambda n: "lost" if n == 1 else None)
    assert toolkit(store, config, wire).call(ME)["data"]
    assert len(wire.grants()) == 2


@pytest.mark.parametrize("mode", ["lost", "answer_lost"])
def test_repeated_timeouts_end_in_reauth(
    mode: str,
    config: OAuthConfig,
    store: MemoryTokenStore,
    sandbox: Sandbox,
    wire: Counting,
) -> None:
    logged_in(config, store, sandbox, wire)
    expire(store)
    flaky(wire, lambda n: mode if n == 1 else "lost")
    with pytest.raises(ReauthRequired):
        toolkit(store, config, wire).call(ME)
    assert len(wire.grants()) == 2


@pytest.mark.parametrize("status", [429, 503])
def test_token_endpoint_overload_is_transient(
    status: int,
    config: OAuthConfig,
    store: MemoryTokenStore,
    sandbox: Sandbox,
    wire: Counting,
) -> None:
    logged_in(config, store, sandbox, wire)
    before = expire(store)
    inner = wire.handler

    def html(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/2/oauth2/token":
            return httpx.Response(
                status,
                headers={"retry-after": "30"},
                html="<html><body>Over capacity</body></html>",
            )
        return inner(request)

    wire.handler = html
    with pytest.raises(TransientAuthError) as info:
        toolkit(store, config, wire).call(ME)
    assert info.value.retry_after == 30 and info.value.retryable
    assert store.get(PUBLIC, "alice") == before


def test_token_expiring_in_30s_is_refreshed_first(
    config: OAuthConfig, store: MemoryTokenStore, sandbox: Sandbox, wire: Counting
) -> None:
    import time

    logged_in(config, store, sandbox, wire)
    expire(store, at=time.time() + 30)
    toolkit(store, config, wire).call(ME)
    assert wire.paths() == ["/2/oauth2/token", "/2/users/me"]


def test_second_401_after_refresh_needs_reauth(
    config: OAuthConfig, store: MemoryTokenStore, sandbox: Sandbox, wire: Counting
) -> None:
    logged_in(config, store, sandbox, wire)
    inner = wire.handler

    def reject(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/2/users/me":
            return httpx.Response(401, json={"title": "Unauthorized", "status": 401})
        return inner(request)

    wire.handler = reject
    with pytest.raises(ReauthRequired):
        toolkit(store, config, wire).call(ME)
    assert wire.paths() == ["/2/users/me", "/2/oauth2/token", "/2/users/me"]


# -- tenants -------------------------------------------------------------------


def test_interleaved_tenants_never_cross(
    config: OAuthConfig, any_store: TokenStore, sandbox: Sandbox, wire: Counting
) -> None:
    client = OAuthClient(config, any_store, transport=wire.transport())
    other = next(u for u in sandbox.state.users.values() if u.username != "xkit_dev")
    ids = {
        "alice": login(client, sandbox, "alice").x_user_id,
        "bob": login(client, sandbox, "bob", login_as=other.username).x_user_id,
    }
    for key in ids:
        expire(any_store, key)
    kits = {
        k: toolkit_for_user(
            k, store=any_store, config=config, transport=wire.transport()
        )
        for k in ids
    }

    def call(i: int) -> tuple[str, str]:
        key = "alice" if i % 2 else "bob"
        return key, kits[key].call(ME)["data"]["id"]

    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(call, range(40)))
    assert all(ids[key] == got for key, got in outcomes)
    assert len(wire.grants("refresh_token")) == 2
    for spec in kits["alice"].tools:
        fields = set(spec.input_model.model_json_schema().get("properties", {}))
        assert not fields & {"user_key", "access_token", "refresh_token", "token"}


def test_toolkit_for_user_is_reachable_from_the_core(
    config: OAuthConfig, store: MemoryTokenStore, sandbox: Sandbox, wire: Counting
) -> None:
    record = logged_in(config, store, sandbox, wire)
    tk = Toolkit.for_user(
        "alice", store=store, config=config, transport=wire.transport()
    )
    assert tk.call(ME)["data"]["id"] == record.x_user_id
    assert tk.context.credentials.granted_scopes == record.scopes
    assert "alice" in repr(tk) and record.access_token.reveal() not in repr(tk)
