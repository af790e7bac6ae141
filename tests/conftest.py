"""Shared fixtures: every test runs offline; sync and async share the tests."""

from __future__ import annotations

import asyncio
import gzip
import json
from collections.abc import Callable
from importlib import resources
from typing import Any

import httpx
import pytest


@pytest.fixture(scope="session")
def openapi() -> dict[str, Any]:
    """The official X API v2 OpenAPI description (2.166), as shipped in xkit."""
    data = resources.files("xkit.sandbox") / "data" / "openapi.json.gz"
    return json.loads(gzip.decompress(data.read_bytes()))


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    """Run the test once through the sync driver and once through the async one."""
    return str(request.param)


@pytest.fixture
def invoke(mode: str) -> Callable[..., Any]:
    """``invoke(toolkit, name, args)`` through the driver chosen by ``mode``."""

    def call(toolkit: Any, name: str, args: Any = None) -> Any:
        if mode == "sync":
            return toolkit.call(name, args)
        return asyncio.run(toolkit.acall(name, args))

    return call


class Recorder:
    """An httpx transport that records requests and answers from a handler."""

    def __init__(self, handler: Callable[[httpx.Request], httpx.Response]) -> None:
        self.requests: list[httpx.Request] = []
        self._handler = handler
        self.transport = httpx.MockTransport(self._handle)

    def _handle(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self._handler(request)


@pytest.fixture
def recorder() -> Callable[[Callable[[httpx.Request], httpx.Response]], Recorder]:
    return Recorder
