"""Downloading media from a URL chosen by a model, safely.

:func:`fetch_media` is a flow (see :mod:`xkit._steps`): it validates the URL
and pins it to a public address (:mod:`xkit._urlcheck`), sends one GET through
the guarded fetch client with redirects off, re-validates every redirect hop
(at most :data:`MAX_REDIRECTS`), caps the decoded body and the total time, and
tells the media type from the bytes (:mod:`xkit._sniff`).

One exception: a URL on the configured API origin itself (the sandbox serves
sample images there) skips the address checks and goes through the API client,
without credentials.

The fetch clients ignore proxy environment variables (``trust_env=False``),
never reuse connections (a pooled TLS session must not serve another host
name), refuse any request that is not pinned to a public IP, and refuse a
declared ``Content-Length`` over the cap before the body is read.
"""

from __future__ import annotations

import asyncio
import ipaddress
import time
import weakref
from dataclasses import dataclass

import httpx

from . import _urlcheck
from ._errors import MediaError, UnsafeUrl
from ._executor import CallContext
from ._sniff import ALLOWED_TYPES, sniff_media_type
from ._steps import Call, Flow, ReadLimits, Send
from ._urlcheck import (
    DEFAULT_PORTS,
    ParsedUrl,
    Resolver,
    ValidatedTarget,
    check_url,
    is_public_address,
    parse_url,
    pin,
)

__all__ = [
    "FETCH_DEADLINE",
    "MAX_REDIRECTS",
    "FetchedMedia",
    "ValidatedTarget",
    "async_fetch_client",
    "build_async_fetch_client",
    "build_sync_fetch_client",
    "check_url",
    "fetch_media",
    "is_api_origin",
    "sync_fetch_client",
]

MAX_REDIRECTS = 3
FETCH_DEADLINE = 60.0
"""Seconds for a whole download, redirects included."""
_REDIRECTS = (301, 302, 303, 307, 308)
_MAX_BYTES_KEY = "xkit_max_bytes"


@dataclass(frozen=True, slots=True)
class FetchedMedia:
    """A downloaded media file whose type was read from its bytes."""

    data: bytes
    media_type: str
    url: str
    """The URL the bytes finally came from (after redirects)."""

    @property
    def size(self) -> int:
        return len(self.data)


# -- the guarded clients ------------------------------------------------------


def _check_request(request: httpx.Request) -> None:
    """Last line of defence: only pinned requests to public IPs may leave."""
    try:
        address = ipaddress.ip_address(request.url.host)
    except ValueError:
        address = None
    pinned = request.extensions.get("xkit_pinned") is True
    if not pinned or address is None or not is_public_address(address):
        raise UnsafeUrl(
            "Refused to download media: the request was not pinned to a validated "
            "public address. Use a public http(s) URL."
        )


def _check_length(response: httpx.Response) -> None:
    """Refuse a body whose declared length is over the cap, before reading it."""
    limit = response.request.extensions.get(_MAX_BYTES_KEY)
    declared = response.headers.get("content-length", "")
    if limit is not None and declared.isdigit() and int(declared) > limit:
        raise MediaError(
            f"The media at that URL is {int(declared)} bytes, over the {limit}-byte "
            "limit for this upload; nothing was downloaded. Use a smaller file."
        )


async def _acheck_request(request: httpx.Request) -> None:
    _check_request(request)


async def _acheck_length(response: httpx.Response) -> None:
    _check_length(response)


def _limits() -> httpx.Limits:
    return httpx.Limits(max_connections=10, max_keepalive_connections=0)


def build_sync_fetch_client(
    timeout: float, *, transport: httpx.BaseTransport | None = None
) -> httpx.Client:
    """A new guarded sync client (``transport`` is for tests)."""
    return httpx.Client(
        transport=transport,
        timeout=timeout,
        trust_env=False,
        follow_redirects=False,
        limits=_limits(),
        event_hooks={"request": [_check_request], "response": [_check_length]},
    )


def build_async_fetch_client(
    timeout: float, *, transport: httpx.AsyncBaseTransport | None = None
) -> httpx.AsyncClient:
    """A new guarded async client (``transport`` is for tests)."""
    return httpx.AsyncClient(
        transport=transport,
        timeout=timeout,
        trust_env=False,
        follow_redirects=False,
        limits=_limits(),
        event_hooks={"request": [_acheck_request], "response": [_acheck_length]},
    )


_sync_clients: dict[float, httpx.Client] = {}
_async_clients: weakref.WeakKeyDictionary[
    asyncio.AbstractEventLoop, dict[float, httpx.AsyncClient]
] = weakref.WeakKeyDictionary()


def sync_fetch_client(timeout: float) -> httpx.Client:
    """The shared guarded sync client for ``timeout`` (created on first use)."""
    client = _sync_clients.get(timeout)
    if client is None or client.is_closed:
        client = _sync_clients[timeout] = build_sync_fetch_client(timeout)
    return client


