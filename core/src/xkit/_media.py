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

import base64
import dataclasses
import logging
import re
from typing import Any
from urllib.parse import quote

from ._errors import (
    MediaError,
    MediaProcessingFailed,
    MediaProcessingTimeout,
    TransportError,
    XkitError,
)
from ._executor import COMPOSED, CallContext, approve, send
from ._fetch import fetch_media, is_api_origin
from ._inputs import ToolInput
from ._media_source import (
    MediaFile,
    category_for,
    check_size,
    decode_base64,
    from_bytes,
    from_path,
    limit_for,
    read_chunk,
)
from ._request import PreparedRequest
from ._response import read_result
from ._spec import HttpMethod, ToolSpec
from ._steps import Call, Flow, Sleep
from ._urlcheck import parse_url
from .tools.media import GIF_LIMIT, MB

__all__ = [
    "CHUNK_SIZE",
    "MAX_PROCESSING_WAIT",
    "URL_MAX_BYTES",
    "media_upload",
    "media_upload_chunked",
]

log = logging.getLogger("xkit")

CHUNK_SIZE = 4 * MB
MAX_PROCESSING_WAIT = 300.0
"""Seconds of ``check_after_secs`` waits before giving up on processing."""
URL_MAX_BYTES = 64 * MB
"""Largest download from a URL (held in memory); bigger files: a local path."""
ONE_SHOT_CATEGORIES = frozenset({"tweet_image", "dm_image", "subtitles"})
_MEDIA_ID = re.compile(r"^[0-9]{1,19}$")


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
        data = yield from _upload_chunks(ctx, spec, token, media, category)
    else:
        data = yield from _upload_once(ctx, spec, token, media, category)
    media_id = _media_id(spec, data)
    data = yield from _wait_processed(ctx, spec, token, media_id, data)
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
        yield from _set_alt_text(ctx, spec, token, media_id, opts.alt_text, result)
    return result


def _needs_chunks(media_type: str, category: str) -> bool:
    one_shot_type = media_type != "image/gif" and not media_type.startswith("video/")
    return not (one_shot_type and category in ONE_SHOT_CATEGORIES)


def _step(spec: ToolSpec, method: HttpMethod, path: str) -> ToolSpec:
    """``spec`` retargeted at one step, so errors still name the called tool."""
    return dataclasses.replace(spec, method=method, path=path)


def _post(
    ctx: CallContext, spec: ToolSpec, token: str | None, path: str, body: Any
) -> Flow[dict[str, Any]]:
    request = PreparedRequest("POST", path, json=body)
    response = yield from send(ctx, _step(spec, "POST", path), request, token)
    return read_result(spec.name, response)


def _report(ctx: CallContext, sent: int, total: int) -> Flow[None]:
    progress = getattr(ctx, "progress", None)
    if progress is None:
        return
    try:
        yield Call(progress, (sent, total))
    except Exception:  # a broken progress callback must not break the upload
        log.warning("media progress callback failed", exc_info=True)


def _media_id(spec: ToolSpec, data: Any) -> str:
    media_id = str(data.get("id", "")) if isinstance(data, dict) else ""
    if not _MEDIA_ID.match(media_id):
        raise TransportError(
            f"{spec.name} failed: X's answer had no usable media id. Try again."
        )
    return media_id


def _data(body: dict[str, Any]) -> dict[str, Any]:
    data = body.get("data")
    return dict(data) if isinstance(data, dict) else {}


def _upload_once(
    ctx: CallContext,
    spec: ToolSpec,
    token: str | None,
    media: MediaFile,
    category: str,
) -> Flow[dict[str, Any]]:
    raw = media.data
    if raw is None:
        assert media.path is not None
        raw = yield Call(read_chunk, (media.path, 0, media.size), blocking=True)
    body = {
        "media": base64.b64encode(raw).decode("ascii"),
        "media_category": category,
        "media_type": media.media_type,
    }
    result = yield from _post(ctx, spec, token, "/2/media/upload", body)
    yield from _report(ctx, media.size, media.size)
    return _data(result)


