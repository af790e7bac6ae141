"""Authorization URL, callback checks and code exchange (security.md 1-7, 10)."""

from __future__ import annotations

import math
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from authlib.oauth2.rfc7636 import create_s256_code_challenge

from xkit import ConfigurationError
from xkit.auth import (
    AuthorizationDenied,
    LoginFailed,
    MemoryTokenStore,
    OAuthClient,
    OAuthConfig,
    StateMismatch,
)
from xkit.auth._login import STATE_LENGTH, VERIFIER_LENGTH
from xkit.sandbox import Sandbox

from ._support import PUBLIC, SCOPES, Counting, authorize, login

VERIFIER = re.compile(r"^[A-Za-z0-9._~-]{43,128}$")


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def test_rfc7636_appendix_b_vector() -> None:
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    expected = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    assert create_s256_code_challenge(verifier) == expected


def test_authorize_url_always_carries_s256_pkce(
    client: OAuthClient, store: MemoryTokenStore
) -> None:
    request = client.begin_login("alice", ["tweet.read"])
    params = query(request.url)
    assert params["code_challenge_method"] == "S256"
    pending = store.take_login(request.state, 0)
    assert pending is not None
    challenge = create_s256_code_challenge(pending.code_verifier.reveal())
    assert params["code_challenge"] == challenge
    assert params["state"] == request.state
    assert "offline.access" in params["scope"].split()
    assert request.url.startswith("https://sandbox.test/i/oauth2/authorize?")


