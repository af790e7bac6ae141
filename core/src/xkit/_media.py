"""The media upload flows, registered in ``xkit._executor.COMPOSED``.

``media_upload`` takes bytes, base64 text, a local file or a URL; images (and
subtitles) go up in one ``POST /2/media/upload``, GIFs and videos through the
chunked flow. ``media_upload_chunked`` always chunks: ``initialize``, one
``append`` per chunk of at most :data:`CHUNK_SIZE` bytes (a file is read chunk
by chunk), ``finalize``. Both then poll ``STATUS`` while X processes the media,
for at most :data:`MAX_PROCESSING_WAIT` seconds of ``check_after_secs`` waits
(``failed`` raises :class:`MediaProcessingFailed`, running out of time
:class:`MediaProcessingTimeout`: unfinished media is never returned as ready),
and finally set the alt text through ``POST /2/media/metadata``.

The approval hook sees the first request before anything is fetched or sent
(media shown as a size, not as base64); a dry run returns that request.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ._errors import MediaError
from ._executor import COMPOSED, CallContext, approve
from ._fetch import fetch_media, is_api_origin
from ._inputs import ToolInput
from ._media_api import (
    CHUNK_SIZE,
    MAX_PROCESSING_WAIT,
    media_id_of,
    set_alt_text,
    upload_chunks,
    upload_once,
    wait_processed,
)
from ._media_source import (
    MediaFile,
    category_for,
    check_size,
    decode_base64,
    from_bytes,
    from_path,
)
from ._mediarules import GIF_LIMIT, MB, limit_for
from ._request import PreparedRequest
from ._spec import ToolSpec
from ._steps import Flow
from ._urlcheck import parse_url

__all__ = [
    "CHUNK_SIZE",
    "MAX_PROCESSING_WAIT",
    "URL_MAX_BYTES",
    "media_upload",
    "media_upload_chunked",
]

URL_MAX_BYTES = 64 * MB
"""Largest download from a URL (held in memory); bigger files: a local path."""
ONE_SHOT_CATEGORIES = frozenset({"tweet_image", "dm_image", "subtitles"})


@dataclasses.dataclass(frozen=True, slots=True)
class _Options:
    declared: str | None
    category: str | None
    alt_text: str | None

    @classmethod
    def of(cls, local: Any) -> _Options:
        return cls(
            local.get("media_type"), local.get("media_category"), local.get("alt_text")
        )


def _is_url(source: Any) -> bool:
    return isinstance(source, str) and source.lower().startswith(
        ("http://", "https://")
    )


def _load(source: Any, from_base64: bool, declared: str | None) -> Flow[MediaFile]:
    if from_base64:
        return from_bytes(decode_base64(str(source)), declared)
    if isinstance(source, (bytes, bytearray, memoryview)):
        return from_bytes(bytes(source), declared)
    if not isinstance(source, str) or not source:
        raise MediaError("No media was given. Pass a URL, a file path or base64 data.")
    return (yield from from_path(source, declared))


def _summary(args: ToolInput) -> ToolInput:
    """The arguments for the approval hook, with the media shown as a size."""
    update: dict[str, Any] = {}
    data = getattr(args, "media_data", None)
    if isinstance(data, str):
        update["media_data"] = f"<base64, {len(data) * 3 // 4} bytes>"
    media = getattr(args, "media", None)
    if isinstance(media, (bytes, bytearray, memoryview)):
        update["media"] = f"<{len(media)} bytes>"
    return args.model_copy(update=update) if update else args


def _first_request(
    media: MediaFile | None, category: str | None, chunked: bool, url: str | None
) -> PreparedRequest:
    """What the upload will send first, media summarised (for approval/dry run)."""
    body: dict[str, Any]
    if media is None:
        body = {
            "media": f"<downloaded from {url}>",
            "media_category": category or "<from the file type>",
        }
        return PreparedRequest("POST", "/2/media/upload", json=body)
    if chunked:
        body = {
            "total_bytes": media.size,
            "media_type": media.media_type,
            "media_category": category,
        }
        return PreparedRequest("POST", "/2/media/upload/initialize", json=body)
    body = {
        "media": f"<{media.size} bytes of {media.media_type}, base64>",
        "media_category": category,
        "media_type": media.media_type,
    }
    return PreparedRequest("POST", "/2/media/upload", json=body)


def _url_cap(opts: _Options) -> int:
    if opts.category:
        return min(limit_for(opts.category), URL_MAX_BYTES)
    if opts.declared:
        return min(limit_for(category_for(opts.declared, None)), URL_MAX_BYTES)
    return GIF_LIMIT


def _upload(
    ctx: CallContext,
    spec: ToolSpec,
    args: ToolInput,
    prepared: PreparedRequest,
    token: str | None,
    *,
    always_chunked: bool,
) -> Flow[dict[str, Any]]:
    local = prepared.local
    opts = _Options.of(local)
    from_base64 = local.get("media_data") is not None
    source = local["media_data"] if from_base64 else local.get("media")

    media: MediaFile | None = None
    url = str(source) if not from_base64 and _is_url(source) else None
    category = opts.category
    if url is None:
        media = yield from _load(source, from_base64, opts.declared)
        category = category_for(media.media_type, opts.category)
        check_size(media.size, category)
    elif not is_api_origin(url, ctx.base_url):
        parse_url(url)  # refuse the obvious before asking anyone
    chunked = always_chunked or (
        media is not None and _needs_chunks(media.media_type, str(category))
    )

    first = _first_request(media, category, chunked, url)
    yield from approve(ctx, spec, _summary(args), first)
    if ctx.dry_run:
        return {"dry_run": True, "request": first.describe(ctx.base_url)}

    if media is None:
        fetched = yield from fetch_media(ctx, str(url), max_bytes=_url_cap(opts))
        media = from_bytes(fetched.data, opts.declared)
        category = category_for(media.media_type, opts.category)
        check_size(media.size, category)
        chunked = always_chunked or _needs_chunks(media.media_type, category)
    assert category is not None

    if chunked:
        data = yield from upload_chunks(ctx, spec, token, media, category)
    else:
        data = yield from upload_once(ctx, spec, token, media, category)
    media_id = media_id_of(spec, data)
    data = yield from wait_processed(ctx, spec, token, media_id, data)
    result: dict[str, Any] = {
        "data": {
            **data,
            "id": media_id,
            "media_type": media.media_type,
            "media_category": category,
            "size": media.size,
        }
    }
    if opts.alt_text:
        yield from set_alt_text(ctx, spec, token, media_id, opts.alt_text, result)
    return result


def _needs_chunks(media_type: str, category: str) -> bool:
    one_shot_type = media_type != "image/gif" and not media_type.startswith("video/")
    return not (one_shot_type and category in ONE_SHOT_CATEGORIES)


def media_upload(
    ctx: CallContext,
    spec: ToolSpec,
    args: ToolInput,
    prepared: PreparedRequest,
    token: str | None,
) -> Flow[dict[str, Any]]:
    """Upload from bytes, base64, a file or a URL; chunked for GIFs and videos."""
    return (yield from _upload(ctx, spec, args, prepared, token, always_chunked=False))


def media_upload_chunked(
    ctx: CallContext,
    spec: ToolSpec,
    args: ToolInput,
    prepared: PreparedRequest,
    token: str | None,
) -> Flow[dict[str, Any]]:
    """Upload through initialize / append / finalize, whatever the media."""
    return (yield from _upload(ctx, spec, args, prepared, token, always_chunked=True))


COMPOSED["media_upload"] = media_upload
COMPOSED["media_upload_chunked"] = media_upload_chunked
