"""The token store contract and an in-memory implementation.

Records are keyed by ``(client_id, user_key)``; the user key is the
application's own name for the user. Every write bumps ``version``, and
:meth:`TokenStore.swap` writes only when the stored version is the expected one,
so a slower writer never overwrites a newer refresh.
"""

from __future__ import annotations

import threading
import time
from typing import Protocol, runtime_checkable

from ._locks import Lease, try_thread_lock
from ._record import PendingLogin, TokenRecord, state_key

__all__ = ["MemoryTokenStore", "TokenStore"]


@runtime_checkable
class TokenStore(Protocol):
    """Where logins live. Implementations must be safe across threads."""

    def get(self, client_id: str, user_key: str) -> TokenRecord | None: ...

    def find(self, client_id: str, x_user_id: str) -> list[TokenRecord]:
        """Records of one X account (by its numeric id)."""
        ...

    def put(self, record: TokenRecord) -> TokenRecord:
        """Insert or replace; returns the record as stored (new version)."""
        ...

    def swap(self, record: TokenRecord, expected_version: int) -> TokenRecord | None:
        """Write only if the stored version is ``expected_version``; None if not."""
        ...

    def delete(self, client_id: str, user_key: str) -> bool: ...

    def user_keys(self, client_id: str) -> list[str]: ...

    def save_login(self, pending: PendingLogin) -> None: ...

    def take_login(self, state: str, now: float) -> PendingLogin | None:
        """Remove and return the started login for ``state`` (single use).
        Expired logins are purged and never returned."""
        ...

    def try_lock(self, client_id: str, user_key: str) -> Lease | None:
        """The refresh lock of one login if free now, else None."""
        ...


class MemoryTokenStore:
    """Records in a dict: for tests and single-process apps."""

    def __init__(self) -> None:
        self._records: dict[tuple[str, str], TokenRecord] = {}
        self._logins: dict[str, PendingLogin] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"MemoryTokenStore({len(self._records)} records)"

    def get(self, client_id: str, user_key: str) -> TokenRecord | None:
        with self._lock:
            return self._records.get((client_id, user_key))

    def find(self, client_id: str, x_user_id: str) -> list[TokenRecord]:
        with self._lock:
            return [
                r
                for (cid, _), r in self._records.items()
                if cid == client_id and r.x_user_id == x_user_id
            ]

    def put(self, record: TokenRecord) -> TokenRecord:
        with self._lock:
            old = self._records.get((record.client_id, record.user_key))
            return self._write(record, old.version if old else 0)

    def swap(self, record: TokenRecord, expected_version: int) -> TokenRecord | None:
        with self._lock:
            old = self._records.get((record.client_id, record.user_key))
            if (old.version if old else 0) != expected_version:
                return None
            return self._write(record, expected_version)

    def _write(self, record: TokenRecord, version: int) -> TokenRecord:
        stored = record.evolve(version=version + 1, updated_at=time.time())
        self._records[(record.client_id, record.user_key)] = stored
        return stored

    def delete(self, client_id: str, user_key: str) -> bool:
        with self._lock:
            return self._records.pop((client_id, user_key), None) is not None

    def user_keys(self, client_id: str) -> list[str]:
        with self._lock:
            return sorted(k for cid, k in self._records if cid == client_id)

    def save_login(self, pending: PendingLogin) -> None:
        with self._lock:
            self._logins[pending.key] = pending

    def take_login(self, state: str, now: float) -> PendingLogin | None:
        with self._lock:
            for key in [k for k, p in self._logins.items() if p.expires_at <= now]:
                del self._logins[key]
            return self._logins.pop(state_key(state), None)

    def try_lock(self, client_id: str, user_key: str) -> Lease | None:
        return try_thread_lock(f"memory:{id(self)}", client_id, user_key)
