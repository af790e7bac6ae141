"""Writing to the store from a flow: bounded retries, then a loud failure."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

from .._steps import Call, Flow, Sleep
from ._errors import TokenPersistError

__all__ = ["PERSIST_ATTEMPTS", "persist"]

log = logging.getLogger("xkit.auth")

T = TypeVar("T")
PERSIST_ATTEMPTS = 3


def persist(fn: Callable[..., T], *args: Any) -> Flow[T]:
    """Run the store write ``fn(*args)``; retry twice, then TokenPersistError.

    A failure here after a refresh means X's new tokens are lost: the caller
    must not use them (the refresh token cannot be replayed either).
    """
    for attempt in range(1, PERSIST_ATTEMPTS + 1):
        try:
            result: T = yield Call(fn, args, blocking=True)
            return result
        except (sqlite3.Error, OSError) as exc:
            log.warning(
                "token store write failed (attempt %d of %d): %s",
                attempt,
                PERSIST_ATTEMPTS,
                type(exc).__name__,
            )
            if attempt < PERSIST_ATTEMPTS:
                yield Sleep(0.05 * 2**attempt)
    raise TokenPersistError(
        "New tokens were issued by X but could not be saved to the token store, "
        "so they were not used. Check the store (disk, permissions), then run "
        "xkit auth login again if calls keep failing."
    )
