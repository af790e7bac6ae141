"""Offline toolkits on a recording transport, for the adapter tests."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import httpx

import xkit

ME = {"data": {"id": "2244994945", "name": "Dev", "username": "xkit_dev"}}
#: One answer every plain endpoint accepts, and the media flows can read.
ANY = {
    "data": {
        "id": "1146654567674912769",
        "media_key": "3_1146654567674912769",
        "expires_after_secs": 86400,
        "processing_info": {"state": "succeeded"},
    }
}
#: Enough of a JPEG for content sniffing (start and end markers).
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"

Sent = tuple[str, str, bytes]


def answer(request: httpx.Request) -> httpx.Response:
    """A stand-in X API: the user, a label stream, media files, or ``ANY``."""
    path = request.url.path
    if path == "/2/users/me":
        return httpx.Response(200, json=ME)
    if path.endswith("/label/stream"):
        return httpx.Response(200, content=b'{"data": {"id": "1"}}\n')
    if not path.startswith("/2/"):  # a media URL fetched for upload
        return httpx.Response(200, content=JPEG, headers={"content-type": "image/jpeg"})
    return httpx.Response(200, json=ANY)


def sent(requests: Iterable[httpx.Request]) -> list[Sent]:
    """(method, URL, body) of each request; multipart boundaries made stable."""
    out = []
    for request in requests:
        body = request.content
        boundary = re.search(
            r"boundary=([^;]+)", request.headers.get("content-type", "")
        )
        if boundary:
            body = body.replace(boundary.group(1).encode(), b"BOUNDARY")
        out.append((request.method, str(request.url), body))
    return out


class Recording:
    """A toolkit whose every request (API and media fetches) is recorded."""

    def __init__(self, **options: Any) -> None:
        self.requests: list[httpx.Request] = []
        self.transport = httpx.MockTransport(self._handle)
        self.toolkit = xkit.Toolkit(
            access_token="user-token",
            bearer_token="app-token",
            base_url="https://api.x.com",
            transport=self.transport,
            **options,
        )

    def _handle(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return answer(request)

    @property
    def sent(self) -> list[Sent]:
        return sent(self.requests)

    @property
    def writes(self) -> list[Sent]:
        return [s for s in self.sent if s[0] != "GET"]
