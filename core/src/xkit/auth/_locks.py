"""Single flight for refreshes: a thread lock per login, plus a lock file.

The thread lock orders threads and asyncio tasks of one process; ``flock`` on a
per-login lock file orders processes sharing a store. Both are taken without
blocking; the refresh flow polls with ``Sleep`` steps so that waiting never
holds a worker thread (see :mod:`xkit.auth._credentials`).
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path
from typing import Protocol

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: in-process locking only
    fcntl = None  # type: ignore[assignment]

__all__ = ["FileLease", "Lease", "ThreadLease", "try_file_lock", "try_thread_lock"]

_registry: dict[tuple[str, str, str], threading.Lock] = {}
_registry_lock = threading.Lock()


class Lease(Protocol):
    def release(self) -> None: ...


class ThreadLease:
    def __init__(self, lock: threading.Lock) -> None:
        self._lock: threading.Lock | None = lock

    def release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def try_thread_lock(scope: str, client_id: str, user_key: str) -> ThreadLease | None:
    """The process-wide lock for one login, if free right now."""
    key = (scope, client_id, user_key)
    with _registry_lock:
        lock = _registry.setdefault(key, threading.Lock())
    return ThreadLease(lock) if lock.acquire(blocking=False) else None


class FileLease:
    def __init__(self, inner: ThreadLease, fd: int | None) -> None:
        self._inner = inner
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            if fcntl is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
        self._inner.release()


def lock_path(directory: Path, client_id: str, user_key: str) -> Path:
    digest = hashlib.sha256(f"{client_id}\0{user_key}".encode()).hexdigest()[:24]
    return directory / f"{digest}.lock"


def try_file_lock(directory: Path, client_id: str, user_key: str) -> FileLease | None:
    """The thread lock, then an exclusive ``flock`` on the login's lock file."""
    inner = try_thread_lock(str(directory), client_id, user_key)
    if inner is None:
        return None
    try:
        fd = os.open(
            lock_path(directory, client_id, user_key), os.O_RDWR | os.O_CREAT, 0o600
        )
    except OSError:
        inner.release()
        raise
    if fcntl is None:  # pragma: no cover
        return FileLease(inner, fd)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        inner.release()
        return None
    return FileLease(inner, fd)
