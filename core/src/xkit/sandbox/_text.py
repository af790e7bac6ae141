"""Post text helpers: entity extraction, t.co wrapping and snowflake-style ids."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from typing import Any

__all__ = ["extract_entities", "snowflake", "words", "wrap_urls"]

TWEPOCH_MS = 1288834974657
_URL = re.compile(r"https?://[^\s]+")
_HASHTAG = re.compile(r"(?<![\w&])#(\w+)")
_CASHTAG = re.compile(r"(?<![\w&])\$([A-Za-z]{1,6})\b")
_MENTION = re.compile(r"(?<![\w@])@(\w{1,15})")
_WORD = re.compile(r"\w+")


def snowflake(moment: datetime, seq: int) -> str:
    """A 19-digit id ordered by creation time, like X's."""
    millis = int(moment.timestamp() * 1000) - TWEPOCH_MS
    return str((millis << 22) | (seq & 0x3FFFFF))


def short_link(url: str) -> str:
    digest = hashlib.sha256(url.encode()).hexdigest()
    return "https://t.co/" + digest[:10]


def wrap_urls(text: str) -> tuple[str, dict[str, str]]:
    """Replace each URL by a t.co link; returns the new text and t.co -> original."""
    links: dict[str, str] = {}

    def swap(match: re.Match[str]) -> str:
        original = match.group(0).rstrip(".,!?)")
        tail = match.group(0)[len(original) :]
        if original.startswith("https://t.co/"):
            return match.group(0)
        short = short_link(original)
        links[short] = original
        return short + tail

    return _URL.sub(swap, text), links


def extract_entities(
    text: str,
    links: dict[str, str],
    user_id_for: Callable[[str], str | None],
) -> dict[str, Any]:
    """X-style `entities` for `text`; empty kinds are left out (the spec wants >= 1)."""
    entities: dict[str, list[dict[str, Any]]] = {}
    for match in _HASHTAG.finditer(text):
        entities.setdefault("hashtags", []).append(
            {"start": match.start(), "end": match.end(), "tag": match.group(1)}
        )
    for match in _CASHTAG.finditer(text):
        entities.setdefault("cashtags", []).append(
            {"start": match.start(), "end": match.end(), "tag": match.group(1)}
        )
    for match in _MENTION.finditer(text):
        mention: dict[str, Any] = {
            "start": match.start(),
            "end": match.end(),
            "username": match.group(1),
        }
        found = user_id_for(match.group(1))
        if found:
            mention["id"] = found
        entities.setdefault("mentions", []).append(mention)
    for match in _URL.finditer(text):
        short = match.group(0).rstrip(".,!?)")
        expanded = links.get(short, short)
        display = expanded.split("://", 1)[-1]
        entities.setdefault("urls", []).append(
            {
                "start": match.start(),
                "end": match.start() + len(short),
                "url": short,
                "expanded_url": expanded,
                "display_url": display if len(display) <= 30 else display[:29] + "…",
            }
        )
    return dict(entities)


@lru_cache(maxsize=8192)
def words(text: str) -> frozenset[str]:
    """Lower-cased word tokens, used by keyword search (cached per text)."""
    return frozenset(w.lower() for w in _WORD.findall(text))
