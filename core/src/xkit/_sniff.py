"""Telling a media file's type from its first bytes (pure functions).

Only the types X displays and xkit uploads are recognised: JPEG, PNG, GIF,
WEBP and MP4. Whatever a server or a model *declares* is never trusted: the
type used for the upload comes from the bytes.
"""

from __future__ import annotations

__all__ = ["ALLOWED_TYPES", "SNIFF_BYTES", "same_type", "sniff_media_type"]

#: How many leading bytes :func:`sniff_media_type` needs.
SNIFF_BYTES = 16

ALLOWED_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4")

# ISO base media files that are not MP4 video: HEIF/AVIF stills, QuickTime, CR3.
_NOT_MP4_BRANDS = frozenset(
    {
        b"heic",
        b"heix",
        b"hevc",
        b"hevx",
        b"heim",
        b"heis",
        b"hevm",
        b"hevs",
        b"mif1",
        b"msf1",
        b"avif",
        b"avis",
        b"qt  ",
        b"crx ",
    }
)
_ALIASES = {"image/pjpeg": "image/jpeg", "image/jpg": "image/jpeg"}


def sniff_media_type(head: bytes) -> str | None:
    """The MIME type of a file starting with ``head``, or None if not allowed."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and len(head) >= 12 and head[8:12] not in _NOT_MP4_BRANDS:
        return "video/mp4"
    return None


def same_type(declared: str, actual: str) -> bool:
    """Whether a declared MIME type names the sniffed one (``image/pjpeg`` too)."""
    declared = declared.strip().lower()
    return _ALIASES.get(declared, declared) == actual
