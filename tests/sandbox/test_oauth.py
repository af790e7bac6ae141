"""OAuth 2.0 endpoints: PKCE S256, single-use codes, refresh rotation, revocation."""

from __future__ import annotations

import base64
import hashlib
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from xkit.sandbox import Sandbox

REDIRECT = "http://127.0.0.1:53682/callback"
VERIFIER = "v" * 50


def challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def authorize(http: httpx.Client, **overrides: str) -> httpx.Response:
    params = {
        "response_type": "code",
        "client_id": "xkit-sandbox",
        "redirect_uri": REDIRECT,
        "scope": "tweet.read users.read offline.access",
        "state": "s1",
        "code_challenge": challenge(VERIFIER),
        "code_challenge_method": "S256",
        **overrides,
    }
    return http.get("/i/oauth2/authorize", params=params)


def exchange(http: httpx.Client, code: str, verifier: str = VERIFIER) -> httpx.Response:
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT,
        "code_verifier": verifier,
        "client_id": "xkit-sandbox",
    }
    return http.post("/2/oauth2/token", data=form)


def code_of(response: httpx.Response) -> str:
    assert response.status_code == 302, response.text
    query = parse_qs(urlsplit(response.headers["location"]).query)
    assert query["state"] == ["s1"]
    return query["code"][0]


@pytest.fixture
def http(sb: Sandbox, connect: Any) -> httpx.Client:
    client: httpx.Client = connect(sb, None)
    return client


def test_pkce_flow_issues_working_tokens(sb: Sandbox, http: httpx.Client) -> None:
    tokens = exchange(http, code_of(authorize(http))).json()
    assert tokens["expires_in"] == 7200
    assert set(tokens["scope"].split()) == {
        "tweet.read",
        "users.read",
        "offline.access",
    }
    me = http.get(
        "/2/users/me", headers={"authorization": f"Bearer {tokens['access_token']}"}
    )
    assert me.json()["data"]["username"] == sb.default_username


def test_code_is_single_use_and_short_lived(sb: Sandbox, http: httpx.Client) -> None:
    code = code_of(authorize(http))
    assert exchange(http, code).status_code == 200
    reuse = exchange(http, code)
    assert reuse.status_code == 400
    assert reuse.json()["error"] == "invalid_request"
    late = code_of(authorize(http))
    sb.clock.advance(31)
    assert exchange(http, late).status_code == 400


def test_wrong_verifier_and_plain_method_are_rejected(http: httpx.Client) -> None:
    assert exchange(http, code_of(authorize(http)), "w" * 50).status_code == 400
    plain = authorize(http, code_challenge_method="plain", code_challenge=VERIFIER)
    assert plain.status_code == 400
    assert authorize(http, redirect_uri="https://evil.example/cb").status_code == 400
    assert authorize(http, response_type="token").status_code == 400


def test_login_as_deny_and_consent_page(connect: Any) -> None:
    manual = Sandbox(auto_approve=None)
    with connect(manual, None) as http:
        page = authorize(http)
        assert page.status_code == 200
        assert "text/html" in page.headers["content-type"]
        as_other = authorize(http, login_as="orbit_news")
        tokens = exchange(http, code_of(as_other)).json()
        me = http.get(
            "/2/users/me", headers={"authorization": f"Bearer {tokens['access_token']}"}
        )
        assert me.json()["data"]["username"] == "orbit_news"
        denied = authorize(http, deny="1")
        location = parse_qs(urlsplit(denied.headers["location"]).query)
        assert location == {"error": ["access_denied"], "state": ["s1"]}


def test_refresh_rotates_and_old_token_fails(sb: Sandbox, http: httpx.Client) -> None:
    first = exchange(http, code_of(authorize(http))).json()
    form = {"grant_type": "refresh_token", "client_id": "xkit-sandbox"}
    second = http.post(
        "/2/oauth2/token", data={**form, "refresh_token": first["refresh_token"]}
    )
    assert second.status_code == 200
    assert second.json()["refresh_token"] != first["refresh_token"]
    reuse = http.post(
        "/2/oauth2/token", data={**form, "refresh_token": first["refresh_token"]}
    )
    assert reuse.status_code == 400
    assert reuse.json()["error"] == "invalid_request"


def test_no_refresh_token_without_offline_access(http: httpx.Client) -> None:
    tokens = exchange(
        http, code_of(authorize(http, scope="tweet.read users.read"))
    ).json()
    assert "refresh_token" not in tokens


def test_expiry_and_revoke(sb: Sandbox, http: httpx.Client) -> None:
    tokens = exchange(http, code_of(authorize(http))).json()
    auth = {"authorization": f"Bearer {tokens['access_token']}"}
    assert http.get("/2/users/me", headers=auth).status_code == 200
    revoked = http.post(
        "/2/oauth2/revoke",
        data={"token": tokens["access_token"], "client_id": "xkit-sandbox"},
    )
    assert revoked.status_code == 200
    assert http.get("/2/users/me", headers=auth).status_code == 401
    unknown = http.post(
        "/2/oauth2/revoke", data={"token": "nope", "client_id": "xkit-sandbox"}
    )
    assert unknown.status_code == 200
    other = sb.issue_token()
    sb.clock.advance(7201)
    assert (
        http.get(
            "/2/users/me", headers={"authorization": f"Bearer {other}"}
        ).status_code
        == 401
    )


def test_client_credentials(http: httpx.Client) -> None:
    good = http.post(
        "/2/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=("xkit-sandbox-confidential", "sandbox-secret"),
    )
    assert good.status_code == 200
    bearer = {"authorization": f"Bearer {good.json()['access_token']}"}
    search = http.get("/2/tweets/search/all", params={"query": "space"}, headers=bearer)
    assert search.status_code == 200
    bad = http.post(
        "/2/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=("xkit-sandbox-confidential", "wrong"),
    )
    assert bad.status_code == 401
    assert bad.json()["error"] == "unauthorized_client"
