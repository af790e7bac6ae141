"""Across OS processes, over a served sandbox: one refresh for everyone
(security.md 11, 12), and the terminal login end to end (CLI, ``--no-browser``)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from xkit.auth import OAuthClient, OAuthConfig, SQLiteTokenStore, toolkit_for_user
from xkit.sandbox import Sandbox

from ._support import PUBLIC

ME = "twitter_user_me"

CHILD = textwrap.dedent(
    """
    import sys
    from concurrent.futures import ThreadPoolExecutor
    from xkit.auth import toolkit_for_user
    tk = toolkit_for_user("alice")
    print("ready", flush=True)
    sys.stdin.readline()
    with ThreadPoolExecutor(10) as pool:
        ids = list(pool.map(lambda _: tk.call("twitter_user_me")["data"]["id"],
                            range(int(sys.argv[1]))))
    print(" ".join(ids), flush=True)
    """
)


def child_env(base: str, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XKIT_")}
    return env | {
        "XKIT_BASE_URL": base,
        "XKIT_CLIENT_ID": PUBLIC,
        "XKIT_HOME": str(home),
        "XKIT_TOKEN_KEY": "",
    }


def served_login(sandbox: Sandbox, base: str, home: Path) -> SQLiteTokenStore:
    config = OAuthConfig(client_id=PUBLIC, api_base_url=base, home=home)
    store = SQLiteTokenStore(home / "tokens.db", encryption_key="")
    client = OAuthClient(config, store)
    request = client.begin_login("alice", ["tweet.read", "users.read"])
    with httpx.Client() as http:
        callback = http.get(request.url).headers["location"]
    client.complete_login(callback)
    return store


def test_two_processes_and_two_toolkits_refresh_once(
    served: tuple[Sandbox, str], tmp_path: Path
) -> None:
    sandbox, base = served
    home = tmp_path / "home"
    store = served_login(sandbox, base, home)
    first = store.get(PUBLIC, "alice")
    assert first is not None
    store.put(first.evolve(expires_at=0.0))  # expired: every caller must refresh
    sandbox.requests.clear()

    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, "10"],
            env=child_env(base, home),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for child in children:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
    config = OAuthConfig(client_id=PUBLIC, api_base_url=base, home=home)
    # Toolkit creates its sync client lazily without a lock, so concurrent first
    # calls may each build one: owning the transport lets the test close them all.
    sync_transport = httpx.HTTPTransport()
    sync_kit = toolkit_for_user(
        "alice", store=store, config=config, transport=sync_transport
    )
    results: list[str] = []

    async def many() -> list[dict[str, Any]]:
        transport = httpx.AsyncHTTPTransport()  # closed here, on its own loop
        kit = toolkit_for_user(
            "alice", store=store, config=config, async_transport=transport
        )
        try:
            return list(await asyncio.gather(*(kit.acall(ME) for _ in range(15))))
        finally:
            await transport.aclose()

    side = threading.Thread(
        target=lambda: results.extend(r["data"]["id"] for r in asyncio.run(many()))
    )
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    side.start()
    with ThreadPoolExecutor(8) as pool:
        results.extend(pool.map(lambda _: sync_kit.call(ME)["data"]["id"], range(15)))
    side.join()
    sync_kit.close()
    sync_transport.close()
    for child in children:
        out, _ = child.communicate(timeout=60)
        assert child.returncode == 0
        results.extend(out.split())

    assert len(results) == 50 and set(results) == {first.x_user_id}
    posts = [r for r in sandbox.requests if r[:2] == ("POST", "/2/oauth2/token")]
    assert len(posts) == 1
    final = store.get(PUBLIC, "alice")
    assert final is not None and final.refresh_token is not None
    live = sandbox.tokens.find(final.refresh_token.reveal(), "refresh")
    assert live is not None  # the stored refresh token is the newest one
    assert first.refresh_token is not None
    assert sandbox.tokens.find(first.refresh_token.reveal(), "refresh") is None


def test_cli_login_status_logout_end_to_end(
    served: tuple[Sandbox, str], tmp_path: Path
) -> None:
    sandbox, base = served
    home = tmp_path / "home"
    env = child_env(base, home) | {"XKIT_REDIRECT_URI": "http://127.0.0.1:1/callback"}
    cli = [sys.executable, "-c", "from xkit.auth._cli import app; app()"]
    proc = subprocess.Popen(
        [
            *cli,
            "login",
            "--user",
            "alice",
            "--no-browser",
            "--port",
            "0",
            "--scopes",
            "tweet.read users.read like.read",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().startswith("Open this URL")
    url = proc.stdout.readline().strip()
    assert url.startswith(f"{base}/i/oauth2/authorize?")
    with httpx.Client(follow_redirects=True) as http:
        page = http.get(url)  # the sandbox 302s to the CLI's loopback callback
    assert page.status_code == 200 and "close this window" in page.text
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "Logged in as @xkit_dev" in out and "like.read" in out

    store = SQLiteTokenStore(home / "tokens.db", encryption_key="")
    record = store.get(PUBLIC, "alice")
    assert record is not None and record.username == "xkit_dev"
    assert "like.read" in record.scopes
    assert record.access_token.reveal() not in out + err

    status = subprocess.run(
        [*cli, "status"], env=env, capture_output=True, text=True, check=True
    )
    assert "alice: @xkit_dev" in status.stdout
    assert record.access_token.reveal() not in status.stdout

    bye = subprocess.run(
        [*cli, "logout", "--user", "alice"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "revoked at X and removed" in bye.stdout
    assert store.get(PUBLIC, "alice") is None
    assert record.refresh_token is not None
    assert sandbox.tokens.find(record.refresh_token.reveal(), "refresh") is None
