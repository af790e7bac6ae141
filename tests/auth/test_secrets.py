"""Canary secrets never leak: logs, errors, tracebacks, reprs, outputs
(security.md 45, 46), plus config and app-only token handling."""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from xkit import AuthKind, ConfigurationError, XkitError
from xkit.auth import (
    MemoryTokenStore,
    OAuthClient,
    OAuthConfig,
    Secret,
    SQLiteTokenStore,
    StoredCredentials,
    TokenRecord,
    toolkit_for_user,
)
from xkit.auth._app import forget_app_token

CANARY_AT = "CANARYat7d1e"
CANARY_RT = "CANARYrt93fa"
CANARY_SECRET = "CANARYsecret51c"
CANARY_CODE = "CANARYcode0b2"
CANARIES = (CANARY_AT, CANARY_RT, CANARY_SECRET, CANARY_CODE)
BASE = "https://fake.test"


def fake_x(mode: str) -> Callable[[httpx.Request], httpx.Response]:
    """A token endpoint that echoes secrets back in its errors, as a worst case."""

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/2/users/me":
            if mode == "401":
                return httpx.Response(401, json={"detail": f"bad {CANARY_AT}"})
            return httpx.Response(200, json={"data": {"id": "7", "username": "u"}})
        if request.url.path == "/2/oauth2/revoke":
            return httpx.Response(503, text=f"down {CANARY_RT}")
        body = request.content.decode()
        if mode == "refuse":
            return httpx.Response(
                400, json={"error": "invalid_grant", "error_description": f"bad {body}"}
            )
        if mode == "html":
            return httpx.Response(503, html=f"<p>{body}</p>")
        if mode == "timeout":
            raise httpx.ReadTimeout(f"timeout {body}", request=request)
        return httpx.Response(
            200,
            json={
                "access_token": CANARY_AT,
                "refresh_token": CANARY_RT,
                "expires_in": 7200,
                "scope": "tweet.read users.read offline.access",
            },
        )

    return handle


def config() -> OAuthConfig:
    return OAuthConfig(
        client_id="app", client_secret=Secret(CANARY_SECRET), api_base_url=BASE
    )


def seeded(store: MemoryTokenStore, expires_at: float = 0.0) -> TokenRecord:
    return store.put(
        TokenRecord(
            "app",
            "alice",
            Secret(CANARY_AT),
            Secret(CANARY_RT),
            expires_at,
            frozenset({"tweet.read", "users.read"}),
            "7",
            "u",
        )
    )


def failures(tmp_path: Path) -> list[Any]:
    """Run the failing paths; return everything a user could see."""
    seen: list[Any] = []

    def attempt(action: Callable[[], Any]) -> None:
        try:
            seen.append(action())
        except XkitError as error:
            seen.extend([str(error), repr(error), traceback.format_exc()])

    for mode in ("refuse", "html", "timeout", "401"):
        store = MemoryTokenStore()
        seeded(store, expires_at=0.0 if mode != "401" else 9e9)
        tk = toolkit_for_user(
            "alice",
            store=store,
            config=config(),
            transport=httpx.MockTransport(fake_x(mode)),
        )
        attempt(lambda tk=tk: tk.call("twitter_user_me"))
        seen.extend([repr(tk), repr(store), repr(store.get("app", "alice"))])
    client = OAuthClient(
        config(), MemoryTokenStore(), transport=httpx.MockTransport(fake_x("refuse"))
    )
    request = client.begin_login("alice", ["tweet.read"])
    attempt(lambda: client.complete_login({"state": "forged", "code": CANARY_CODE}))
    attempt(
        lambda: client.complete_login(
            {"state": request.state, "error": "access_denied"}
        )
    )
    second = client.begin_login("alice", ["tweet.read"])
    attempt(lambda: client.complete_login({"state": second.state, "code": CANARY_CODE}))
    ok = OAuthClient(
        config(),
        SQLiteTokenStore(tmp_path / "t.db", encryption_key=""),
        transport=httpx.MockTransport(fake_x("ok")),
    )
    third = ok.begin_login("alice", ["tweet.read"])
    record = ok.complete_login({"state": third.state, "code": CANARY_CODE})
    attempt(lambda: ok.logout("alice"))  # revoke fails: record kept
    seen.extend(
        [
            repr(ok),
            repr(record),
            str(record),
            f"{record}",
            json.dumps({"r": record, "c": ok.config}, default=str),
            repr(ok.store.get("app", "alice")),
            repr(config()),
            repr(request),
        ]
    )
    return seen


