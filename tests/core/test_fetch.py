"""The guarded media download: SSRF cases 32-38 of security.md, offline."""

from __future__ import annotations

import asyncio
import ipaddress
import zlib
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xkit import MediaError, StaticCredentials
from xkit._drivers import AsyncClients, SyncClients, arun, run
from xkit._errors import UnsafeUrl
from xkit._executor import CallContext
from xkit._fetch import (
    FetchedMedia,
    build_async_fetch_client,
    build_sync_fetch_client,
    check_url,
    fetch_media,
    sync_fetch_client,
)
from xkit._sniff import sniff_media_type
from xkit._urlcheck import is_public_address

PUBLIC_IP = "93.184.216.34"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
GIF = b"GIF89a" + b"\x00" * 64
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 64
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64
MB = 1024 * 1024


# -- helpers ------------------------------------------------------------------


class Stream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body for both clients, produced lazily from ``chunks``."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self.chunks = iter(chunks)
        self.produced = 0

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.chunks:
            self.produced += len(chunk)
            yield chunk

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self:
            yield chunk


class Resolver:
    """A stub DNS: answers from a list, one answer per lookup."""

    def __init__(self, *answers: list[str]) -> None:
        self.answers = list(answers)
        self.calls: list[tuple[str, int]] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.calls.append((host, port))
        return self.answers[min(len(self.calls), len(self.answers)) - 1]


def public() -> Resolver:
    return Resolver([PUBLIC_IP])


def context(base_url: str = "https://api.x.com") -> CallContext:
    return CallContext(base_url=base_url, credentials=StaticCredentials("secret-at"))


Handler = Callable[[httpx.Request], httpx.Response]


def refuse(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"unexpected request to {request.url}")


class Net:
    """Records every request each client sends."""

    def __init__(self, fetch: Handler = refuse, api: Handler = refuse) -> None:
        self.fetched: list[httpx.Request] = []
        self.api_calls: list[httpx.Request] = []
        self._fetch, self._api = fetch, api

    def fetch(self, request: httpx.Request) -> httpx.Response:
        self.fetched.append(request)
        return self._fetch(request)

    def api(self, request: httpx.Request) -> httpx.Response:
        self.api_calls.append(request)
        return self._api(request)


def drive(mode: str, flow: Any, net: Net) -> Any:
    fetch_t, api_t = httpx.MockTransport(net.fetch), httpx.MockTransport(net.api)
    if mode == "sync":
        with (
            httpx.Client(transport=api_t) as api,
            build_sync_fetch_client(10, transport=fetch_t) as fetcher,
        ):
            return run(flow, SyncClients(api, lambda: fetcher), sleep=lambda s: None)

    async def main() -> Any:
        async with (
            httpx.AsyncClient(transport=api_t) as api,
            build_async_fetch_client(10, transport=fetch_t) as fetcher,
        ):

            async def sleep(seconds: float) -> None:
                return None

            return await arun(flow, AsyncClients(api, lambda: fetcher), sleep=sleep)

    return asyncio.run(main())


def fetch(
    mode: str,
    url: str,
    net: Net,
    resolver: Resolver | None = None,
    max_bytes: int = 5 * MB,
    **kw: Any,
) -> FetchedMedia:
    flow = fetch_media(
        context(**kw), url, max_bytes=max_bytes, resolve=resolver or public()
    )
    result = drive(mode, flow, net)
    assert isinstance(result, FetchedMedia)
    return result


def serve(body: bytes = PNG, **headers: str) -> Handler:
    return lambda request: httpx.Response(200, content=body, headers=headers)


# -- case 32: refused before any connect -----------------------------------------

REFUSED = [
    "file:///etc/passwd",
    "gopher://example.com/",
    "http://127.0.0.1/a.png",
    "http://[::1]/a.png",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.100.100.200/latest/meta-data/",
    "http://0x7f.1/",
    "http://2130706433/",
    "http://017700000001/",
    "http://127.1/",
    "http://[::ffff:127.0.0.1]/",
    "http://[64:ff9b::7f00:1]/",
    "http://[2002:7f00:1::]/",
    "http://[::7f00:1]/",
    "http://[fec0::1]/",
    "http://localhost./",
    "http://localhost/",
    "http://foo.localhost/",
    "http://metadata.google.internal/",
    "http://metadata/",
    "https://x.com@127.0.0.1/",
    "https://user:pw@example.com/a.png",
    "http://example.com:6379/",
    "https://example.com:8443/a.png",
    "ftp://example.com/a.png",
    "data:image/png;base64,AAAA",
    "not a url",
]


