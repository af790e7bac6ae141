"""Media upload plumbing: request bodies, format sniffing, limits and processing.

Processing runs on two clocks at once. Time passed on the fake clock since
`finalize` counts, and so does every `STATUS` poll: a poll credits the
`check_after_secs` it was told to wait, because a well-behaved client slept that
long in real time while the fake clock stood still. So a client that polls as told
sees `pending`, then `in_progress`, then `succeeded`, and a test can also just
`sandbox.clock.advance(...)`.
"""

from __future__ import annotations

import base64
import binascii
import math
import quopri
import struct
from collections.abc import Iterator
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any

import httpx

from ._errors import invalid_request
from ._state import Media

__all__ = [
    "MB",
    "decode_media",
    "dimensions",
    "kind_of",
    "limit_for",
    "media_key_prefix",
    "processing_info",
    "processing_secs",
    "read_form",
    "sniff",
]

JsonDict = dict[str, Any]
MB = 1024 * 1024
IMAGE_LIMIT = 5 * MB
GIF_LIMIT = 15 * MB
VIDEO_LIMIT = 512 * MB
SEGMENT_LIMIT = 5 * MB
HEAD_BYTES = 64
SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"BM", 0, "image/bmp"),
    (b"ftyp", 4, "video/mp4"),
    (b"\x1a\x45\xdf\xa3", 0, "video/webm"),
    (b"WEBVTT", 0, "text/vtt"),
)


def read_form(request: httpx.Request) -> tuple[JsonDict, bool]:
    """The body fields of a JSON or multipart/form-data request, and which it was.

    Multipart file parts come back as bytes, text parts as str. Only the small
    part headers go through the email parser; each payload is sliced out of the
    body once (a 4 MB chunk costs one more 4 MB, not a dozen)."""
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith("multipart/form-data"):
        return {}, False
    boundary = _headers(b"Content-Type: " + content_type.encode()).get_boundary()
    if not boundary:
        raise invalid_request("The multipart/form-data body has no boundary.")
    fields: JsonDict = {}
    for head, payload in _parts(request.content, boundary.encode()):
        part = _headers(head)
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        encoding = str(part.get("content-transfer-encoding", "")).lower()
        if encoding == "base64":  # rare in HTTP, but valid MIME
            payload = base64.b64decode(payload)
        elif encoding == "quoted-printable":
            payload = quopri.decodestring(payload)
        is_file = part.get_filename() is not None or name == "media"
        fields[name] = payload if is_file else payload.decode("utf-8", "replace")
    if not fields:
        raise invalid_request("The multipart/form-data body has no fields.")
    return fields, True


def _headers(raw: bytes) -> EmailMessage:
    message = BytesParser(policy=policy.HTTP).parsebytes(raw + b"\r\n\r\n")
    assert isinstance(message, EmailMessage)
    return message


def _parts(body: bytes, boundary: bytes) -> Iterator[tuple[bytes, bytes]]:
    """(headers, payload) of each part between ``--boundary`` delimiters."""
    delimiter = b"--" + boundary
    start = body.find(delimiter)
    while start >= 0:
        start += len(delimiter)
        if body[start : start + 2] == b"--":  # the closing delimiter
            return
        end = body.find(b"\r\n" + delimiter, start)
        split = body.find(b"\r\n\r\n", start, end)
        if end < 0 or split < 0:
            raise invalid_request("The multipart/form-data body is cut short.")
        yield body[start:split].strip(), body[split + 4 : end]
        start = end + 2


def decode_media(value: Any, *, multipart: bool) -> bytes:
    """The uploaded bytes: raw in multipart bodies, base64 in JSON ones."""
    if multipart and isinstance(value, bytes):
        return value
    if not isinstance(value, str) or not value:
        raise invalid_request("The `media` field is required.", {"media": [""]})
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise invalid_request(
            "`media` is not valid base64.", {"media": [value[:40]]}
        ) from None


def sniff(head: bytes) -> str | None:
    """The media type the first bytes announce, when they announce one."""
    for magic, offset, media_type in SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            return media_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def dimensions(head: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG or GIF header."""
    if head.startswith(b"\x89PNG") and len(head) >= 24:
        width, height = struct.unpack(">II", head[16:24])
        return int(width), int(height)
    if head.startswith(b"GIF8") and len(head) >= 10:
        width, height = struct.unpack("<HH", head[6:10])
        return int(width), int(height)
    return None


def kind_of(media_type: str, category: str) -> str:
    """The rendered media `type`: photo, animated_gif, video (or subtitles)."""
    if category == "subtitles" or media_type.startswith("text/"):
        return "subtitles"
    if media_type.startswith("video/") or category.endswith("_video"):
        return "video"
    if media_type == "image/gif" and category != "tweet_image":
        return "animated_gif"
    return "photo"


def limit_for(kind: str) -> int:
    return {"video": VIDEO_LIMIT, "animated_gif": GIF_LIMIT}.get(kind, IMAGE_LIMIT)


def media_key_prefix(kind: str) -> str:
    return {"video": "7", "animated_gif": "16"}.get(kind, "3")


def processing_secs(media: Media) -> int:
    """How long X would chew on this upload: two seconds plus one per 8 MB."""
    return 2 + media.total_bytes // (8 * MB)


def processing_info(media: Media, now: datetime, *, poll: bool = False) -> JsonDict:
    """The current `processing_info`, moving `media.state` along (see above)."""
    if media.state in {"succeeded", "failed"} and media.finalized_at is None:
        return {"state": media.state, "progress_percent": 100}
    if poll:
        media.polled_secs += _snapshot(media, now).get("check_after_secs", 0)
    return _snapshot(media, now)


def _snapshot(media: Media, now: datetime) -> JsonDict:
    if media.finalized_at is None or media.state in {"uploading", "failed"}:
        info: JsonDict = {"state": media.state, "progress_percent": 0}
        if media.state == "failed":
            info["error"] = {
                "code": 1,
                "name": "InvalidMedia",
                "message": f"The bytes do not look like {media.media_type}.",
            }
        return info
    elapsed = (now - media.finalized_at).total_seconds() + media.polled_secs
    total = max(media.processing_secs, 1)
    if elapsed >= total:
        media.state = "succeeded"
        return {"state": "succeeded", "progress_percent": 100}
    if elapsed < 1:
        media.state = "pending"
        return {"state": "pending", "check_after_secs": 1, "progress_percent": 0}
    media.state = "in_progress"
    return {
        "state": "in_progress",
        "check_after_secs": min(5, math.ceil(total - elapsed)),
        "progress_percent": int(100 * elapsed / total),
    }
