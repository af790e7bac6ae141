"""Offset pagination behind opaque `next_token` / `previous_token` strings."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any, TypeVar

from ._errors import invalid_request

__all__ = ["Page", "decode_token", "encode_token", "paginate"]

T = TypeVar("T")
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _base36(number: int) -> str:
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = _DIGITS[rest] + text
        if not number:
            return text


def encode_token(offset: int, salt: str) -> str:
    """A stable, opaque, 16+ character base36 token for `offset` within `salt`."""
    check = int(hashlib.sha256(f"{salt}:{offset}".encode()).hexdigest()[:12], 16)
    return _base36(check).rjust(10, "0")[-10:] + _base36(offset).rjust(6, "0")


def decode_token(token: str, salt: str, parameter: str) -> int:
    """The offset behind `token`; a 400 invalid-request when it is not one of ours."""
    try:
        offset = int(token[10:], 36)
    except ValueError:
        offset = -1
    if offset >= 0 and encode_token(offset, salt) == token:
        return offset
    raise invalid_request(
        f"The `{parameter}` query parameter value [{token}] is not valid.",
        {parameter: [token]},
    )


class Page(list[T]):
    """A page of items plus its `meta` fragment (result_count and tokens)."""

    meta: dict[str, Any]


def paginate(
    items: Sequence[T],
    *,
    max_results: int,
    token: str | None,
    salt: str,
    parameter: str = "pagination_token",
) -> Page[T]:
    offset = decode_token(token, salt, parameter) if token else 0
    page: Page[T] = Page(items[offset : offset + max_results])
    meta: dict[str, Any] = {"result_count": len(page)}
    end = offset + max_results
    if end < len(items):
        meta["next_token"] = encode_token(end, salt)
    if offset > 0:
        meta["previous_token"] = encode_token(max(offset - max_results, 0), salt)
    page.meta = meta
    return page
