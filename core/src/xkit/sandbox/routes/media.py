"""Media uploads: one-shot, chunked (initialize / append / finalize), STATUS, alt text.

Chunked uploads keep each segment's size and SHA-256 plus the first bytes (to sniff
the format), never the bytes themselves, so a 256 MB video costs a few hundred
bytes of memory. Images are ready at once; GIFs and videos go through processing
(`_uploads.processing_info`). Once `succeeded`, a media id can be attached to a
post (`media.media_ids`) or a DM.

The spec marks `meta` as required on these responses without defining it; the
sandbox sends an empty one so spec-validating clients accept the answers.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import httpx

from .._app import Ctx, json_response, route
from .._errors import forbidden, invalid_request, resource_not_found
from .._state import Media
from .._uploads import (
    HEAD_BYTES,
    SEGMENT_LIMIT,
    decode_media,
    dimensions,
    kind_of,
    limit_for,
    media_key_prefix,
    processing_info,
    processing_secs,
    read_form,
    sniff,
)

JsonDict = dict[str, Any]
SESSION_SECS = 86400
ONE_SHOT_CATEGORIES = ("tweet_image", "dm_image", "subtitles")
CATEGORIES = (
    "amplify_video",
    "tweet_gif",
    "tweet_image",
    "tweet_video",
    "dm_gif",
    "dm_image",
    "dm_video",
    "subtitles",
)
ALT_TEXT_LIMIT = 1000


def _form(ctx: Ctx) -> tuple[JsonDict, bool]:
    fields, multipart = read_form(ctx.request)
    return (fields, True) if multipart else (ctx.body(), False)


def _category(value: Any, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise invalid_request(
            f"`media_category` [{value}] is not one of {list(allowed)}.",
            {"media_category": [str(value)]},
        )
    return str(value)


def _default_category(media_type: str) -> str:
    if media_type.startswith("video/"):
        return "tweet_video"
    if media_type == "image/gif":
        return "tweet_gif"
    return "subtitles" if media_type.startswith("text/") else "tweet_image"


def find_media(ctx: Ctx, media_id: str, parameter: str = "media_id") -> Media:
    """The caller's upload `media_id` (404 unknown, 403 someone else's)."""
    found = next((m for m in ctx.world.media.values() if m.id == media_id), None)
    if found is None:
        raise resource_not_found("media", parameter, media_id)
    if found.owner_id != ctx.user_id:
        raise forbidden(f"Media [{media_id}] was uploaded by another account.")
    return found


def _new_media(ctx: Ctx, media_type: str, category: str, size: int) -> Media:
    kind = kind_of(media_type, category)
    if size > limit_for(kind):
        raise invalid_request(
            f"{size} bytes is over the {limit_for(kind)} byte limit for {kind}.",
            {"total_bytes": [str(size)]},
        )
    media_id = ctx.world.new_id(ctx.now)
    media = Media(
        media_key=f"{media_key_prefix(kind)}_{media_id}",
        type=kind,
        owner_id=ctx.user_id,
        media_category=category,
        media_type=media_type,
        total_bytes=size,
        created_at=ctx.now,
        expires_at=ctx.now + timedelta(seconds=SESSION_SECS),
        url=f"https://pbs.twimg.com/media/{media_id}.jpg" if kind == "photo" else None,
    )
    ctx.world.media[media.media_key] = media
    return media


def _upload_data(ctx: Ctx, media: Media) -> JsonDict:
    data: JsonDict = {
        "id": media.id,
        "media_key": media.media_key,
        "size": media.total_bytes,
    }
    if media.expires_at is not None:
        left = (media.expires_at - ctx.now).total_seconds()
        data["expires_after_secs"] = max(0, int(left))
    if media.type in {"video", "animated_gif"} or media.state == "failed":
        data["processing_info"] = processing_info(media, ctx.now)
    return data


def _reply(data: JsonDict, status: int = 200) -> httpx.Response:
    return json_response(status, {"data": data, "meta": {}})


@route("POST", "/2/media/upload")
def upload(ctx: Ctx) -> httpx.Response:
    fields, multipart = _form(ctx)
    category = _category(fields.get("media_category"), ONE_SHOT_CATEGORIES)
    content = decode_media(fields.get("media"), multipart=multipart)
    media_type = fields.get("media_type") or sniff(content[:HEAD_BYTES])
    if not isinstance(media_type, str) or media_type.startswith(("video/", "model/")):
        raise invalid_request(
            "Give `media_type` (an image or subtitle type); videos and GIFs go "
            "through /2/media/upload/initialize.",
            {"media_type": [str(media_type)]},
        )
    media = _new_media(ctx, media_type, category, len(content))
    media.head = content[:HEAD_BYTES]
    media.width, media.height = dimensions(media.head) or (media.width, media.height)
    media.segments = {0: (len(content), hashlib.sha256(content).hexdigest())}
    return _reply(_upload_data(ctx, media))


@route("POST", "/2/media/upload/initialize")
def initialize(ctx: Ctx) -> httpx.Response:
    body = ctx.body()
    total = body.get("total_bytes")
    if not isinstance(total, int) or isinstance(total, bool) or total <= 0:
        raise invalid_request(
            "`total_bytes` must be a positive integer.", {"total_bytes": [str(total)]}
        )
    media_type = ctx.require(body, "media_type")
    if not isinstance(media_type, str) or "/" not in media_type:
        raise invalid_request(
            f"`media_type` [{media_type}] is not a media type.",
            {"media_type": [str(media_type)]},
        )
    category = _category(
        body.get("media_category") or _default_category(media_type), CATEGORIES
    )
    media = _new_media(ctx, media_type, category, total)
    media.state = "uploading"
    data = {
        "id": media.id,
        "media_key": media.media_key,
        "expires_after_secs": SESSION_SECS,
    }
    return _reply(data)


def _open_session(ctx: Ctx) -> Media:
    media = find_media(ctx, ctx.params["id"], "id")
    if media.state != "uploading":
        raise invalid_request(
            f"Media [{media.id}] is already finalized (state {media.state}).",
            {"id": [media.id]},
        )
    if media.expires_at is not None and media.expires_at <= ctx.now:
        raise invalid_request(
            f"The upload session of media [{media.id}] expired; start again.",
            {"id": [media.id]},
        )
    return media


def _segment_index(value: Any) -> int:
    text = str(value)
    if isinstance(value, bool) or not text.isdigit() or not 0 <= int(text) <= 999:
        raise invalid_request(
            "`segment_index` must be an integer from 0 to 999.",
            {"segment_index": [text]},
        )
    return int(text)


@route("POST", "/2/media/upload/{id}/append")
def append(ctx: Ctx) -> httpx.Response:
    media = _open_session(ctx)
    fields, multipart = _form(ctx)
    index = _segment_index(fields.get("segment_index"))
    content = decode_media(fields.get("media"), multipart=multipart)
    if len(content) > SEGMENT_LIMIT:
        raise invalid_request(
            f"A segment is at most {SEGMENT_LIMIT} bytes; this one is {len(content)}.",
            {"media": [f"{len(content)} bytes"]},
        )
    previous = media.segments.get(index, (0, ""))[0]
    received = sum(n for n, _ in media.segments.values()) - previous + len(content)
    if received > media.total_bytes:
        raise invalid_request(
            f"Appended {received} bytes but `total_bytes` was {media.total_bytes}.",
            {"segment_index": [str(index)]},
        )
    media.segments[index] = (len(content), hashlib.sha256(content).hexdigest())
    if index == 0:
        media.head = content[:HEAD_BYTES]
    expires = media.expires_at or ctx.now
    return _reply({"expires_at": int(expires.timestamp())})


@route("POST", "/2/media/upload/{id}/finalize")
def finalize(ctx: Ctx) -> httpx.Response:
    media = _open_session(ctx)
    received = sum(n for n, _ in media.segments.values())
    expected = list(range(len(media.segments)))
    if sorted(media.segments) != expected or received != media.total_bytes:
        raise invalid_request(
            f"Media [{media.id}] has {received} of {media.total_bytes} bytes in "
            f"segments {sorted(media.segments)}; append the rest (segments from 0, "
            "no gaps) before finalizing.",
            {"id": [media.id]},
        )
    sniffed = sniff(media.head)
    family = media.media_type.split("/")[0]
    mismatch = sniffed is not None and sniffed.split("/")[0] != family
    media.width, media.height = dimensions(media.head) or (media.width, media.height)
    if media.type == "photo" or media.type == "subtitles":
        media.state = "failed" if mismatch else "succeeded"
    else:
        media.state = "failed" if mismatch else "pending"
        media.finalized_at = ctx.now
        media.processing_secs = processing_secs(media)
        if media.type == "video":
            media.duration_ms = 1000 * max(1, media.total_bytes // (256 * 1024))
    return _reply(_upload_data(ctx, media))


@route("GET", "/2/media/upload")
def status(ctx: Ctx) -> httpx.Response:
    media = find_media(ctx, ctx.query.get("media_id", ""))
    if media.state == "uploading":
        raise invalid_request(
            f"Media [{media.id}] is not finalized yet.", {"media_id": [media.id]}
        )
    data = _upload_data(ctx, media)
    if media.finalized_at is not None:
        data["processing_info"] = processing_info(media, ctx.now, poll=True)
    return _reply(data)


@route("POST", "/2/media/metadata")
def metadata(ctx: Ctx) -> JsonDict:
    body = ctx.body()
    media = find_media(ctx, str(ctx.require(body, "id")), "id")
    meta = body.get("metadata") or {}
    alt = (meta.get("alt_text") or {}) if isinstance(meta, dict) else {}
    text = alt.get("text") if isinstance(alt, dict) else None
    if text is not None:
        if not isinstance(text, str) or len(text) > ALT_TEXT_LIMIT:
            raise invalid_request(
                f"Alt text is at most {ALT_TEXT_LIMIT} characters.",
                {"metadata.alt_text.text": [str(text)[:50]]},
            )
        media.alt_text = text
    associated = {"alt_text": {"text": media.alt_text}} if media.alt_text else {}
    return {"data": {"associated_metadata": associated}}
