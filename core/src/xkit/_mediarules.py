"""X's rules for media uploads, stated once.

Both sides of an upload use them: the tool input models
(:mod:`xkit.tools.media`), which refuse bad arguments before any call, and the
upload flows (:mod:`xkit._media_source`), which check the real bytes. Here are
the size limits, which category takes which file type, the base64 length cap
and strict decoding, and the argument shapes the media tools share. The
``check_*`` helpers and :func:`split_data_url` raise ``ValueError`` for the
input models; the flows word their own :class:`~xkit.MediaError`.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, PlainValidator, WithJsonSchema

__all__ = [
    "ALT_TEXT",
    "CATEGORY_DOC",
    "CHUNK_LIMIT",
    "GIF_LIMIT",
    "IMAGE_LIMIT",
    "MAX_TOTAL_BYTES",
    "MB",
    "SUBTITLE_TYPES",
    "VIDEO_CATEGORIES",
    "VIDEO_LIMIT",
    "Base64TooLong",
    "MediaCategory",
    "MediaSource",
    "MediaType",
    "NotBase64",
    "category_fits",
    "check_base64",
    "check_media_source",
    "check_pair",
    "decode_strict",
    "decoded_size",
    "default_category",
    "encoded_length",
    "limit_for",
    "size_limit",
    "split_data_url",
]

# -------------------------------------------------------------------- limits

MB = 1024 * 1024
IMAGE_LIMIT = 5 * MB
GIF_LIMIT = 15 * MB
VIDEO_LIMIT = 512 * MB
CHUNK_LIMIT = 5 * MB
MAX_TOTAL_BYTES = 17_179_869_184

SUBTITLE_TYPES = ("text/srt", "text/vtt")
VIDEO_CATEGORIES = ("tweet_video", "amplify_video", "dm_video")

MediaCategory = Literal[
    "tweet_image",
    "tweet_gif",
    "tweet_video",
    "amplify_video",
    "dm_image",
    "dm_gif",
    "dm_video",
    "subtitles",
]
MediaType = Literal[
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "image/bmp",
    "image/pjpeg",
    "image/tiff",
    "video/mp4",
    "video/webm",
    "video/mp2t",
    "video/quicktime",
    "text/srt",
    "text/vtt",
    "model/gltf-binary",
    "model/vnd.usdz+zip",
]


def size_limit(category: str | None, media_type: str | None = None) -> int | None:
    """X's size cap for this kind of media, when it can be told."""
    if (category or "").endswith("_video") or (media_type or "").startswith("video/"):
        return VIDEO_LIMIT
    if (category or "").endswith("_gif") or media_type == "image/gif":
        return GIF_LIMIT
    if (category or "").endswith("_image") or (media_type or "").startswith("image/"):
        return IMAGE_LIMIT
    return None


def limit_for(category: str) -> int:
    """X's size cap for a media category (subtitles: the image cap)."""
    return size_limit(category) or IMAGE_LIMIT


# ---------------------------------------------------------- category and type


def category_fits(category: str, media_type: str) -> bool:
    """Whether ``media_type`` is a file type the ``category`` accepts."""
    if media_type.startswith("model/"):
        return True  # 3D assets: no documented category, let X decide
    if category.endswith("_image"):
        return media_type.startswith("image/")
    if category.endswith("_gif"):
        return media_type == "image/gif"
    if category.endswith("_video"):
        return media_type.startswith("video/")
    return category == "subtitles" and media_type in SUBTITLE_TYPES


def default_category(media_type: str) -> str:
    """The category xkit uses for ``media_type`` when none is given."""
    if media_type in SUBTITLE_TYPES:
        return "subtitles"
    if media_type == "image/gif":
        return "tweet_gif"
    if media_type.startswith("video/"):
        return "tweet_video"
    return "tweet_image"


def check_pair(category: str | None, media_type: str | None) -> None:
    """Input-side category/type check: ValueError when they do not fit."""
    if category and media_type and not category_fits(category, media_type):
        raise ValueError(
            f"'media_category' {category} does not accept 'media_type' {media_type}"
        )


# -------------------------------------------------------------------- base64


def encoded_length(limit: int) -> int:
    """Longest base64 text that decodes to at most ``limit`` bytes."""
    return 4 * math.ceil(limit / 3)


