"""Media input for the upload flows: bytes, base64 text or a local file.

Whatever the source, the media type comes from the bytes (:mod:`xkit._sniff`),
a declared type must agree with it, and the size must fit the category's cap
(image 5 MB, GIF 15 MB, video 512 MB) before anything is sent. Files are read
in chunks through blocking :class:`~xkit._steps.Call` steps, so a large video
keeps memory bounded and the async driver's loop free.
"""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass

from ._errors import MediaError
from ._mediarules import (
    MB,
    SUBTITLE_TYPES,
    VIDEO_LIMIT,
    Base64TooLong,
    NotBase64,
    category_fits,
    decode_strict,
    default_category,
    limit_for,
)
from ._sniff import SNIFF_BYTES, same_type, sniff_media_type
from ._steps import Call, Flow

__all__ = [
    "MediaFile",
    "category_for",
    "check_size",
    "decode_base64",
    "from_bytes",
    "from_path",
    "media_type_of",
    "read_chunk",
]

log = logging.getLogger("xkit")


@dataclass(frozen=True, slots=True)
class MediaFile:
    """Media ready to upload: in memory (``data``) or on disk (``path``)."""

    media_type: str
    size: int
    data: bytes | None = None
    path: str | None = None

    @property
    def source(self) -> str:
        return f"file {self.path}" if self.path else "bytes"


def _unsupported(declared: str | None) -> MediaError:
    kinds = "JPEG, PNG, GIF, WEBP or MP4 (or SRT/VTT subtitles)"
    said = f" (declared {declared})" if declared else ""
    return MediaError(
        f"The media is not a supported file{said}: xkit uploads {kinds}, "
        "recognised by the file's own bytes. Convert the file or pick another one."
    )


def _looks_like_subtitles(head: bytes, declared: str) -> bool:
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if declared == "text/vtt":
        return text.startswith(b"WEBVTT")
    return text[:1].isdigit()


def media_type_of(head: bytes, declared: str | None) -> str:
    """The upload's media type, from ``head``.

    The bytes win over a declared type (a ``.jpg`` that is really a PNG is sent
    as ``image/png``); only subtitles, which have no magic bytes, are taken at
    their word, after a look at their first line.
    """
    actual = sniff_media_type(head)
    if actual is not None:
        if declared and not same_type(declared, actual):
            log.debug("declared %s, uploading as %s", declared, actual)
        return actual
    if declared in SUBTITLE_TYPES and _looks_like_subtitles(head, declared):
        return declared
    raise _unsupported(declared)


def category_for(media_type: str, given: str | None) -> str:
    """The media category: ``given`` if it suits the type, else derived from it."""
    if given is None:
        return default_category(media_type)
    if not category_fits(given, media_type):
        raise MediaError(
            f"'media_category' {given} does not take a {media_type} file. Omit "
            "media_category to let xkit choose."
        )
    return given


def check_size(size: int, category: str) -> None:
    limit = limit_for(category)
    if size > limit:
        raise MediaError(
            f"The file is {size / MB:.1f} MB; X takes at most {limit // MB} MB for "
            f"{category}. Use a smaller file."
        )
    if size == 0:
        raise MediaError("The media file is empty. Pick another file.")


def decode_base64(text: str, limit: int = VIDEO_LIMIT) -> bytes:
    """Strictly decode base64 ``text``; its length is capped before decoding."""
    try:
        return decode_strict(text, limit)[1]
    except Base64TooLong as exc:
        raise MediaError(
            f"The base64 media is longer than {exc.max_chars} characters "
            f"(over {limit // MB} MB decoded). Use a smaller file."
        ) from None
    except NotBase64:
        raise MediaError(
            "The media is not valid base64 (only A-Z a-z 0-9 + / with '=' "
            "padding). Encode the file again."
        ) from None


def from_bytes(data: bytes, declared: str | None) -> MediaFile:
    """In-memory media, typed from its bytes."""
    media_type = media_type_of(data[:SNIFF_BYTES], declared)
    return MediaFile(media_type, len(data), data=data)


def _inspect(path: str) -> tuple[int, bytes]:
    """Size and first bytes of a regular file (runs in a worker thread)."""
    with open(path, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise MediaError(f"{path!r} is not a regular file. Give a media file.")
        return info.st_size, handle.read(SNIFF_BYTES)


def from_path(path: str, declared: str | None) -> Flow[MediaFile]:
    """A local file, inspected (not read) off the event loop."""
    full = os.path.expanduser(path)
    try:
        size, head = yield Call(_inspect, (full,), blocking=True)
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        raise MediaError(
            f"Could not open the media file {path!r} ({why}). Check the path."
        ) from None
    return MediaFile(media_type_of(head, declared), size, path=full)


def read_chunk(path: str, offset: int, size: int) -> bytes:
    """``size`` bytes of ``path`` from ``offset`` (runs in a worker thread)."""
    with open(path, "rb") as handle:
        handle.seek(offset)
        data = handle.read(size)
    if len(data) != size:
        raise MediaError(
            f"The media file {path!r} changed while it was being uploaded. Try again."
        )
    return data
