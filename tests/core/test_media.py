"""The media upload flows against a fake X (sync and async), case 30 and 39."""

from __future__ import annotations

import asyncio
import base64
import gc
import json
import re
import tracemalloc
from collections.abc import Callable, Iterator
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import httpx
import pytest

import xkit
from xkit import (
    ApprovalDenied,
    ApprovalRequest,
    MediaError,
    StaticCredentials,
    UsageCapExceeded,
    ValidationFailed,
)
from xkit._drivers import AsyncClients, SyncClients, arun, run
from xkit._errors import MediaProcessingFailed, MediaProcessingTimeout, UnsafeUrl
from xkit._executor import CallContext, call_flow
from xkit._fetch import build_async_fetch_client, build_sync_fetch_client
from xkit._inputs import parse_input
from xkit._media import CHUNK_SIZE, MAX_PROCESSING_WAIT
from xkit._media_api import MultipartRequest
from xkit._media_source import decode_base64
from xkit.tools import REGISTRY

MB = 1024 * 1024
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
JPEG = b"\xff\xd8\xff\xe0" + b"\x01" * 500
GIF = b"GIF89a" + b"\x02" * 700
MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def form_fields(request: httpx.Request) -> dict[str, bytes]:
    """The parts of a multipart/form-data request, by name (raw bytes)."""
    content_type = request.headers["content-type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = BytesParser(policy=policy.HTTP).parsebytes(head + request.content)
    assert isinstance(message, EmailMessage)
    fields: dict[str, bytes] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        assert isinstance(name, str) and isinstance(payload, bytes)
        fields[name] = payload
    return fields


class FakeX:
    """The media endpoints of X, in memory; records every request."""

    def __init__(
        self,
        *,
        statuses: list[dict[str, Any]] | None = None,
        finalize_info: dict[str, Any] | None = None,
        upload_info: dict[str, Any] | None = None,
        metadata_status: int = 200,
    ) -> None:
        self.requests: list[httpx.Request] = []
        self.statuses = statuses or []
        self.finalize_info = finalize_info
        self.upload_info = upload_info
        self.metadata_status = metadata_status
        self.segments: dict[int, bytes] = {}
        self.uploaded = b""
        self.metadata: list[Any] = []

    @property
    def paths(self) -> list[str]:
        return [f"{r.method} {r.url.path}" for r in self.requests]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        assert request.headers["authorization"] == "Bearer at"
        is_json = "json" in request.headers.get("content-type", "")
        body = json.loads(request.content) if is_json else None
        path, method = request.url.path, request.method
        data: dict[str, Any]
        if method == "POST" and path == "/2/media/upload":
            self.uploaded = base64.b64decode(body["media"], validate=True)
            data = {"id": "1001", "media_key": "3_1001", "size": len(self.uploaded)}
            if self.upload_info:
                data["processing_info"] = self.upload_info
        elif path == "/2/media/upload/initialize":
            data = {"id": "2002", "media_key": "7_2002", "expires_after_secs": 86400}
        elif path == "/2/media/upload/2002/append":
            form = form_fields(request)
            self.segments[int(form["segment_index"])] = form["media"]
            return httpx.Response(200, json={"data": {"expires_at": 1_900_000_000}})
        elif path == "/2/media/upload/2002/finalize":
            data = {"id": "2002", "media_key": "7_2002", "size": self.total}
            if self.finalize_info:
                data["processing_info"] = self.finalize_info
        elif method == "GET" and path == "/2/media/upload":
            assert request.url.params["command"] == "STATUS"
            info = self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
            data = {"id": request.url.params["media_id"], "processing_info": info}
        elif path == "/2/media/metadata":
            self.metadata.append(body)
            if self.metadata_status != 200:
                problem = {"title": "Invalid Request", "detail": "bad alt"}
                return httpx.Response(self.metadata_status, json=problem)
            return httpx.Response(200, json={"data": {"id": body["id"]}})
        else:  # pragma: no cover - a bug in the flow
            raise AssertionError(f"unexpected {method} {path}")
        return httpx.Response(200, json={"data": data})

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.segments.values())

    @property
    def appended(self) -> bytes:
        return b"".join(self.segments[i] for i in sorted(self.segments))


def no_fetch(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"unexpected download of {request.url}")