def async_fetch_client(timeout: float) -> httpx.AsyncClient:
    """The guarded async client for ``timeout`` on the running event loop."""
    per_loop = _async_clients.setdefault(asyncio.get_running_loop(), {})
    client = per_loop.get(timeout)
    if client is None or client.is_closed:
        client = per_loop[timeout] = build_async_fetch_client(timeout)
    return client


# -- the flow -----------------------------------------------------------------


def _origin(url: httpx.URL) -> tuple[str, str, int]:
    default = 443 if url.scheme == "https" else 80
    return url.scheme, url.host.lower().rstrip("."), url.port or default


def _api_port(base_url: str) -> int | None:
    try:
        return _origin(httpx.URL(base_url))[2]
    except httpx.InvalidURL:
        return None


def is_api_origin(url: str, base_url: str) -> bool:
    """Whether ``url`` is on the API origin itself (scheme, host and port)."""
    try:
        return _origin(httpx.URL(url)) == _origin(httpx.URL(base_url))
    except httpx.InvalidURL:
        return False


def _validate(
    url: str, ports: frozenset[int], resolve: Resolver | None
) -> Flow[ValidatedTarget]:
    """Check ``url`` and resolve it once, off the event loop."""
    parsed: ParsedUrl = parse_url(url, ports=ports)
    if parsed.literal is not None:
        return pin(parsed, ())
    resolver = resolve or _urlcheck.resolve_host
    try:
        addresses = yield Call(resolver, (parsed.host, parsed.port), blocking=True)
    except OSError:
        raise UnsafeUrl(
            f"Refused to download media from {url!r}: the host name does not "
            "resolve. Check the URL."
        ) from None
    return pin(parsed, addresses)


def _download_failed(why: str) -> MediaError:
    return MediaError(f"Could not download the media: {why}.")


def fetch_media(
    ctx: CallContext,
    url: str,
    *,
    max_bytes: int,
    resolve: Resolver | None = None,
    deadline: float = FETCH_DEADLINE,
) -> Flow[FetchedMedia]:
    """Download ``url`` (at most ``max_bytes`` decoded, ``deadline`` seconds in all).

    Raises :class:`UnsafeUrl` for a refused URL or redirect and
    :class:`MediaError` for a failed, oversized, slow or non-media download.
    """
    ports = DEFAULT_PORTS | {p for p in (_api_port(ctx.base_url),) if p}
    started = time.monotonic()
    current = url
    for hop in range(MAX_REDIRECTS + 1):
        left = deadline - (time.monotonic() - started)
        if left <= 0:
            raise _download_failed(f"it took longer than {deadline:.0f} s")
        limits = ReadLimits(max_bytes=max_bytes, deadline=left)
        timeout = min(ctx.timeout, left)
        if is_api_origin(current, ctx.base_url):
            request = httpx.Request(
                "GET",
                current,
                headers={"User-Agent": "xkit"},
                extensions={"timeout": httpx.Timeout(timeout).as_dict()},
            )
            step = Send(request, via="api", limits=limits)
        else:
            target = yield from _validate(current, frozenset(ports), resolve)
            request = target.request(timeout)
            request.extensions[_MAX_BYTES_KEY] = max_bytes
            step = Send(request, via="fetch", limits=limits)
        try:
            response = yield step
        except httpx.TimeoutException:
            raise _download_failed("the server did not answer in time") from None
        except httpx.HTTPError as exc:
            why = f"the connection failed ({type(exc).__name__})"
            raise _download_failed(why) from None
        if response.status_code in _REDIRECTS and "location" in response.headers:
            if hop == MAX_REDIRECTS:
                raise UnsafeUrl(
                    f"Refused to download media from {url!r}: more than "
                    f"{MAX_REDIRECTS} redirects. Use the final URL of the file."
                )
            base = httpx.URL(current)
            try:
                current = str(base.join(response.headers["location"]))
            except (httpx.InvalidURL, ValueError):
                raise _download_failed("the server sent an invalid redirect") from None
            continue
        return _finish(response, current, max_bytes, deadline)
    raise AssertionError("unreachable")  # pragma: no cover


def _finish(
    response: httpx.Response, url: str, max_bytes: int, deadline: float
) -> FetchedMedia:
    stopped = response.extensions.get("xkit_stopped")
    if stopped == "max_bytes":
        raise MediaError(
            f"The media at that URL is larger than the {max_bytes}-byte limit for "
            "this upload; the download was stopped. Use a smaller file."
        )
    if stopped == "deadline":
        raise _download_failed(f"it took longer than {deadline:.0f} s")
    if not 200 <= response.status_code < 300:
        raise _download_failed(f"the server answered HTTP {response.status_code}")
    data = response.content
    media_type = sniff_media_type(data[:32])
    if media_type is None:
        kinds = ", ".join(t.split("/")[1].upper() for t in ALLOWED_TYPES)
        raise MediaError(
            "The file at that URL is not a supported image or video (its bytes "
            f"are not {kinds}). Use a URL of the media file itself."
        )
    return FetchedMedia(data, media_type, url)
