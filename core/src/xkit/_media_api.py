"""The HTTP steps of a media upload, against X's v2 media endpoints.

Each step sends through the executor's :func:`~xkit._executor.send` (retry
policy, typed errors) with the calling tool's spec retargeted at the step's
endpoint, so an error names the tool the model called. Used by
:mod:`xkit._media`.

``APPEND`` goes out as ``multipart/form-data`` with the raw chunk (the spec
allows it; no base64, no JSON text). Its body is a one-shot stream that lets go
of the chunk once it has been sent. That matters beyond the copies saved: an
httpx response and its stream refer to each other, so every finished response
(and its request and body) lives until the cyclic garbage collector runs, which
can be dozens of chunks later. Only the bytes read for the current chunk are
held, so memory stays at a few chunks whatever the file size.
"""

from __future__ import annotations

import base64
import dataclasses
import logging
import re
import secrets
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import quote

import httpx

from ._errors import (
    MediaError,
    MediaProcessingFailed,
    MediaProcessingTimeout,
    TransportError,
    XkitError,
)
from ._executor import CallContext, send
from ._media_source import MediaFile, read_chunk
from ._mediarules import MB
from ._request import PreparedRequest
from ._response import read_result
from ._spec import HttpMethod, ToolSpec
from ._steps import Call, Flow, Sleep

__all__ = [
    "CHUNK_SIZE",
    "MAX_PROCESSING_WAIT",
    "MultipartRequest",
    "set_alt_text",
    "upload_chunks",
    "upload_once",
    "wait_processed",
]

log = logging.getLogger("xkit")

CHUNK_SIZE = 4 * MB
MAX_PROCESSING_WAIT = 300.0
"""Seconds of ``check_after_secs`` waits before giving up on processing."""
_MEDIA_ID = re.compile(r"^[0-9]{1,19}$")


def _step(spec: ToolSpec, method: HttpMethod, path: str) -> ToolSpec:
    """``spec`` retargeted at one step, so errors still name the called tool."""
    return dataclasses.replace(spec, method=method, path=path)


def _post(
    ctx: CallContext, spec: ToolSpec, token: str | None, path: str, body: Any
) -> Flow[dict[str, Any]]:
    request = PreparedRequest("POST", path, json=body)
    response = yield from send(ctx, _step(spec, "POST", path), request, token)
    return read_result(spec.name, response)


class _OnceBody(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A request body that forgets its parts as it hands them out (sync/async)."""

    def __init__(self, parts: list[bytes]) -> None:
        self._parts = parts

    def _take(self) -> Iterator[bytes]:
        parts, self._parts = self._parts, []
        while parts:
            yield parts.pop(0)

    def __iter__(self) -> Iterator[bytes]:
        yield from self._take()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for part in self._take():
            yield part


@dataclasses.dataclass(frozen=True, slots=True)
class MultipartRequest(PreparedRequest):
    """A ``multipart/form-data`` POST: text ``fields`` plus one raw file part.

    Each :meth:`to_httpx` (one per attempt) builds a fresh one-shot body.
    """

    fields: tuple[tuple[str, str], ...] = ()
    file_field: str = "media"
    file_data: bytes = b""

    def to_httpx(
        self, base_url: str, token: str | None, timeout: float | None = None
    ) -> httpx.Request:
        bare = PreparedRequest.to_httpx(self, base_url, token, timeout)
        boundary = secrets.token_hex(16)
        head = "".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
            f"\r\n\r\n{value}\r\n"
            for name, value in self.fields
        )
        head += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{self.file_field}";'
            ' filename="blob"\r\nContent-Type: application/octet-stream\r\n\r\n'
        )
        tail = f"\r\n--{boundary}--\r\n".encode("ascii")
        parts = [head.encode("ascii"), self.file_data, tail]
        headers = bare.headers.copy()
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        headers["Content-Length"] = str(sum(len(part) for part in parts))
        return httpx.Request(
            bare.method,
            bare.url,
            headers=headers,
            stream=_OnceBody(parts),
            extensions=bare.extensions,
        )

    def describe(self, base_url: str) -> dict[str, Any]:
        out = PreparedRequest.describe(self, base_url)
        form: dict[str, Any] = dict(self.fields)
        form[self.file_field] = f"<{len(self.file_data)} bytes>"
        out["multipart"] = form
        return out


def _report(ctx: CallContext, sent: int, total: int) -> Flow[None]:
    progress = ctx.progress
    if progress is None:
        return
    try:
        yield Call(progress, (sent, total))
    except Exception:  # a broken progress callback must not break the upload
        log.warning("media progress callback failed", exc_info=True)


def media_id_of(spec: ToolSpec, data: Any) -> str:
    media_id = str(data.get("id", "")) if isinstance(data, dict) else ""
    if not _MEDIA_ID.match(media_id):
        raise TransportError(
            f"{spec.name} failed: X's answer had no usable media id. Try again."
        )
    return media_id


def _data(body: dict[str, Any]) -> dict[str, Any]:
    data = body.get("data")
    return dict(data) if isinstance(data, dict) else {}


def upload_once(
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


def upload_chunks(
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
    media_id = media_id_of(spec, _data(started))
    quoted = quote(media_id, safe="")

    append = f"/2/media/upload/{quoted}/append"
    sent = 0
    for index, offset in enumerate(range(0, media.size, CHUNK_SIZE)):
        size = min(CHUNK_SIZE, media.size - offset)
        yield from _append(ctx, spec, token, append, media, index, offset, size)
        sent += size
        yield from _report(ctx, sent, media.size)

    path = f"/2/media/upload/{quoted}/finalize"
    done = yield from _post(ctx, spec, token, path, None)
    return {"id": media_id, **_data(done)}


def _append(
    ctx: CallContext,
    spec: ToolSpec,
    token: str | None,
    path: str,
    media: MediaFile,
    index: int,
    offset: int,
    size: int,
) -> Flow[None]:
    """Read one chunk just before sending it; nothing keeps it afterwards."""
    if media.data is not None:
        chunk = media.data[offset : offset + size]
    else:
        assert media.path is not None
        chunk = yield Call(read_chunk, (media.path, offset, size), blocking=True)
    request = MultipartRequest(
        "POST", path, fields=(("segment_index", str(index)),), file_data=chunk
    )
    del chunk
    response = yield from send(ctx, _step(spec, "POST", path), request, token)
    del request
    read_result(spec.name, response)


def wait_processed(
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


def set_alt_text(
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