def call(
    mode: str,
    name: str,
    args: dict[str, Any],
    api: Callable[[httpx.Request], httpx.Response],
    *,
    fetch: Callable[[httpx.Request], httpx.Response] = no_fetch,
    sleeps: list[float] | None = None,
    **options: Any,
) -> dict[str, Any]:
    """Run tool ``name`` through ``call_flow`` on the chosen driver, fake sleep."""
    spec = REGISTRY[name]
    data = parse_input(name, spec.input_model, args)
    ctx = CallContext(
        base_url="https://api.x.com", credentials=StaticCredentials("at"), **options
    )
    slept = sleeps if sleeps is not None else []
    api_t, fetch_t = httpx.MockTransport(api), httpx.MockTransport(fetch)
    if mode == "sync":
        with (
            httpx.Client(transport=api_t) as client,
            build_sync_fetch_client(10, transport=fetch_t) as fetcher,
        ):
            clients = SyncClients(client, lambda: fetcher)
            return run(call_flow(ctx, spec, data), clients, sleep=slept.append)

    async def main() -> dict[str, Any]:
        async with (
            httpx.AsyncClient(transport=api_t) as client,
            build_async_fetch_client(10, transport=fetch_t) as fetcher,
        ):

            async def sleep(seconds: float) -> None:
                slept.append(seconds)

            clients = AsyncClients(client, lambda: fetcher)
            return await arun(call_flow(ctx, spec, data), clients, sleep=sleep)

    return asyncio.run(main())


# -- one-shot uploads ---------------------------------------------------------


def test_base64_image_upload_with_alt_text(mode: str) -> None:
    fake = FakeX()
    result = call(
        mode,
        "twitter_media_upload_base64",
        {"media_data": b64(PNG), "media_type": "image/png", "alt_text": "A gradient"},
        fake,
    )
    assert fake.paths == ["POST /2/media/upload", "POST /2/media/metadata"]
    sent = json.loads(fake.requests[0].content)
    assert sent["media_category"] == "tweet_image" and sent["media_type"] == "image/png"
    assert fake.uploaded == PNG
    assert fake.metadata == [
        {"id": "1001", "metadata": {"alt_text": {"text": "A gradient"}}}
    ]
    assert result["data"]["id"] == "1001" and result["data"]["media_key"] == "3_1001"
    assert result["data"]["alt_text"] == "A gradient"
    assert result["data"]["media_category"] == "tweet_image"
    assert "errors" not in result


def test_data_url_is_accepted_and_typed(mode: str) -> None:
    fake = FakeX()
    call(
        mode,
        "twitter_media_upload_base64",
        {"media_data": f"data:image/jpeg;base64,{b64(JPEG)}"},
        fake,
    )
    assert fake.uploaded == JPEG
    assert json.loads(fake.requests[0].content)["media_type"] == "image/jpeg"


