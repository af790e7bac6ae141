"""The stores: permissions, encryption, compare-and-swap, started logins,
crash safety (security.md 19, 46, 47)."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xkit import ConfigurationError
from xkit.auth import (
    MemoryTokenStore,
    PendingLogin,
    Secret,
    SQLiteTokenStore,
    TokenRecord,
    TokenStore,
)

CANARY_AT = "canary-access-2f7c1d"
CANARY_RT = "canary-refresh-9b3e4a"


def record(n: int = 0, user_key: str = "alice") -> TokenRecord:
    return TokenRecord(
        client_id="app",
        user_key=user_key,
        access_token=Secret(f"{CANARY_AT}-{n}"),
        refresh_token=Secret(f"{CANARY_RT}-{n}"),
        expires_at=1e9 + n,
        scopes=frozenset({"tweet.read", "users.read"}),
        x_user_id="42",
        username="someone",
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_files_are_private_even_under_umask_000(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        store = SQLiteTokenStore(tmp_path / "home" / "tokens.db", encryption_key="")
        store.put(record())
    finally:
        os.umask(old)
    assert mode(tmp_path / "home") == 0o700
    assert mode(store.path) == 0o600
    for suffix in ("-wal", "-shm"):
        extra = Path(f"{store.path}{suffix}")
        if extra.exists():
            assert mode(extra) & 0o077 == 0


def test_loose_existing_file_is_tightened_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    db = home / "tokens.db"
    db.touch()
    db.chmod(0o644)
    with caplog.at_level("WARNING", logger="xkit.auth"):
        SQLiteTokenStore(db, encryption_key="")
    assert mode(db) == 0o600 and mode(home) == 0o700
    assert "restricting it to 0600" in caplog.text
    assert "restricting it to 0700" in caplog.text


def test_tokens_are_encrypted_at_rest_with_a_key(tmp_path: Path) -> None:
    db = tmp_path / "tokens.db"
    store = SQLiteTokenStore(db, encryption_key="correct horse battery staple")
    store.put(record())
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    assert CANARY_AT.encode() not in raw and CANARY_RT.encode() not in raw
    again = SQLiteTokenStore(db, encryption_key="correct horse battery staple")
    got = again.get("app", "alice")
    assert got is not None and got.access_token.reveal() == f"{CANARY_AT}-0"
    with pytest.raises(ConfigurationError, match="XKIT_TOKEN_KEY"):
        SQLiteTokenStore(db, encryption_key="wrong").get("app", "alice")
    with pytest.raises(ConfigurationError, match="encrypted"):
        SQLiteTokenStore(db, encryption_key="").get("app", "alice")


def test_encryption_key_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XKIT_TOKEN_KEY", "from-env")
    SQLiteTokenStore(tmp_path / "t.db").put(record())
    assert CANARY_AT.encode() not in (tmp_path / "t.db").read_bytes()


@pytest.fixture(params=["memory", "sqlite"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> TokenStore:
    if request.param == "memory":
        return MemoryTokenStore()
    return SQLiteTokenStore(tmp_path / "tokens.db", encryption_key="")


def test_swap_writes_only_on_the_expected_version(any_store: TokenStore) -> None:
    first = any_store.put(record(0))
    assert first.version == 1
    second = any_store.swap(record(1), expected_version=1)
    assert second is not None and second.version == 2
    assert any_store.swap(record(2), expected_version=1) is None
    got = any_store.get("app", "alice")
    assert got is not None and got.access_token.reveal().endswith("-1")
    assert any_store.find("app", "42") == [got]
    assert any_store.user_keys("app") == ["alice"]
    assert any_store.delete("app", "alice") and any_store.get("app", "alice") is None


def test_started_login_is_single_use_and_expires(any_store: TokenStore) -> None:
    def pending(state: str, expires_at: float) -> PendingLogin:
        return PendingLogin(
            Secret(state),
            Secret("v" * 50),
            "app",
            "alice",
            frozenset({"tweet.read"}),
            "http://127.0.0.1/cb",
            expires_at,
        )

    any_store.save_login(pending("s1", 100.0))
    any_store.save_login(pending("s2", 100.0))
    got = any_store.take_login("s1", 50.0)
    assert got is not None and got.code_verifier.reveal() == "v" * 50
    assert any_store.take_login("s1", 50.0) is None
    assert any_store.take_login("s2", 150.0) is None


def test_lock_is_exclusive_per_login(any_store: TokenStore) -> None:
    lease = any_store.try_lock("app", "alice")
    assert lease is not None
    assert any_store.try_lock("app", "alice") is None
    other = any_store.try_lock("app", "bob")
    assert other is not None
    lease.release()
    other.release()
    again = any_store.try_lock("app", "alice")
    assert again is not None
    again.release()


# Each step: (writer, action); a writer reads the version, later swaps on it.
steps = st.lists(
    st.tuples(st.sampled_from("ab"), st.sampled_from(["read", "write"])), max_size=30
)


@settings(max_examples=40, deadline=None)
@given(steps=steps, sqlite=st.booleans())
def test_cas_never_loses_a_committed_write(
    steps: list[tuple[str, str]], sqlite: bool
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store: TokenStore = (
            SQLiteTokenStore(Path(tmp) / "t.db", encryption_key="")
            if sqlite
            else MemoryTokenStore()
        )
        store.put(record(0))
        seen = {"a": 1, "b": 1}
        committed = [1]
        for n, (writer, action) in enumerate(steps, start=1):
            if action == "read":
                current = store.get("app", "alice")
                assert current is not None
                seen[writer] = current.version
            elif store.swap(record(n), seen[writer]) is not None:
                committed.append(seen[writer] + 1)
                seen[writer] += 1
        final = store.get("app", "alice")
        assert final is not None
        assert final.version == max(committed) == len(committed)


# -- crashes -------------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sys
    from xkit.auth import Secret, SQLiteTokenStore, TokenRecord
    store = SQLiteTokenStore(sys.argv[1], encryption_key="")
    n = 0
    print("ready", flush=True)
    while True:
        n += 1
        big = str(n) * 20000
        store.put(TokenRecord("app", "alice", Secret(f"at-{n}-{big}"),
                              Secret(f"rt-{n}-{big}"), float(n), frozenset(), "42"))
    """
)