def decoded_size(data: str) -> int:
    """Bytes that whitespace-free, padded base64 ``data`` decodes to."""
    return len(data) * 3 // 4 - data[-2:].count("=")


class Base64TooLong(ValueError):
    """Base64 text longer than :func:`encoded_length` of the limit."""

    def __init__(self, max_chars: int) -> None:
        super().__init__(max_chars)
        self.max_chars = max_chars


class NotBase64(ValueError):
    """Text that is not strict base64 (stray characters, bad padding)."""


def decode_strict(text: str, limit: int) -> tuple[str, bytes]:
    """``text`` without white space, and the bytes it strictly decodes to.

    The length is checked before decoding, so oversized input costs nothing
    (:class:`Base64TooLong`); ``b64decode(validate=True)`` rejects stray
    characters and bad padding (:class:`NotBase64`).
    """
    data = "".join(text.split())
    if len(data) > encoded_length(limit):
        raise Base64TooLong(encoded_length(limit))
    try:
        return data, base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise NotBase64 from None


def check_base64(value: str, field: str, limit: int, hint: str) -> str:
    """Input-side base64 check: the text, white space removed, or ValueError."""
    try:
        data, _ = decode_strict(value, limit)
    except Base64TooLong as exc:
        raise ValueError(
            f"'{field}' is longer than {exc.max_chars} base64 characters "
            f"(over {limit // MB} MB decoded){hint}"
        ) from None
    except NotBase64:
        raise ValueError(
            f"'{field}' is not valid base64 (only A-Z a-z 0-9 + / with '=' "
            "padding to a multiple of 4 characters)"
        ) from None
    if not data:
        raise ValueError(f"'{field}' is empty")
    return data


def split_data_url(data: Any, field: str) -> Any:
    """Turn ``data:<mime>;base64,<payload>`` into payload plus media_type."""
    if not isinstance(data, dict):
        return data
    raw = data.get(field)
    if not (isinstance(raw, str) and raw.lstrip().lower().startswith("data:")):
        return data
    header, comma, payload = raw.strip().partition(",")
    if not comma or not header.lower().endswith(";base64"):
        raise ValueError(
            f"'{field}' data: URL must have the form data:<mime type>;base64,<data>"
        )
    mime = header[5 : -len(";base64")].strip().lower()
    given = data.get("media_type")
    if mime and given and str(given).strip().lower() != mime:
        raise ValueError(
            f"'{field}' is a data: URL of type {mime} but 'media_type' is {given}"
        )
    out = {**data, field: payload}
    if mime and not given:
        out["media_type"] = mime
    return out


# ------------------------------------------------------------- media sources

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def check_media_source(value: Any) -> str | bytes:
    """A URL (http/https), a local file path, or raw bytes (Python callers)."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
        if not data:
            raise ValueError("'media' bytes are empty")
        return data
    if not isinstance(value, str):
        raise ValueError("'media' must be an http(s) URL or a local file path")
    text: str = value.strip()
    if not text:
        raise ValueError("'media' is empty")
    match = _SCHEME.match(text)
    if match and len(match.group(1)) > 1:  # one letter is a Windows drive
        scheme = match.group(1).lower()
        if scheme == "data":
            raise ValueError(
                "'media' does not take data: URLs; pass them as 'media_data' to "
                "twitter_media_upload_base64"
            )
        if scheme not in ("http", "https"):
            raise ValueError(
                f"'media' must be an http(s) URL or a local file path, not a "
                f"{scheme}: URL"
            )
        if not urlsplit(text).hostname:
            raise ValueError("'media' URL has no host name")
    return text


# ------------------------------------------------ argument shapes of the tools

MediaSource = Annotated[
    str | bytes,
    PlainValidator(check_media_source),
    WithJsonSchema({"type": "string", "minLength": 1}),
    Field(
        description=(
            "The file to upload: a public http(s) URL that xkit downloads, or a "
            "path to a local file (Python callers may also pass raw bytes)."
        ),
    ),
]

CATEGORY_DOC = (
    "Use case of the media: tweet_image, tweet_gif, tweet_video, amplify_video, "
    "dm_image, dm_gif, dm_video or subtitles. Use dm_* for media sent in DMs."
)
ALT_TEXT = Annotated[
    str | None,
    Field(
        min_length=1,
        max_length=1000,
        description=(
            "Description of the image or GIF for screen readers, at most 1000 "
            "characters; set after the upload."
        ),
    ),
]
