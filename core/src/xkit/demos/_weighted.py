"""X's weighted character count (twitter-text v3) and a thread splitter.

A post holds 280 weighted characters. Code points in the Latin, general
punctuation and a few other light ranges weigh 1; everything else (CJK, most
symbols) weighs 2; an emoji sequence weighs 2 however many code points it has;
a URL always weighs 23, whatever its length.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["MAX_WEIGHT", "URL_WEIGHT", "split_thread", "weighted_length"]

MAX_WEIGHT = 280
URL_WEIGHT = 23
_LIGHT = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:!?)\]'’]", re.I)
_JOINERS = {0x200D, 0xFE0E, 0xFE0F, 0x20E3}


def _is_emoji(cp: int) -> bool:
    return (
        0x1F000 <= cp <= 0x1FAFF
        or 0x2600 <= cp <= 0x27BF
        or 0x2B00 <= cp <= 0x2BFF
        or 0x1F1E6 <= cp <= 0x1F1FF
    )


def _is_modifier(cp: int) -> bool:
    return cp in _JOINERS or 0x1F3FB <= cp <= 0x1F3FF or 0xE0020 <= cp <= 0xE007F


def _weight(cp: int) -> int:
    return 1 if any(lo <= cp <= hi for lo, hi in _LIGHT) else 2


def _plain_weight(text: str) -> int:
    total, index, points = 0, 0, [ord(c) for c in text]
    while index < len(points):
        cp = points[index]
        index += 1
        if not _is_emoji(cp):
            total += _weight(cp)
            continue
        total += 2
        # Swallow the rest of the sequence: modifiers, joiners and the
        # emoji they join, and the second half of a flag.
        while index < len(points):
            nxt = points[index]
            if _is_modifier(nxt):
                index += 1
                if nxt == 0x200D and index < len(points):
                    index += 1
            elif 0x1F1E6 <= cp <= 0x1F1FF and 0x1F1E6 <= nxt <= 0x1F1FF:
                index += 1
                cp = 0
            else:
                break
    return total


def weighted_length(text: str) -> int:
    """The length X counts against the 280 limit."""
    text = unicodedata.normalize("NFC", text)
    total, start = 0, 0
    for match in _URL.finditer(text):
        total += _plain_weight(text[start : match.start()]) + URL_WEIGHT
        start = match.end()
    return total + _plain_weight(text[start:])


def split_thread(text: str, limit: int = MAX_WEIGHT) -> list[str]:
    """Split ``text`` into numbered parts (``"1/3 ..."``) that each fit ``limit``.

    Parts break between sentences when they can, else between words; a
    paragraph starts a new part when the current one is at least half full.
    URLs are never cut, nor words unless one alone is longer than a part.
    """
    guess = 1
    while True:
        parts = _pack(text.strip(), limit - weighted_length(f"{guess}/{guess} "))
        if len(parts) <= guess:
            return [f"{i}/{len(parts)} {p}" for i, p in enumerate(parts, 1)]
        guess = len(parts)


def _pack(text: str, room: int) -> list[str]:
    parts: list[str] = []
    current = ""
    for paragraph in re.split(r"\n\s*\n", text):
        if current and weighted_length(current) >= room // 2:
            parts.append(current)
            current = ""
        for sentence in re.split(r"(?<=[.!?])\s+", paragraph.strip()):
            for piece in _fit(sentence, room):
                joined = f"{current} {piece}" if current else piece
                if weighted_length(joined) <= room:
                    current = joined
                else:
                    parts.append(current)
                    current = piece
    return [*parts, current] if current else parts


def _fit(sentence: str, room: int) -> list[str]:
    """A sentence as pieces of at most ``room``: itself, or runs of words."""
    if weighted_length(sentence) <= room:
        return [sentence]
    pieces: list[str] = []
    current = ""
    for word in sentence.split():
        for chunk in _cut(word, room):
            joined = f"{current} {chunk}" if current else chunk
            if weighted_length(joined) <= room:
                current = joined
            else:
                pieces.append(current)
                current = chunk
    return [*pieces, current] if current else pieces


def _cut(word: str, room: int) -> list[str]:
    """A single word longer than a whole part, cut into fitting pieces."""
    if weighted_length(word) <= room:
        return [word]
    pieces, piece = [], ""
    for char in word:
        if weighted_length(piece + char) > room:
            pieces.append(piece)
            piece = ""
        piece += char
    return [*pieces, piece]