@pytest.mark.parametrize("url", REFUSED)
def test_check_url_refuses_before_resolving(url: str) -> None:
    resolver = Resolver(["127.0.0.1"])
    with pytest.raises(UnsafeUrl) as info:
        check_url(url, resolver)
    assert resolver.calls == []
    assert "Refused to download media" in str(info.value)


@pytest.mark.parametrize("url", REFUSED)
def test_fetch_refused_urls_never_connect(mode: str, url: str) -> None:
    net = Net(fetch=serve())
    with pytest.raises(UnsafeUrl):
        fetch(mode, url, net, resolver=Resolver(["127.0.0.1"]))
    assert net.fetched == [] and net.api_calls == []


@pytest.mark.parametrize(
    "answer",
    [["10.0.0.7"], ["192.168.1.1"], ["::1"], [PUBLIC_IP, "127.0.0.1"], ["fe80::1"], []],
)
def test_host_resolving_to_any_private_address_is_refused(answer: list[str]) -> None:
    with pytest.raises(UnsafeUrl):
        check_url("https://images.example.com/a.png", Resolver(answer))


def test_resolver_failure_is_refused(mode: str) -> None:
    def broken(host: str, port: int) -> list[str]:
        raise OSError("no such host")

    net = Net(fetch=serve())
    with pytest.raises(UnsafeUrl, match="does not resolve"):
        drive(
            mode,
            fetch_media(
                context(), "https://nx.example/a.png", max_bytes=MB, resolve=broken
            ),
            net,
        )
    assert net.fetched == []


NON_GLOBAL_V4 = [
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.0.0.0/24",
    "192.0.2.0/24",
    "192.168.0.0/16",
    "198.18.0.0/15",
    "198.51.100.0/24",
    "203.0.113.0/24",
    "224.0.0.0/4",
    "240.0.0.0/4",
]
NON_GLOBAL_V6 = ["::1/128", "::/128", "fc00::/7", "fe80::/10", "ff00::/8", "fec0::/10"]


def _encodings(ip: ipaddress.IPv4Address) -> list[str]:
    n = int(ip)
    octets = str(ip).split(".")
    return [
        str(ip),
        str(n),
        hex(n),
        ".".join(f"0{int(o):o}" for o in octets),
        f"{octets[0]}.{n & 0xFFFFFF}",
        f"[::ffff:{ip}]",
        f"[64:ff9b::{ip}]",
        f"[2002:{n >> 16:x}:{n & 0xFFFF:x}::1]",
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(NON_GLOBAL_V4).flatmap(lambda net: st.ip_addresses(network=net)),
    st.integers(0, 7),
)
def test_non_global_ipv4_refused_in_every_encoding(
    ip: ipaddress.IPv4Address, which: int
) -> None:
    host = _encodings(ip)[which]
    with pytest.raises(UnsafeUrl):
        check_url(f"http://{host}/x.png", Resolver([PUBLIC_IP]))
    with pytest.raises(UnsafeUrl):  # and as a DNS answer
        check_url("http://cdn.example.com/x.png", Resolver([str(ip)]))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(NON_GLOBAL_V6).flatmap(lambda net: st.ip_addresses(network=net)))
def test_non_global_ipv6_refused(ip: ipaddress.IPv6Address) -> None:
    with pytest.raises(UnsafeUrl):
        check_url(f"http://[{ip}]/x.png")
    with pytest.raises(UnsafeUrl):
        check_url("http://cdn.example.com/x.png", Resolver([str(ip)]))