def test_missing_pkce_in_url_fails_loudly(
    client: OAuthClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import xkit.auth._login as module

    def no_pkce(uri: str, *args: object, **kwargs: object) -> str:
        kwargs.pop("code_challenge", None)
        kwargs.pop("code_challenge_method", None)
        return str(original(uri, *args, **kwargs))

    original = module.prepare_grant_uri
    monkeypatch.setattr(module, "prepare_grant_uri", no_pkce)
    with pytest.raises(ConfigurationError, match="PKCE"):
        client.begin_login("alice", ["tweet.read"])


def test_verifiers_and_states_are_strong_and_unique(
    client: OAuthClient, store: MemoryTokenStore
) -> None:
    verifiers, states = set(), set()
    for _ in range(1000):
        request = client.begin_login("alice", ["tweet.read"])
        pending = store.take_login(request.state, 0)
        assert pending is not None
        verifier = pending.code_verifier.reveal()
        assert VERIFIER.match(verifier)
        assert len(request.state) <= 500
        verifiers.add(verifier)
        states.add(request.state)
    assert len(verifiers) == len(states) == 1000
    # 62-symbol alphabet: bits of entropy per character
    assert STATE_LENGTH * math.log2(62) >= 128
    assert VERIFIER_LENGTH * math.log2(62) >= 256


def test_login_stores_token_under_real_user(
    client: OAuthClient, sandbox: Sandbox, store: MemoryTokenStore, wire: Counting
) -> None:
    record = login(client, sandbox, "alice")
    me = sandbox.default_user
    assert record.x_user_id == me.id and record.username == me.username
    assert record.scopes == frozenset([*SCOPES, "offline.access"])
    assert store.get(PUBLIC, "alice") == record
    assert store.find(PUBLIC, me.id) == [record]
    assert wire.paths() == ["/2/oauth2/token", "/2/users/me"]


def test_login_as_another_sandbox_user(client: OAuthClient, sandbox: Sandbox) -> None:
    other = next(u for u in sandbox.state.users.values() if u.username != "xkit_dev")
    record = login(client, sandbox, "bob", login_as=other.username)
    assert record.x_user_id == other.id


def test_redirect_uri_is_identical_in_both_requests(
    client: OAuthClient, sandbox: Sandbox, wire: Counting
) -> None:
    request = client.begin_login("alice", ["tweet.read"])
    client.complete_login(authorize(client, sandbox, request.url))
    sent = wire.grants("authorization_code")[0]["redirect_uri"]
    assert sent == query(request.url)["redirect_uri"] == client.config.redirect_uri


@pytest.mark.parametrize(
    "uri",
    [
        "http://example.com/callback",
        "http://10.0.0.1/cb",
        "ftp://127.0.0.1/cb",
        "http://127.0.0.1/cb#frag",
        "javascript:alert(1)",
    ],
)
def test_unsafe_redirect_uri_rejected_at_construction(uri: str) -> None:
    with pytest.raises(ConfigurationError):
        OAuthConfig(client_id=PUBLIC, redirect_uri=uri)


@pytest.mark.parametrize(
    "uri",
    [
        "http://127.0.0.1:9/cb",
        "http://localhost/cb",
        "http://[::1]:8/cb",
        "https://app.example.com/cb",
    ],
)
def test_safe_redirect_uri_accepted(uri: str) -> None:
    assert OAuthConfig(client_id=PUBLIC, redirect_uri=uri).redirect_uri == uri


# -- the callback is checked before any token request ---------------------------


def test_mismatched_state_is_rejected_without_token_calls(
    client: OAuthClient, sandbox: Sandbox, wire: Counting
) -> None:
    request = client.begin_login("alice", ["tweet.read"])
    callback = authorize(client, sandbox, request.url)
    forged = callback.replace(request.state, "A" * len(request.state))
    with pytest.raises(StateMismatch):
        client.complete_login(forged)
    assert wire.grants() == []


@pytest.mark.parametrize("state", [None, "", "x" * 501, "unknown-state-value"])
def test_missing_or_unknown_state_is_rejected(
    client: OAuthClient, wire: Counting, state: str | None
) -> None:
    params = {"code": "abc"} | ({"state": state} if state is not None else {})
    with pytest.raises(StateMismatch):
        client.complete_login(params)
    assert wire.grants() == []


def test_replayed_state_is_rejected(
    client: OAuthClient, sandbox: Sandbox, wire: Counting
) -> None:
    request = client.begin_login("alice", ["tweet.read"])
    callback = authorize(client, sandbox, request.url)
    client.complete_login(callback)
    with pytest.raises(StateMismatch):
        client.complete_login(callback)
    assert len(wire.grants()) == 1


def test_expired_state_is_rejected(
    config: OAuthConfig, store: MemoryTokenStore, sandbox: Sandbox, wire: Counting
) -> None:
    now = [1000.0]
    client = OAuthClient(
        config, store, transport=wire.transport(), clock=lambda: now[0]
    )
    request = client.begin_login("alice", ["tweet.read"])
    callback = authorize(client, sandbox, request.url)
    now[0] += config.login_ttl + 1
    with pytest.raises(StateMismatch):
        client.complete_login(callback)
    assert wire.grants() == []


def test_access_denied_raises_without_token_calls(
    client: OAuthClient, sandbox: Sandbox, wire: Counting
) -> None:
    request = client.begin_login("alice", ["tweet.read"])
    callback = authorize(client, sandbox, request.url, deny="1")
    with pytest.raises(AuthorizationDenied) as info:
        client.complete_login(callback)
    assert info.value.error == "access_denied"
    assert wire.grants() == []
    with pytest.raises(StateMismatch):  # the state was consumed
        client.complete_login(callback.replace("error=access_denied", "code=x"))
    assert wire.grants() == []


def test_state_started_for_another_user_is_rejected(
    client: OAuthClient, sandbox: Sandbox, store: MemoryTokenStore, wire: Counting
) -> None:
    request = client.begin_login("bob", ["tweet.read"])
    callback = authorize(client, sandbox, request.url)
    with pytest.raises(StateMismatch):
        client.complete_login(callback, user_key="alice")
    assert wire.grants() == []
    assert store.get(PUBLIC, "alice") is None and store.get(PUBLIC, "bob") is None


def test_repeated_callback_parameter_is_rejected(
    client: OAuthClient, wire: Counting
) -> None:
    with pytest.raises(StateMismatch):
        client.complete_login("http://127.0.0.1/cb?state=a&state=b&code=c")
    assert wire.grants() == []


def test_verifier_mismatch_is_refused_by_x(
    client: OAuthClient, sandbox: Sandbox, store: MemoryTokenStore
) -> None:
    request = client.begin_login("alice", ["tweet.read"])
    pending = store.take_login(request.state, 0)
    assert pending is not None
    from dataclasses import replace

    from xkit.auth import Secret

    store.save_login(replace(pending, code_verifier=Secret("y" * 64)))
    with pytest.raises(LoginFailed, match="invalid_request"):
        client.complete_login(authorize(client, sandbox, request.url))
    assert store.get(PUBLIC, "alice") is None


def test_replayed_code_is_refused(
    client: OAuthClient, sandbox: Sandbox, wire: Counting
) -> None:
    first = client.begin_login("alice", ["tweet.read"])
    callback = authorize(client, sandbox, first.url)
    client.complete_login(callback)
    # an attacker replays the code with a fresh state of their own
    second = client.begin_login("alice", ["tweet.read"])
    code = query(callback)["code"]
    with pytest.raises(LoginFailed):
        client.complete_login({"state": second.state, "code": code})
    assert len(wire.grants("authorization_code")) == 2


def test_login_by_unexpected_account_is_refused(
    client: OAuthClient, sandbox: Sandbox, store: MemoryTokenStore, wire: Counting
) -> None:
    request = client.begin_login("alice", ["tweet.read"], expected_user_id="1")
    with pytest.raises(LoginFailed, match="not the expected one"):
        client.complete_login(authorize(client, sandbox, request.url))
    assert store.get(PUBLIC, "alice") is None
    assert "/2/oauth2/revoke" in wire.paths()


async def test_async_login_shares_the_flow(
    client: OAuthClient, sandbox: Sandbox, store: MemoryTokenStore
) -> None:
    request = client.begin_login("alice", ["tweet.read"])
    record = await client.acomplete_login(authorize(client, sandbox, request.url))
    assert store.get(PUBLIC, "alice") == record


def test_confidential_client_uses_basic_auth(
    tmp_path: object, sandbox: Sandbox, wire: Counting
) -> None:
    config = OAuthConfig(
        client_id="xkit-sandbox-confidential",
        client_secret="sandbox-secret",  # type: ignore[arg-type]
        api_base_url="https://sandbox.test",
    )
    client = OAuthClient(config, MemoryTokenStore(), transport=wire.transport())
    record = login(client, sandbox)
    token_call = next(r for r in wire.requests if r.url.path == "/2/oauth2/token")
    assert token_call.headers["authorization"].startswith("Basic ")
    assert "client_id" not in wire.grants()[0]
    assert record.refresh_token is not None
