"""Helpers shared by the OAuth tests."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import httpx

from xkit.auth import OAuthClient, TokenRecord
from xkit.sandbox import Sandbox

BASE = "https://sandbox.test"
PUBLIC = "xkit-sandbox"
SCOPES = ["tweet.read", "users.read", "tweet.write"]


@dataclass
class Counting:
    """Forwards to a handler (the sandbox), keeping every request it saw."""

    handler: Callable[[httpx.Request], httpx.Response]
    requests: list[httpx.Request] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        with self.lock:
            self.requests.append(request)
        return self.handler(request)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    def grants(self, grant: str | None = None) -> list[dict[str, str]]:
        """Bodies of token-endpoint POSTs (of one grant type if given)."""
        bodies = [
            dict(parse_qsl(r.content.decode()))
            for r in self.requests
            if r.url.path == "/2/oauth2/token"
        ]
        return [b for b in bodies if grant is None or b.get("grant_type") == grant]

    def paths(self) -> list[str]:
        return [r.url.path for r in self.requests]


def authorize(client: OAuthClient, sandbox: Sandbox, url: str, **extra: str) -> str:
    """Follow the authorize URL in the sandbox; return the callback URL."""
    target = httpx.URL(url).copy_merge_params(extra)
    reply = sandbox.handle(httpx.Request("GET", target))
    assert reply.status_code == 302, reply.text
    return reply.headers["location"]


def login(
    client: OAuthClient, sandbox: Sandbox, user_key: str = "alice", **extra: Any
) -> TokenRecord:
    request = client.begin_login(user_key, extra.pop("scopes", SCOPES))
    return client.complete_login(authorize(client, sandbox, request.url, **extra))
