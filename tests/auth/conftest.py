"""Fixtures for the OAuth layer: the sandbox behind a counting transport."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from xkit.auth import MemoryTokenStore, OAuthClient, OAuthConfig
from xkit.sandbox import Sandbox

from ._support import BASE, PUBLIC, Counting


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox(base_url=BASE)


@pytest.fixture
def wire(sandbox: Sandbox) -> Counting:
    return Counting(sandbox.handle)


@pytest.fixture
def config(tmp_path: Path) -> OAuthConfig:
    return OAuthConfig(client_id=PUBLIC, api_base_url=BASE, home=tmp_path / "home")


@pytest.fixture
def store() -> MemoryTokenStore:
    return MemoryTokenStore()


@pytest.fixture
def client(config: OAuthConfig, store: MemoryTokenStore, wire: Counting) -> OAuthClient:
    return OAuthClient(config, store, transport=wire.transport())


@pytest.fixture
def served() -> Iterator[tuple[Sandbox, str]]:
    """The sandbox served by uvicorn on 127.0.0.1 (a free port), in a thread."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    sandbox = Sandbox(base_url=base)
    server = uvicorn.Server(
        uvicorn.Config(
            sandbox.asgi_app(), log_level="warning", lifespan="off", ws="none"
        )
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]})
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        yield sandbox, base
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
