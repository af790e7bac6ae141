"""Sample media files served by the sandbox host (for upload-from-URL tests)."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from functools import cache

import httpx

from .._app import Ctx, route
from .._errors import ApiError

__all__ = ["sample_gif", "sample_png"]


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


@cache
def sample_png(width: int = 64, height: int = 48) -> bytes:
    """A real RGB PNG: a diagonal blue-to-orange gradient."""
    rows = b"".join(
        b"\x00"
        + b"".join(
            bytes((min(255, 4 * x), 90, max(0, 255 - 5 * y))) for x in range(width)
        )
        for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows, 9))
        + _chunk(b"IEND", b"")
    )


def sample_gif() -> bytes:
    """A 1x1 transparent GIF89a."""
    return (
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01"
        b"\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    )


FILES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "sample.png": ("image/png", sample_png),
    "sample.gif": ("image/gif", sample_gif),
}


@route("GET", "/sandbox/media/{name}", auth=False)
def media_file(ctx: Ctx) -> httpx.Response:
    found = FILES.get(ctx.params["name"])
    if found is None:
        raise ApiError(
            404,
            {
                "title": "Not Found",
                "type": "about:blank",
                "status": 404,
                "detail": f"No sample {ctx.params['name']!r}; try {sorted(FILES)}.",
            },
        )
    content_type, make = found
    return httpx.Response(200, headers={"content-type": content_type}, content=make())