@pytest.mark.parametrize("ip", [PUBLIC_IP, "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are_accepted_and_pinned(ip: str) -> None:
    target = check_url("https://cdn.example.com/a.png?s=1", Resolver([ip]))
    assert target.address == ipaddress.ip_address(ip)
    request = target.request(5)
    assert request.url.host == ip
    assert request.url.path == "/a.png" and request.url.query == b"s=1"
    assert request.headers["host"] == "cdn.example.com"
    assert request.extensions["sni_hostname"] == "cdn.example.com"
    assert is_public_address(ipaddress.ip_address(ip))


# -- case 34: DNS rebinding -------------------------------------------------------


def test_dns_rebinding_connects_only_to_the_validated_ip(mode: str) -> None:
    rebinding = Resolver([PUBLIC_IP], ["127.0.0.1"])
    net = Net(fetch=serve(PNG))
    got = fetch(mode, "https://rebind.example/cat.png", net, resolver=rebinding)
    assert got.data == PNG and got.media_type == "image/png"
    assert [r.url.host for r in net.fetched] == [PUBLIC_IP]
    assert net.fetched[0].headers["host"] == "rebind.example"
    assert net.fetched[0].extensions["sni_hostname"] == "rebind.example"
    assert len(rebinding.calls) == 1  # resolved once, never again for the connect

    with pytest.raises(UnsafeUrl):  # the second answer is checked, not trusted
        fetch(mode, "https://rebind.example/cat.png", net, resolver=rebinding)
    assert len(net.fetched) == 1


def test_fetch_client_refuses_unpinned_requests() -> None:
    net = Net(fetch=serve())
    with build_sync_fetch_client(5, transport=httpx.MockTransport(net.fetch)) as c:
        with pytest.raises(UnsafeUrl):
            c.get("https://example.com/a.png")
        with pytest.raises(UnsafeUrl):  # pinned, but to a private address
            c.send(
                httpx.Request(
                    "GET", "http://10.0.0.1/", extensions={"xkit_pinned": True}
                )
            )
    assert net.fetched == []


# -- case 33: redirects -----------------------------------------------------------


def redirects(*locations: str, final: bytes = PNG) -> Handler:
    hops = iter(locations)

    def handler(request: httpx.Request) -> httpx.Response:
        location = next(hops, None)
        if location is None:
            return httpx.Response(200, content=final)
        return httpx.Response(302, headers={"Location": location})

    return handler


def test_redirect_to_metadata_address_is_blocked_at_hop_two(mode: str) -> None:
    net = Net(fetch=redirects("http://169.254.169.254/latest/meta-data/"))
    with pytest.raises(UnsafeUrl):
        fetch(mode, "https://images.example/a.png", net)
    assert len(net.fetched) == 1


def test_redirect_to_host_resolving_private_is_blocked(mode: str) -> None:
    resolver = Resolver([PUBLIC_IP], ["10.1.2.3"])
    net = Net(fetch=redirects("https://internal.example/admin"))
    with pytest.raises(UnsafeUrl):
        fetch(mode, "https://images.example/a.png", net, resolver=resolver)
    assert len(net.fetched) == 1 and len(resolver.calls) == 2


def test_three_redirects_are_followed_and_revalidated(mode: str) -> None:
    resolver = public()
    net = Net(fetch=redirects("/b.png", "https://cdn2.example/c.png", "d.png"))
    got = fetch(mode, "https://images.example/a.png", net, resolver=resolver)
    assert got.data == PNG and got.url == "https://cdn2.example/d.png"
    assert [r.headers["host"] for r in net.fetched] == [
        "images.example",
        "images.example",
        "cdn2.example",
        "cdn2.example",
    ]
    assert len(resolver.calls) == 4


def test_more_than_three_redirects_are_blocked(mode: str) -> None:
    net = Net(fetch=redirects("/1", "/2", "/3", "/4"))
    with pytest.raises(UnsafeUrl, match="more than 3 redirects"):
        fetch(mode, "https://images.example/a.png", net)
    assert len(net.fetched) == 4


# -- case 35: proxies ---------------------------------------------------------------


def test_proxy_environment_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "https_proxy"):
        monkeypatch.setenv(name, "http://proxy.attacker.example:3128")
    for client in (build_sync_fetch_client(5), sync_fetch_client(7.5)):
        assert client.trust_env is False
        url = httpx.URL(f"https://{PUBLIC_IP}/a.png")
        assert client._transport_for_url(url) is client._transport
    async_client = build_async_fetch_client(5)
    assert async_client.trust_env is False
    assert async_client._transport_for_url(url) is async_client._transport
    build_sync_fetch_client(5).close()


def test_shared_sync_client_is_cached() -> None:
    assert sync_fetch_client(12.0) is sync_fetch_client(12.0)


# -- case 36: size caps -------------------------------------------------------------


def test_huge_content_length_is_refused_before_reading(mode: str) -> None:
    body = Stream(PNG for _ in range(10**9))
    net = Net(
        fetch=lambda r: httpx.Response(
            200, headers={"Content-Length": str(10 * 1024**3)}, stream=body
        )
    )
    with pytest.raises(MediaError, match="nothing was downloaded"):
        fetch(mode, "https://images.example/big.png", net)
    assert body.produced == 0


def test_chunked_body_over_the_cap_is_aborted(mode: str) -> None:
    chunk = 64 * 1024
    body = Stream([PNG, *(b"\x00" * chunk for _ in range(96))])  # ~6 MB
    net = Net(fetch=lambda r: httpx.Response(200, stream=body))
    with pytest.raises(MediaError, match="larger than the 5242880-byte limit"):
        fetch(mode, "https://images.example/big.png", net)
    assert body.produced <= 5 * MB + 2 * chunk


def _gzip_bomb(total: int) -> Iterator[bytes]:
    """A gzip stream of ``total`` bytes, produced lazily in small pieces."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    yield packer.compress(PNG)
    zeros = b"\x00" * MB
    for _ in range(total // MB):
        out = packer.compress(zeros)
        for i in range(0, len(out), 512):
            yield out[i : i + 512]
    yield packer.flush()


def test_gzip_bomb_is_stopped_by_the_decoded_cap(mode: str) -> None:
    body = Stream(_gzip_bomb(1024 * MB))  # ~1 MB of gzip inflating to 1 GB
    net = Net(
        fetch=lambda r: httpx.Response(
            200, headers={"Content-Encoding": "gzip"}, stream=body
        )
    )
    with pytest.raises(MediaError, match="larger than"):
        fetch(mode, "https://images.example/bomb.png", net)
    assert body.produced < 64 * 1024  # stopped after ~5 MB decoded


def test_fetch_asks_for_uncompressed_bodies(mode: str) -> None:
    net = Net(fetch=serve(JPEG))
    fetch(mode, "https://images.example/a.jpg", net)
    assert net.fetched[0].headers["accept-encoding"] == "identity"


# -- case 37: overall deadline ---------------------------------------------------


def test_slow_drip_is_stopped_at_the_overall_deadline(
    mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [0.0]
    clock = SimpleNamespace(monotonic=lambda: now[0])
    monkeypatch.setattr("xkit._drivers.time", clock)
    monkeypatch.setattr("xkit._fetch.time", clock)

    def drip() -> Iterator[bytes]:
        yield PNG[:1]
        for _ in range(10_000):  # one byte per (fake) second, for hours
            now[0] += 1.0
            yield b"\x00"

    body = Stream(drip())
    net = Net(fetch=lambda r: httpx.Response(200, stream=body))
    flow = fetch_media(
        context(),
        "https://slow.example/a.png",
        max_bytes=MB,
        resolve=public(),
        deadline=30,
    )
    with pytest.raises(MediaError, match="longer than 30 s"):
        drive(mode, flow, net)
    assert body.produced <= 32


def test_connect_failure_is_a_media_error(mode: str) -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(MediaError, match="connection failed"):
        fetch(mode, "https://images.example/a.png", Net(fetch=down))


def test_http_error_status_is_a_media_error(mode: str) -> None:
    net = Net(fetch=lambda r: httpx.Response(404, content=b"<html>missing</html>"))
    with pytest.raises(MediaError, match="HTTP 404"):
        fetch(mode, "https://images.example/a.png", net)


# -- case 38: magic bytes ------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b"<!doctype html><html><body>hi</body></html>",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>',
        b"\x7fELF\x02\x01\x01" + b"\x00" * 64,
        b"%PDF-1.7\n" + b"\x00" * 64,
        b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64,
        b"",
    ],
)
def test_declared_png_that_is_not_media_is_rejected(mode: str, body: bytes) -> None:
    net = Net(fetch=serve(body, **{"Content-Type": "image/png"}))
    with pytest.raises(MediaError, match="not a supported image or video"):
        fetch(mode, "https://images.example/a.png", net)


@pytest.mark.parametrize(
    ("body", "media_type"),
    [
        (JPEG, "image/jpeg"),
        (PNG, "image/png"),
        (GIF, "image/gif"),
        (WEBP, "image/webp"),
        (MP4, "video/mp4"),
    ],
)
def test_media_type_comes_from_the_bytes(
    mode: str, body: bytes, media_type: str
) -> None:
    net = Net(fetch=serve(body, **{"Content-Type": "text/html"}))
    got = fetch(mode, "https://images.example/file", net)
    assert (got.media_type, got.data, got.size) == (media_type, body, len(body))


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=64))
def test_sniffing_never_raises(data: bytes) -> None:
    assert sniff_media_type(data) in (
        None,
        "image/jpeg",
        "image/png",
        "image/gif",
        "image/webp",
        "video/mp4",
    )


# -- the API origin exception ----------------------------------------------------


def test_api_origin_is_fetched_through_the_api_client(mode: str) -> None:
    resolver = Resolver(["127.0.0.1"])
    net = Net(api=serve(PNG))
    got = fetch(
        mode,
        "http://localhost:8000/static/sample.png",
        net,
        resolver=resolver,
        base_url="http://localhost:8000",
    )
    assert got.media_type == "image/png"
    assert len(net.api_calls) == 1 and net.fetched == [] and resolver.calls == []
    assert "authorization" not in net.api_calls[0].headers


def test_redirect_from_api_origin_elsewhere_is_checked(mode: str) -> None:
    net = Net(api=redirects("http://127.0.0.1:8000/x"))
    with pytest.raises(UnsafeUrl):
        fetch(mode, "https://api.x.com/static/a.png", net)
    assert net.fetched == []
