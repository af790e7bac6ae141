"""`SQLiteTokenStore`: the default store, one SQLite file under ``XKIT_HOME``.

The file is created 0600 in a 0700 directory (looser modes are tightened with a
warning), runs in WAL mode, and every write is one ``BEGIN IMMEDIATE``
transaction, so a crash leaves either the old or the new record. Tokens are
encrypted with Fernet when ``XKIT_TOKEN_KEY`` is set.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from ._crypto import Cipher
from ._locks import Lease, try_file_lock
from ._record import PendingLogin, TokenRecord, parse_scopes, state_key
from ._secret import Secret

__all__ = ["SQLiteTokenStore"]

log = logging.getLogger("xkit.auth")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS tokens (
    client_id TEXT NOT NULL,
    user_key TEXT NOT NULL,
    x_user_id TEXT NOT NULL,
    username TEXT NOT NULL,
    access_token TEXT NOT NULL,
    refresh_token TEXT,
    expires_at REAL NOT NULL,
    scopes TEXT NOT NULL,
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    updated_at REAL NOT NULL,
    PRIMARY KEY (client_id, user_key)
);
CREATE INDEX IF NOT EXISTS tokens_x_user ON tokens (client_id, x_user_id);
CREATE TABLE IF NOT EXISTS logins (
    state_hash TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    user_key TEXT NOT NULL,
    state TEXT NOT NULL,
    verifier TEXT NOT NULL,
    scopes TEXT NOT NULL,
    redirect_uri TEXT NOT NULL,
    expected_user_id TEXT,
    expires_at REAL NOT NULL
);
"""
_COLUMNS = (
    "client_id, user_key, x_user_id, username, access_token, refresh_token, "
    "expires_at, scopes, version, status, updated_at"
)


