"""Deciding whether a model-chosen URL may be fetched (the SSRF guard, pure).

:func:`check_url` parses a URL, refuses odd schemes, ports, credentials and
host spellings, resolves the name once (through an injectable resolver) and
refuses it unless *every* address is publicly routable, after unwrapping IPv4
addresses embedded in IPv6 ones (mapped, NAT64, 6to4, Teredo, compatible). The
result pins the address: :meth:`ValidatedTarget.request` builds a request to
that IP, with the original name kept for the ``Host`` header and TLS (SNI and
certificate checks), so a second DNS answer can never redirect the connection.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

import httpx

from ._errors import UnsafeUrl

__all__ = [
    "DEFAULT_PORTS",
    "IPAddress",
    "Resolver",
    "ValidatedTarget",
    "check_url",
    "is_public_address",
    "parse_url",
    "pin",
    "resolve_host",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Sequence[str]]
"""``resolve(host, port)`` -> the host's addresses as strings."""

DEFAULT_PORTS = frozenset({80, 443})
MAX_URL_LENGTH = 2048

_NAT64 = (
    ipaddress.IPv6Network("64:ff9b::/96"),
    ipaddress.IPv6Network("64:ff9b:1::/48"),
)
_COMPATIBLE = ipaddress.IPv6Network("::/96")
# Special-purpose ranges (RFC 6890 and successors), listed here as well because
# ``is_global`` differs between Python releases (100.64/10, 192.0.0/24 ...).
_SPECIAL_V4 = tuple(
    ipaddress.IPv4Network(net)
    for net in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.0.2.0/24",
        "192.88.99.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",
        "240.0.0.0/4",
    )
)
_SPECIAL_V6 = tuple(
    ipaddress.IPv6Network(net)
    for net in (
        "::/96",
        "::ffff:0:0/96",
        "100::/64",
        "2001::/23",
        "2001:db8::/32",
        "3fff::/20",
        "fc00::/7",
        "fe80::/10",
        "fec0::/10",
        "ff00::/8",
    )
)
_BLOCKED_NAMES = ("localhost",)
_BLOCKED_SUFFIXES = (".localhost", ".local", ".internal", ".home.arpa", ".onion")
_NUMERIC_LABEL = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$")
_LABEL = re.compile(r"^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$")


