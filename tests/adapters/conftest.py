"""Fixtures for the adapter tests: offline toolkits on a recording transport."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from _adapter_support import Recording

import xkit


@pytest.fixture
def recording(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Recording]:
    """``recording(**toolkit_options)``: a fresh recorded offline toolkit.

    Media URLs are fetched through the same transport instead of the guarded
    network client, and their host "resolves" to a public address without DNS,
    so uploads from a URL stay offline too.
    """
    monkeypatch.setattr(
        "xkit._urlcheck.resolve_host", lambda host, port: ["93.184.216.34"]
    )

    def make(**options: Any) -> Recording:
        rec = Recording(**options)
        transport = rec.transport
        clients = rec.toolkit._clients
        monkeypatch.setattr(
            clients, "fetch_sync", lambda: httpx.Client(transport=transport)
        )
        monkeypatch.setattr(
            clients, "fetch_async", lambda: httpx.AsyncClient(transport=transport)
        )
        return rec

    return make


@pytest.fixture
def sandbox_toolkit() -> xkit.Toolkit:
    """A toolkit on a fresh embedded sandbox, acting as its demo user."""
    return xkit.Toolkit(sandbox=True)