def test_kill_during_writes_leaves_a_whole_record(tmp_path: Path) -> None:
    db = tmp_path / "tokens.db"
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    time.sleep(0.6)
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    got = SQLiteTokenStore(db, encryption_key="").get("app", "alice")
    assert got is not None and got.expires_at >= 1
    n = int(got.expires_at)
    assert got.access_token.reveal().startswith(f"at-{n}-")
    assert got.refresh_token is not None
    assert got.refresh_token.reveal().startswith(f"rt-{n}-")
    assert got.version == n


CRASHER = textwrap.dedent(
    """
    import os, signal, sys
    import httpx
    from xkit import ReauthRequired
    from xkit.auth import OAuthConfig, Secret, SQLiteTokenStore, TokenRecord
    from xkit.auth import toolkit_for_user
    config = OAuthConfig(client_id="app", api_base_url="https://sandbox.test")
    store = SQLiteTokenStore(sys.argv[1], encryption_key="")
    store.put(TokenRecord("app", "alice", Secret("at"), Secret("rt"), 0.0,
                          frozenset({"tweet.read", "users.read"}), "42"))
    refused = httpx.MockTransport(lambda r: httpx.Response(
        400, json={"error": "invalid_request"}))
    tk = toolkit_for_user("alice", store=store, config=config, transport=refused)
    try:
        tk.call("twitter_user_me")
    except ReauthRequired:
        os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_crash_after_failed_refresh_leaves_record_marked(tmp_path: Path) -> None:
    db = tmp_path / "tokens.db"
    done = subprocess.run([sys.executable, "-c", CRASHER, str(db)], check=False)
    assert done.returncode == -signal.SIGKILL
    got = SQLiteTokenStore(db, encryption_key="").get("app", "alice")
    assert got is not None and got.status == "needs_reauth"
    assert got.refresh_token is not None and got.refresh_token.reveal() == "rt"