def test_canaries_never_leak(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        seen = failures(tmp_path)
    text = "\n".join(map(str, seen)) + caplog.text
    assert "needs_reauth" in text or "refused" in text  # the suite did run
    for canary in CANARIES:
        assert canary not in text


def test_logout_failure_marks_revoke_pending(tmp_path: Path) -> None:
    store = MemoryTokenStore()
    seeded(store, expires_at=9e9)
    client = OAuthClient(config(), store, transport=httpx.MockTransport(fake_x("ok")))
    assert client.logout("alice") is False
    kept = store.get("app", "alice")
    assert kept is not None and kept.status == "revoke_pending"


def test_secret_holder_masks_everything() -> None:
    secret = Secret(CANARY_SECRET)
    shown = [
        str(secret),
        repr(secret),
        f"{secret}",
        f"{secret!r}",
        json.dumps([secret], default=str),
    ]
    assert all(CANARY_SECRET not in s for s in shown)
    assert secret.matches(CANARY_SECRET) and not secret.matches("x")
    with pytest.raises(TypeError):
        import pickle

        pickle.dumps(secret)


# -- configuration ----------------------------------------------------------------


def test_config_from_env_follows_the_base_url(tmp_path: Path) -> None:
    env = {
        "XKIT_CLIENT_ID": "cid",
        "XKIT_CLIENT_SECRET": CANARY_SECRET,
        "XKIT_BASE_URL": "http://127.0.0.1:9999/",
        "XKIT_HOME": str(tmp_path),
    }
    cfg = OAuthConfig.from_env(env)
    assert cfg.confidential and cfg.home == tmp_path
    assert cfg.authorize_url == "http://127.0.0.1:9999/i/oauth2/authorize"
    assert cfg.token_url == "http://127.0.0.1:9999/2/oauth2/token"
    assert cfg.revoke_url == "http://127.0.0.1:9999/2/oauth2/revoke"
    assert CANARY_SECRET not in repr(cfg)
    real = OAuthConfig.from_env({"XKIT_CLIENT_ID": "cid"})
    assert real.authorize_url == "https://x.com/i/oauth2/authorize"
    assert real.token_url == "https://api.x.com/2/oauth2/token"
    assert real.redirect_uri == "http://127.0.0.1:8765/callback"
    assert not real.confidential
    pinned = OAuthConfig.from_env(env, token_url="https://auth.example/token")
    assert pinned.token_url == "https://auth.example/token"


def test_missing_client_id_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="XKIT_CLIENT_ID"):
        OAuthConfig.from_env({})


# -- app-only ------------------------------------------------------------------------


def test_app_token_from_client_credentials_is_cached() -> None:
    calls: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if request.url.path == "/2/oauth2/token":
            return httpx.Response(200, json={"access_token": "app-token-1"})
        return httpx.Response(200, json={"data": []})

    cfg = OAuthConfig(
        client_id="cached-app", client_secret=Secret("s"), api_base_url=BASE
    )
    creds = StoredCredentials(MemoryTokenStore(), cfg, "alice")
    assert creds.has(AuthKind.APP)
    from xkit._drivers import SyncClients, run

    with httpx.Client(transport=httpx.MockTransport(handle)) as http:
        clients = SyncClients(api=http, fetch=lambda: http)
        first = run(creds.token(AuthKind.APP, "t"), clients)
        second = run(creds.token(AuthKind.APP, "t"), clients)
        assert first == second == "app-token-1"
        assert len(calls) == 1
        assert calls[0].headers["authorization"].startswith("Basic ")
        assert forget_app_token(cfg, "app-token-1")
        run(creds.refresh(AuthKind.APP, "app-token-1", "t"), clients)
        assert len(calls) == 2


def test_static_bearer_token_is_used_for_app_tools() -> None:
    cfg = OAuthConfig(
        client_id="app", bearer_token=Secret("bearer-1"), api_base_url=BASE
    )
    creds = StoredCredentials(MemoryTokenStore(), cfg, "alice")
    flow = creds.token(AuthKind.APP, "t")
    with pytest.raises(StopIteration) as done:
        next(flow)
    assert done.value.value == "bearer-1"
    public = StoredCredentials(MemoryTokenStore(), OAuthConfig(client_id="app"), "a")
    assert not public.has(AuthKind.APP)