def _refuse(url: str, why: str) -> UnsafeUrl:
    shown = url if len(url) <= 100 else url[:99] + "…"
    return UnsafeUrl(
        f"Refused to download media from {shown!r}: {why}. Use a public http(s) "
        "URL of the image or video itself, or a local file path."
    )


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries or translates to, if any."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if any(address in net for net in _NAT64) or address in _COMPATIBLE:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public_address(address: IPAddress) -> bool:
    """True only for globally routable unicast addresses (embedded IPv4 too)."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id or address.is_site_local:
            return False
        inner = _embedded_ipv4(address)
        if inner is not None and not is_public_address(inner):
            return False
        if any(address in net for net in _SPECIAL_V6):
            return False
    elif any(address in net for net in _SPECIAL_V4):
        return False  # 100.64/10 holds cloud metadata too (100.100.100.200)
    if not address.is_global:
        return False
    # Python counts some reserved ranges (::/8 or fec0::/10, say) as global.
    return not (
        address.is_private
        or address.is_reserved
        or address.is_multicast
        or address.is_loopback
        or address.is_link_local
        or address.is_unspecified
    )


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class ParsedUrl:
    """A URL that passed the syntactic checks, before any DNS lookup."""

    url: httpx.URL
    host: str
    """ASCII host name without a trailing dot, or the IP literal."""
    port: int
    literal: IPAddress | None


@dataclass(frozen=True, slots=True)
class ValidatedTarget:
    """A URL whose host resolved to a public address, pinned to that address."""

    url: httpx.URL
    host: str
    port: int
    address: IPAddress

    @property
    def pinned_url(self) -> httpx.URL:
        """The URL with its host replaced by the validated IP."""
        return self.url.copy_with(host=str(self.address))

    @property
    def host_header(self) -> str:
        default = 443 if self.url.scheme == "https" else 80
        name = f"[{self.host}]" if ":" in self.host else self.host
        return name if self.port == default else f"{name}:{self.port}"

    def request(self, timeout: float) -> httpx.Request:
        """A GET to the pinned IP that still speaks (and verifies TLS) as the host."""
        extensions: dict[str, object] = {
            "timeout": httpx.Timeout(timeout).as_dict(),
            "xkit_pinned": True,
        }
        if self.url.scheme == "https" and self.literal is None:
            extensions["sni_hostname"] = self.host
        return httpx.Request(
            "GET",
            self.pinned_url,
            headers={
                "Host": self.host_header,
                "User-Agent": "xkit",
                "Accept": "image/*, video/mp4",
                "Accept-Encoding": "identity",  # media is compressed already
            },
            extensions=extensions,
        )

    @property
    def literal(self) -> IPAddress | None:
        return _literal(self.host)


def parse_url(url: str, *, ports: Collection[int] = DEFAULT_PORTS) -> ParsedUrl:
    """Syntactic checks only (no DNS): scheme, credentials, port, host spelling."""
    if not isinstance(url, str) or len(url) > MAX_URL_LENGTH:
        raise _refuse(str(url)[:100], "the URL is missing or too long")
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, ValueError, TypeError):
        raise _refuse(url, "it is not a valid URL") from None
    if parsed.scheme not in ("http", "https"):
        raise _refuse(url, "only http and https URLs are allowed")
    if parsed.userinfo:
        raise _refuse(url, "URLs with a user name or password are not allowed")
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    if port not in ports:
        raise _refuse(url, f"port {port} is not allowed (only 80 and 443)")
    try:
        host = parsed.raw_host.decode("ascii").lower()
    except UnicodeDecodeError:
        raise _refuse(url, "the host name is not valid") from None
    host = host.removesuffix(".")
    if not host:
        raise _refuse(url, "it has no host name")

    literal = _literal(host)
    if literal is not None:
        if not is_public_address(literal):
            raise _refuse(url, "the address is not a public internet address")
        return ParsedUrl(parsed.copy_with(fragment=None), host, port, literal)

    labels = host.split(".")
    if _NUMERIC_LABEL.match(labels[-1]):
        # A numeric last label makes browsers and libc read the host as IPv4
        # (0x7f.1, 2130706433, 0177.0.0.1): only the canonical form is accepted.
        raise _refuse(url, "the host is an IP address in an unusual notation")
    if len(host) > 253 or not all(_LABEL.match(label) for label in labels):
        raise _refuse(url, "the host name has characters that are not allowed")
    if len(labels) < 2 or host in _BLOCKED_NAMES or host.endswith(_BLOCKED_SUFFIXES):
        raise _refuse(url, "the host is a local or internal name")
    return ParsedUrl(parsed.copy_with(fragment=None), host, port, None)


def pin(parsed: ParsedUrl, addresses: Sequence[str]) -> ValidatedTarget:
    """Accept the resolved ``addresses`` only if all are public; pin the first."""
    url = str(parsed.url)
    if parsed.literal is not None:
        return ValidatedTarget(parsed.url, parsed.host, parsed.port, parsed.literal)
    found: list[IPAddress] = []
    for text in addresses:
        address = _literal(str(text))
        if address is None or not is_public_address(address):
            raise _refuse(url, "the host resolves to a non-public address")
        found.append(address)
    if not found:
        raise _refuse(url, "the host name does not resolve")
    return ValidatedTarget(parsed.url, parsed.host, parsed.port, found[0])


def resolve_host(host: str, port: int) -> list[str]:
    """The system resolver: every address of ``host``, in its order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: dict[str, None] = {}
    for info in infos:
        seen.setdefault(str(info[4][0]), None)
    return list(seen)


def check_url(
    url: str,
    resolve: Resolver | None = None,
    *,
    ports: Collection[int] = DEFAULT_PORTS,
) -> ValidatedTarget:
    """Validate ``url`` and pin it to one public address; raise :class:`UnsafeUrl`.

    ``resolve`` defaults to the system resolver; it is called at most once.
    """
    parsed = parse_url(url, ports=ports)
    if parsed.literal is not None:
        return pin(parsed, ())
    try:
        addresses = (resolve or resolve_host)(parsed.host, parsed.port)
    except OSError:
        raise _refuse(url, "the host name does not resolve") from None
    return pin(parsed, addresses)