class SQLiteTokenStore:
    """Logins in ``{XKIT_HOME}/tokens.db`` (or ``path``), safe across processes.

    Args:
        path: the database file; default ``$XKIT_HOME/tokens.db``.
        encryption_key: a passphrase for encrypting tokens; default
            ``XKIT_TOKEN_KEY``. Pass ``""`` to disable.
        timeout: seconds to wait for another process's write transaction.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        encryption_key: str | None = None,
        timeout: float = 10.0,
    ) -> None:
        if path is None:
            home = os.environ.get("XKIT_HOME") or "~/.xkit"
            path = Path(home).expanduser() / "tokens.db"
        self.path = Path(path).expanduser().resolve()
        if encryption_key is None:
            encryption_key = os.environ.get("XKIT_TOKEN_KEY")
        self._cipher = Cipher(encryption_key)
        self._timeout = timeout
        self._locks = self.path.parent / f".{self.path.name}.locks"
        _private_dir(self.path.parent)
        _private_dir(self._locks)
        for suffix in ("", "-wal", "-shm"):
            _private_file(Path(f"{self.path}{suffix}"), create=not suffix)
        with closing(self._connect()) as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)

    def __repr__(self) -> str:
        return f"SQLiteTokenStore({str(self.path)!r}, encrypted={self._cipher.enabled})"

    # -- plumbing -------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=self._timeout, isolation_level=None)
        db.execute("PRAGMA synchronous=FULL")
        return db

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with closing(self._connect()) as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def _row(self, row: tuple[Any, ...]) -> TokenRecord:
        (cid, key, xid, name, access, refresh, exp, scopes, ver, status, at) = row
        return TokenRecord(
            client_id=cid,
            user_key=key,
            access_token=Secret(self._cipher.open(access)),
            refresh_token=Secret(self._cipher.open(refresh)) if refresh else None,
            expires_at=exp,
            scopes=parse_scopes(scopes),
            x_user_id=xid,
            username=name,
            version=ver,
            status=status,
            updated_at=at,
        )

    # -- records --------------------------------------------------------------

    def get(self, client_id: str, user_key: str) -> TokenRecord | None:
        with closing(self._connect()) as db:
            row = db.execute(
                f"SELECT {_COLUMNS} FROM tokens WHERE client_id=? AND user_key=?",
                (client_id, user_key),
            ).fetchone()
        return self._row(row) if row else None

    def find(self, client_id: str, x_user_id: str) -> list[TokenRecord]:
        with closing(self._connect()) as db:
            rows = db.execute(
                f"SELECT {_COLUMNS} FROM tokens WHERE client_id=? AND x_user_id=?",
                (client_id, x_user_id),
            ).fetchall()
        return [self._row(r) for r in rows]

    def put(self, record: TokenRecord) -> TokenRecord:
        with self._write() as db:
            return self._store(db, record, self._version(db, record))

    def swap(self, record: TokenRecord, expected_version: int) -> TokenRecord | None:
        with self._write() as db:
            if self._version(db, record) != expected_version:
                return None
            return self._store(db, record, expected_version)

    def _version(self, db: sqlite3.Connection, record: TokenRecord) -> int:
        row = db.execute(
            "SELECT version FROM tokens WHERE client_id=? AND user_key=?",
            (record.client_id, record.user_key),
        ).fetchone()
        return int(row[0]) if row else 0

    def _store(
        self, db: sqlite3.Connection, record: TokenRecord, version: int
    ) -> TokenRecord:
        stored = record.evolve(version=version + 1, updated_at=time.time())
        refresh = stored.refresh_token
        db.execute(
            f"INSERT OR REPLACE INTO tokens ({_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                stored.client_id,
                stored.user_key,
                stored.x_user_id,
                stored.username,
                self._cipher.seal(stored.access_token.reveal()),
                self._cipher.seal(refresh.reveal()) if refresh else None,
                stored.expires_at,
                " ".join(sorted(stored.scopes)),
                stored.version,
                stored.status,
                stored.updated_at,
            ),
        )
        return stored

    def delete(self, client_id: str, user_key: str) -> bool:
        with self._write() as db:
            cursor = db.execute(
                "DELETE FROM tokens WHERE client_id=? AND user_key=?",
                (client_id, user_key),
            )
            return cursor.rowcount > 0

    def user_keys(self, client_id: str) -> list[str]:
        with closing(self._connect()) as db:
            rows = db.execute(
                "SELECT user_key FROM tokens WHERE client_id=? ORDER BY user_key",
                (client_id,),
            ).fetchall()
        return [r[0] for r in rows]

    # -- started logins -------------------------------------------------------

    def save_login(self, pending: PendingLogin) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO logins VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    pending.key,
                    pending.client_id,
                    pending.user_key,
                    self._cipher.seal(pending.state.reveal()),
                    self._cipher.seal(pending.code_verifier.reveal()),
                    " ".join(sorted(pending.scopes)),
                    pending.redirect_uri,
                    pending.expected_user_id,
                    pending.expires_at,
                ),
            )

    def take_login(self, state: str, now: float) -> PendingLogin | None:
        with self._write() as db:
            db.execute("DELETE FROM logins WHERE expires_at <= ?", (now,))
            row = db.execute(
                "SELECT client_id, user_key, state, verifier, scopes, redirect_uri, "
                "expected_user_id, expires_at FROM logins WHERE state_hash=?",
                (state_key(state),),
            ).fetchone()
            if row is None:
                return None
            db.execute("DELETE FROM logins WHERE state_hash=?", (state_key(state),))
        cid, key, sealed_state, verifier, scopes, redirect, expected, exp = row
        return PendingLogin(
            state=Secret(self._cipher.open(sealed_state)),
            code_verifier=Secret(self._cipher.open(verifier)),
            client_id=cid,
            user_key=key,
            scopes=parse_scopes(scopes),
            redirect_uri=redirect,
            expires_at=exp,
            expected_user_id=expected,
        )

    def try_lock(self, client_id: str, user_key: str) -> Lease | None:
        return try_file_lock(self._locks, client_id, user_key)


def _private_dir(path: Path) -> None:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        log.warning(
            "Token directory %s was accessible to other users (mode %o); "
            "restricting it to 0700.",
            path,
            mode,
        )
        path.chmod(0o700)


def _private_file(path: Path, *, create: bool) -> None:
    if create:
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    elif not path.exists():
        return
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        log.warning(
            "Token file %s was readable by other users (mode %o); "
            "restricting it to 0600.",
            path,
            mode,
        )
        path.chmod(0o600)