def _upload_chunks(
    ctx: CallContext,
    spec: ToolSpec,
    token: str | None,
    media: MediaFile,
    category: str,
) -> Flow[dict[str, Any]]:
    init = {
        "total_bytes": media.size,
        "media_type": media.media_type,
        "media_category": category,
    }
    started = yield from _post(ctx, spec, token, "/2/media/upload/initialize", init)
    media_id = _media_id(spec, _data(started))
    quoted = quote(media_id, safe="")

    sent = 0
    for index, offset in enumerate(range(0, media.size, CHUNK_SIZE)):
        size = min(CHUNK_SIZE, media.size - offset)
        if media.data is not None:
            chunk = media.data[offset : offset + size]
        else:
            assert media.path is not None
            chunk = yield Call(read_chunk, (media.path, offset, size), blocking=True)
        body = {
            "media": base64.b64encode(chunk).decode("ascii"),
            "segment_index": index,
        }
        yield from _post(ctx, spec, token, f"/2/media/upload/{quoted}/append", body)
        sent += size
        yield from _report(ctx, sent, media.size)

    path = f"/2/media/upload/{quoted}/finalize"
    done = yield from _post(ctx, spec, token, path, None)
    return {"id": media_id, **_data(done)}


def _wait_processed(
    ctx: CallContext,
    spec: ToolSpec,
    token: str | None,
    media_id: str,
    data: dict[str, Any],
) -> Flow[dict[str, Any]]:
    """Poll STATUS until processing succeeded; raise if it fails or runs long."""
    status = _step(spec, "GET", "/2/media/upload")
    query = {"command": "STATUS", "media_id": media_id}
    waited = 0.0
    while True:
        info = data.get("processing_info")
        if not isinstance(info, dict):
            return data  # nothing to process, or X dropped it when done
        state = info.get("state")
        if state == "succeeded":
            return data
        if state == "failed":
            raise _failed(spec, media_id, info)
        left = MAX_PROCESSING_WAIT - waited
        if left <= 0:
            raise MediaProcessingTimeout(
                f"{spec.name}: X was still processing media {media_id} after "
                f"{waited:.0f} s. Check it later with twitter_media_upload_status_get"
                " and attach it only once its state is 'succeeded'.",
                media_id=media_id,
            )
        delay = min(_check_after(info), left)
        yield Sleep(delay)
        waited += delay
        prepared = PreparedRequest("GET", "/2/media/upload", params=query)
        response = yield from send(ctx, status, prepared, token)
        fresh = _data(read_result(spec.name, response))
        data = {**data, **fresh}
        if "processing_info" not in fresh:
            data.pop("processing_info", None)


def _check_after(info: dict[str, Any]) -> float:
    try:
        seconds = float(info.get("check_after_secs", 1))
    except (TypeError, ValueError):
        seconds = 1.0
    return seconds if seconds >= 1.0 else 1.0  # also turns NaN into 1


def _failed(spec: ToolSpec, media_id: str, info: dict[str, Any]) -> MediaError:
    error = info.get("error")
    detail = ""
    if isinstance(error, dict) and error.get("message"):
        detail = f" ({str(error['message'])[:200]})"
    return MediaProcessingFailed(
        f"{spec.name}: X could not process media {media_id}{detail}. Do not attach "
        "it; check the file (format, length, size) and upload it again.",
        media_id=media_id,
    )


def _set_alt_text(
    ctx: CallContext,
    spec: ToolSpec,
    token: str | None,
    media_id: str,
    text: str,
    result: dict[str, Any],
) -> Flow[None]:
    body = {"id": media_id, "metadata": {"alt_text": {"text": text}}}
    try:
        yield from _post(ctx, spec, token, "/2/media/metadata", body)
    except XkitError as exc:  # the upload itself worked: keep its id
        result["errors"] = [{"title": "Alt text not set", "detail": str(exc)}]
        return
    result["data"]["alt_text"] = text


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