def test_local_file_upload_derives_type_and_category(mode: str, tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(JPEG)
    fake = FakeX()
    result = call(mode, "twitter_media_upload", {"media": str(path)}, fake)
    assert fake.uploaded == JPEG
    sent = json.loads(fake.requests[0].content)
    assert (sent["media_type"], sent["media_category"]) == ("image/jpeg", "tweet_image")
    assert result["data"]["size"] == len(JPEG)


def test_dm_category_is_kept(mode: str) -> None:
    fake = FakeX()
    call(
        mode, "twitter_media_upload", {"media": PNG, "media_category": "dm_image"}, fake
    )
    assert json.loads(fake.requests[0].content)["media_category"] == "dm_image"


def test_upload_from_url_uses_the_guarded_fetch(
    mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("xkit._urlcheck.resolve_host", lambda h, p: ["93.184.216.34"])
    downloads: list[httpx.Request] = []

    def cdn(request: httpx.Request) -> httpx.Response:
        downloads.append(request)
        return httpx.Response(200, content=PNG, headers={"Content-Type": "image/png"})

    fake = FakeX()
    result = call(
        mode,
        "twitter_media_upload",
        {"media": "https://cdn.example.com/cat.png"},
        fake,
        fetch=cdn,
    )
    assert [r.url.host for r in downloads] == ["93.184.216.34"]
    assert fake.uploaded == PNG and result["data"]["id"] == "1001"


def test_unsafe_url_is_refused_before_approval_and_network(mode: str) -> None:
    asked: list[ApprovalRequest] = []
    fake = FakeX()
    with pytest.raises(UnsafeUrl):
        call(
            mode,
            "twitter_media_upload",
            {"media": "http://169.254.169.254/x.png"},
            fake,
            approval=lambda r: asked.append(r) or True,
        )
    assert asked == [] and fake.requests == []


def test_processing_info_on_one_shot_is_polled(mode: str) -> None:
    fake = FakeX(
        upload_info={"state": "pending", "check_after_secs": 1},
        statuses=[{"state": "succeeded", "progress_percent": 100}],
    )
    sleeps: list[float] = []
    result = call(mode, "twitter_media_upload", {"media": PNG}, fake, sleeps=sleeps)
    assert sleeps == [1] and fake.paths[-1] == "GET /2/media/upload"
    assert result["data"]["processing_info"]["state"] == "succeeded"


# -- chunked uploads and processing (case 30) -----------------------------------


def test_large_gif_runs_the_chunked_flow(mode: str) -> None:
    fake = FakeX(
        finalize_info={"state": "pending", "check_after_secs": 2},
        statuses=[
            {"state": "in_progress", "check_after_secs": 3},
            {"state": "succeeded"},
        ],
    )
    sleeps: list[float] = []
    result = call(
        mode,
        "twitter_media_upload_large",
        {
            "media_data": b64(GIF),
            "media_type": "image/gif",
            "media_category": "tweet_gif",
            "alt_text": "Dancing",
        },
        fake,
        sleeps=sleeps,
    )
    assert fake.paths == [
        "POST /2/media/upload/initialize",
        "POST /2/media/upload/2002/append",
        "POST /2/media/upload/2002/finalize",
        "GET /2/media/upload",
        "GET /2/media/upload",
        "POST /2/media/metadata",
    ]
    init = json.loads(fake.requests[0].content)
    assert init == {
        "total_bytes": len(GIF),
        "media_type": "image/gif",
        "media_category": "tweet_gif",
    }
    assert fake.appended == GIF
    assert sleeps == [2, 3]  # check_after_secs honoured
    assert result["data"]["id"] == "2002"
    assert result["data"]["processing_info"]["state"] == "succeeded"


def test_gif_given_to_the_simple_tool_is_chunked(mode: str) -> None:
    fake = FakeX()
    result = call(mode, "twitter_media_upload", {"media": GIF}, fake)
    assert fake.paths[0] == "POST /2/media/upload/initialize"
    assert json.loads(fake.requests[0].content)["media_category"] == "tweet_gif"
    assert result["data"]["media_category"] == "tweet_gif"


def test_video_file_is_read_and_sent_in_bounded_chunks(
    mode: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "clip.mp4"
    size = 2 * CHUNK_SIZE + 12345
    with path.open("wb") as handle:
        handle.write(MP4_HEAD)
        handle.truncate(size)  # sparse: no need to write 8 MB
    reads: list[int] = []
    import xkit._media_api as media_module

    original = media_module.read_chunk

    def spy(p: str, offset: int, n: int) -> bytes:
        reads.append(n)
        return original(p, offset, n)

    monkeypatch.setattr(media_module, "read_chunk", spy)
    progress: list[tuple[int, int]] = []
    fake = FakeX(finalize_info={"state": "succeeded"})
    result = call(
        mode,
        "twitter_media_upload",
        {"media": str(path)},
        fake,
        progress=lambda sent, total: progress.append((sent, total)),
    )
    assert reads == [CHUNK_SIZE, CHUNK_SIZE, 12345]
    assert sorted(fake.segments) == [0, 1, 2]
    assert fake.appended == path.read_bytes()
    assert progress == [(CHUNK_SIZE, size), (2 * CHUNK_SIZE, size), (size, size)]
    init = json.loads(fake.requests[0].content)
    assert init["media_category"] == "tweet_video" and init["total_bytes"] == size
    assert result["data"]["media_type"] == "video/mp4"


# Bytes a naive multipart writer or reader could trip on.
TRICKY = b"\r\n--\r\n\r\n--boundary\x00\xff" * 100 + b"\r\n"


def test_append_sends_raw_chunks_as_multipart(mode: str, openapi: Any) -> None:
    video = MP4_HEAD + TRICKY
    fake = FakeX()
    call(
        mode,
        "twitter_media_upload_large",
        {
            "media_data": b64(video),
            "media_type": "video/mp4",
            "media_category": "tweet_video",
        },
        fake,
    )
    (append,) = [r for r in fake.requests if r.url.path.endswith("/append")]
    assert video in append.content  # raw, not base64
    assert int(append.headers["content-length"]) == len(append.content)
    form = form_fields(append)
    assert form == {"segment_index": b"0", "media": video}
    operation = openapi["paths"]["/2/media/upload/{id}/append"]["post"]
    assert "multipart/form-data" in operation["requestBody"]["content"]
    pattern = openapi["components"]["schemas"]["MediaSegments"]["oneOf"][1]
    assert re.fullmatch(pattern["pattern"], form["segment_index"].decode())


def test_append_retries_a_connect_error_with_the_whole_chunk(mode: str) -> None:
    fake = FakeX()
    failed: list[str] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/append") and not failed:
            failed.append(request.url.path)
            raise httpx.ConnectError("refused", request=request)
        return fake(request)

    sleeps: list[float] = []
    video = MP4_HEAD + TRICKY
    call(
        mode,
        "twitter_media_upload_large",
        {
            "media_data": b64(video),
            "media_type": "video/mp4",
            "media_category": "tweet_video",
        },
        flaky,
        sleeps=sleeps,
    )
    assert failed and len(sleeps) == 1
    assert fake.appended == video


def test_append_is_not_retried_once_sent(mode: str) -> None:
    fake = FakeX()

    def broken(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/append"):
            fake.requests.append(request)
            return httpx.Response(503, json={"title": "Service Unavailable"})
        return fake(request)

    with pytest.raises(xkit.OutcomeUnknown):
        call(mode, "twitter_media_upload", {"media": MP4_HEAD + TRICKY}, broken)
    assert fake.paths.count("POST /2/media/upload/2002/append") == 1


class Drain(httpx.BaseTransport):
    """Reads request bodies without keeping them, like a real socket."""

    def __init__(self) -> None:
        self.received = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.endswith("/append"):
            assert isinstance(request.stream, httpx.SyncByteStream)
            self.received += sum(len(piece) for piece in request.stream)
            return httpx.Response(200, json={"data": {"expires_at": 1}})
        request.read()
        if path.endswith("/initialize"):
            return httpx.Response(200, json={"data": {"id": "2002"}})
        return httpx.Response(200, json={"data": {"id": "2002", "size": 1}})


@pytest.fixture
def no_gc() -> Iterator[None]:
    """Only reference counting frees memory (cycles wait for the collector)."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def test_sent_chunks_are_not_kept(tmp_path: Path, no_gc: None) -> None:
    chunks = 8
    path = tmp_path / "clip.mp4"
    with path.open("wb") as handle:
        handle.write(MP4_HEAD)
        handle.truncate(chunks * CHUNK_SIZE)
    spec = REGISTRY["twitter_media_upload"]
    data = parse_input(spec.name, spec.input_model, {"media": str(path)})
    ctx = CallContext(base_url="https://api.x.com", credentials=StaticCredentials("t"))
    drain = Drain()
    tracemalloc.start()
    try:
        with httpx.Client(transport=drain) as client:
            run(call_flow(ctx, spec, data), SyncClients(client, lambda: client))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert 0 < drain.received - chunks * CHUNK_SIZE < 4096 * chunks  # + framing
    # One chunk read, a little framing: nowhere near the 8 chunks sent.
    assert peak < 2 * CHUNK_SIZE, f"peak {peak / MB:.1f} MB"


def test_multipart_request_describes_the_chunk_as_a_size() -> None:
    request = MultipartRequest(
        "POST",
        "/2/media/upload/1/append",
        fields=(("segment_index", "3"),),
        file_data=b"x" * 10,
    )
    assert request.describe("https://api.x.com") == {
        "method": "POST",
        "url": "https://api.x.com/2/media/upload/1/append",
        "multipart": {"segment_index": "3", "media": "<10 bytes>"},
    }
    built = request.to_httpx("https://api.x.com", "t")
    assert built.read() == built.read()  # the body is readable once, then kept
    assert form_fields(built) == {"segment_index": b"3", "media": b"x" * 10}


def test_failed_processing_raises(mode: str) -> None:
    fake = FakeX(
        finalize_info={"state": "in_progress", "check_after_secs": 1},
        statuses=[{"state": "failed", "error": {"message": "Unsupported codec"}}],
    )
    with pytest.raises(MediaProcessingFailed, match="Unsupported codec") as info:
        call(mode, "twitter_media_upload", {"media": GIF}, fake)
    assert info.value.media_id == "2002"
    assert "POST /2/media/metadata" not in fake.paths


def test_endless_processing_times_out(mode: str) -> None:
    fake = FakeX(
        finalize_info={"state": "pending", "check_after_secs": 7},
        statuses=[{"state": "in_progress", "check_after_secs": 7}],
    )
    sleeps: list[float] = []
    with pytest.raises(MediaProcessingTimeout, match="status_get") as info:
        call(
            mode,
            "twitter_media_upload",
            {"media": GIF, "alt_text": "x"},
            fake,
            sleeps=sleeps,
        )
    assert info.value.media_id == "2002"
    assert sum(sleeps) == MAX_PROCESSING_WAIT
    assert all(0 < s <= 7 for s in sleeps)
    assert "POST /2/media/metadata" not in fake.paths


@pytest.mark.parametrize("check_after", [0, -5, "soon", None, 1e9])
def test_odd_check_after_values_stay_bounded(mode: str, check_after: Any) -> None:
    fake = FakeX(
        finalize_info={"state": "pending", "check_after_secs": check_after},
        statuses=[{"state": "succeeded"}],
    )
    sleeps: list[float] = []
    call(mode, "twitter_media_upload", {"media": GIF}, fake, sleeps=sleeps)
    assert len(sleeps) == 1 and 1 <= sleeps[0] <= MAX_PROCESSING_WAIT


def test_alt_text_failure_keeps_the_media_id(mode: str) -> None:
    fake = FakeX(metadata_status=400)
    result = call(mode, "twitter_media_upload", {"media": PNG, "alt_text": "x"}, fake)
    assert result["data"]["id"] == "1001" and "alt_text" not in result["data"]
    assert result["errors"][0]["title"] == "Alt text not set"


def test_x_errors_are_typed(mode: str) -> None:
    def capped(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            429,
            json={
                "title": "UsageCapExceeded",
                "detail": "Usage cap exceeded",
                "type": "https://api.twitter.com/2/problems/usage-capped",
            },
        )

    with pytest.raises(UsageCapExceeded):
        call(mode, "twitter_media_upload", {"media": PNG}, capped)


# -- approval and dry run -----------------------------------------------------


def test_approval_sees_the_first_request_without_base64(mode: str) -> None:
    asked: list[ApprovalRequest] = []
    fake = FakeX()
    call(
        mode,
        "twitter_media_upload_base64",
        {"media_data": b64(PNG), "media_type": "image/png"},
        fake,
        approval=lambda r: asked.append(r) or True,
    )
    (request,) = asked
    assert request.tool == "twitter_media_upload_base64"
    assert request.request["url"] == "https://api.x.com/2/media/upload"
    assert request.request["json"]["media_category"] == "tweet_image"
    assert b64(PNG) not in json.dumps(request.request)
    assert b64(PNG) not in json.dumps(request.arguments)
    assert len(fake.requests) == 1


def test_rejected_approval_sends_nothing(mode: str) -> None:
    fake = FakeX()
    with pytest.raises(ApprovalDenied):
        call(
            mode,
            "twitter_media_upload",
            {"media": "https://cdn.example.com/a.png"},
            fake,
            approval=lambda r: False,
        )
    assert fake.requests == []


def test_dry_run_describes_the_first_request_only(mode: str) -> None:
    fake = FakeX()
    result = call(
        mode,
        "twitter_media_upload_large",
        {
            "media_data": b64(GIF),
            "media_type": "image/gif",
            "media_category": "tweet_gif",
        },
        fake,
        dry_run=True,
    )
    assert result == {
        "dry_run": True,
        "request": {
            "method": "POST",
            "url": "https://api.x.com/2/media/upload/initialize",
            "json": {
                "total_bytes": len(GIF),
                "media_type": "image/gif",
                "media_category": "tweet_gif",
            },
        },
    }
    assert fake.requests == []


def test_dry_run_with_url_downloads_nothing(mode: str) -> None:
    result = call(
        mode,
        "twitter_media_upload",
        {"media": "https://cdn.example.com/a.png"},
        FakeX(),
        dry_run=True,
    )
    assert result["request"]["json"]["media"].startswith("<downloaded from")


# -- input checks: sizes, types, base64 (case 39) ------------------------------


def test_image_over_5_mb_is_refused_before_sending(mode: str, tmp_path: Path) -> None:
    path = tmp_path / "big.png"
    with path.open("wb") as handle:
        handle.write(PNG)
        handle.truncate(5 * MB + 1)
    fake = FakeX()
    with pytest.raises(MediaError, match="at most 5 MB"):
        call(mode, "twitter_media_upload", {"media": str(path)}, fake)
    assert fake.requests == []


def test_the_bytes_decide_the_media_type(mode: str) -> None:
    fake = FakeX()
    result = call(
        mode, "twitter_media_upload", {"media": JPEG, "media_type": "image/png"}, fake
    )
    assert json.loads(fake.requests[0].content)["media_type"] == "image/jpeg"
    assert result["data"]["media_type"] == "image/jpeg"


def test_category_must_suit_the_bytes(mode: str) -> None:
    fake = FakeX()
    with pytest.raises(MediaError, match="does not take a video/mp4 file"):
        call(
            mode,
            "twitter_media_upload",
            {"media": MP4_HEAD + bytes(100), "media_category": "tweet_image"},
            fake,
        )
    assert fake.requests == []


@pytest.mark.parametrize(
    "data",
    [
        b"<html><script>x</script></html>",
        b"\x7fELF\x02\x01" + b"\x00" * 40,
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    ],
)
def test_non_media_bytes_are_refused(mode: str, data: bytes) -> None:
    fake = FakeX()
    with pytest.raises(MediaError, match="not a supported file"):
        call(
            mode,
            "twitter_media_upload_base64",
            {"media_data": b64(data), "media_type": "image/png"},
            fake,
        )
    assert fake.requests == []


def test_missing_file_is_a_media_error(mode: str, tmp_path: Path) -> None:
    with pytest.raises(MediaError, match="Could not open"):
        call(
            mode, "twitter_media_upload", {"media": str(tmp_path / "nope.png")}, FakeX()
        )


def test_directory_is_not_a_media_file(mode: str, tmp_path: Path) -> None:
    with pytest.raises(MediaError):
        call(mode, "twitter_media_upload", {"media": str(tmp_path)}, FakeX())


def test_subtitles_are_accepted_when_declared(mode: str) -> None:
    fake = FakeX()
    vtt = b"WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n"
    call(
        mode,
        "twitter_media_upload_base64",
        {"media_data": b64(vtt), "media_type": "text/vtt"},
        fake,
    )
    sent = json.loads(fake.requests[0].content)
    assert sent["media_category"] == "subtitles" and fake.uploaded == vtt


@pytest.mark.parametrize(
    "args",
    [
        {"media_data": "iVBO!!!!", "media_type": "image/png"},
        {"media_data": "iVBORw0KGgo", "media_type": "image/png"},  # bad padding
        {"media_data": f"data:image/gif;base64,{b64(PNG)}", "media_type": "image/png"},
        {"media_data": "A" * (4 * -(-15 * MB // 3) + 4), "media_type": "image/png"},
    ],
)
def test_bad_base64_is_rejected_before_decoding(args: dict[str, Any]) -> None:
    spec = REGISTRY["twitter_media_upload_base64"]
    with pytest.raises(ValidationFailed):
        parse_input(spec.name, spec.input_model, args)


@pytest.mark.parametrize(
    ("text", "limit"),
    [("iVBO!!!!", 100), ("iVBORw0KGgo", 100), ("A" * 140, 100), ("", 100)],
)
def test_decode_base64_checks(text: str, limit: int) -> None:
    if text == "":
        assert decode_base64(text, limit) == b""
        return
    with pytest.raises(MediaError):
        decode_base64(text, limit)


def test_decode_base64_valid_input_gives_exact_bytes() -> None:
    data = bytes(range(256)) * 3
    wrapped = "\n".join(b64(data)[i : i + 76] for i in range(0, 1024, 76))
    assert decode_base64(wrapped, len(data)) == data


# -- through the Toolkit --------------------------------------------------------


def test_toolkit_uploads_through_the_registered_flow(invoke: Any) -> None:
    fake = FakeX()
    toolkit = xkit.Toolkit(access_token="at", transport=httpx.MockTransport(fake))
    result = invoke(
        toolkit,
        "twitter_media_upload_base64",
        {"media_data": b64(PNG), "media_type": "image/png", "alt_text": "x"},
    )
    assert result["data"]["id"] == "1001"
    assert fake.paths == ["POST /2/media/upload", "POST /2/media/metadata"]


# -- against the sandbox ---------------------------------------------------------


def sandbox_call(
    mode: str,
    toolkit: xkit.Toolkit,
    name: str,
    args: dict[str, Any],
    sleeps: list[float],
) -> dict[str, Any]:
    """Drive ``name`` on the sandbox; the fake sleep moves the sandbox clock."""
    sandbox = toolkit.sandbox
    assert sandbox is not None
    spec = REGISTRY[name]
    data = parse_input(name, spec.input_model, args)
    flow = call_flow(toolkit.context, spec, data)

    def nap(seconds: float) -> None:
        sleeps.append(seconds)
        sandbox.clock.advance(seconds)

    if mode == "sync":
        with httpx.Client(transport=sandbox.transport()) as client:
            clients = SyncClients(client, lambda: client)
            return run(flow, clients, sleep=nap)

    async def main() -> dict[str, Any]:
        async with httpx.AsyncClient(transport=sandbox.transport()) as client:

            async def sleep(seconds: float) -> None:
                nap(seconds)

            return await arun(flow, AsyncClients(client, lambda: client), sleep=sleep)

    return asyncio.run(main())


def test_sandbox_sample_image_from_url_then_post(mode: str) -> None:
    toolkit = xkit.Toolkit(sandbox=True)
    assert toolkit.sandbox is not None
    url = f"{toolkit.sandbox.base_url}/sandbox/media/sample.png"
    sleeps: list[float] = []
    result = sandbox_call(
        mode,
        toolkit,
        "twitter_media_upload",
        {"media": url, "alt_text": "A gradient"},
        sleeps,
    )
    media_id = result["data"]["id"]
    assert result["data"]["media_type"] == "image/png" and sleeps == []
    assert result["data"]["alt_text"] == "A gradient"
    post = toolkit.call(
        "twitter_post_create", {"text": "Sunset", "media.media_ids": [media_id]}
    )
    assert post["data"]["id"]


def test_sandbox_gif_is_chunked_and_processed(mode: str) -> None:
    toolkit = xkit.Toolkit(sandbox=True)
    assert toolkit.sandbox is not None
    url = f"{toolkit.sandbox.base_url}/sandbox/media/sample.gif"
    sleeps: list[float] = []
    result = sandbox_call(mode, toolkit, "twitter_media_upload", {"media": url}, sleeps)
    assert result["data"]["processing_info"]["state"] == "succeeded"
    assert result["data"]["media_category"] == "tweet_gif"
    assert sleeps and all(s >= 1 for s in sleeps)


def test_sandbox_large_video_upload(mode: str) -> None:
    toolkit = xkit.Toolkit(sandbox=True)
    video = MP4_HEAD + bytes(CHUNK_SIZE + 1000)
    sleeps: list[float] = []
    progress: list[tuple[int, int]] = []
    toolkit.context.progress = lambda sent, total: progress.append((sent, total))
    result = sandbox_call(
        mode,
        toolkit,
        "twitter_media_upload_large",
        {
            "media_data": b64(video),
            "media_type": "video/mp4",
            "media_category": "tweet_video",
        },
        sleeps,
    )
    assert result["data"]["processing_info"]["state"] == "succeeded"
    assert result["data"]["size"] == len(video)
    assert progress[-1] == (len(video), len(video)) and len(progress) == 2


def test_sandbox_takes_multipart_chunks_byte_exact(mode: str) -> None:
    toolkit = xkit.Toolkit(sandbox=True)
    video = MP4_HEAD + TRICKY * (CHUNK_SIZE // len(TRICKY) + 2)
    result = sandbox_call(
        mode,
        toolkit,
        "twitter_media_upload_large",
        {
            "media_data": b64(video),
            "media_type": "video/mp4",
            "media_category": "tweet_video",
        },
        [],
    )
    assert result["data"]["size"] == len(video)  # the sandbox checks the sum
    assert result["data"]["processing_info"]["state"] == "succeeded"


def test_approval_shows_raw_bytes_as_a_size(mode: str) -> None:
    asked: list[ApprovalRequest] = []
    call(
        mode,
        "twitter_media_upload",
        {"media": PNG, "alt_text": "x"},
        FakeX(),
        approval=lambda r: asked.append(r) or True,
    )
    (request,) = asked
    assert request.arguments == {"media": f"<{len(PNG)} bytes>", "alt_text": "x"}
    json.dumps(request.arguments)  # JSON-able for approval UIs
