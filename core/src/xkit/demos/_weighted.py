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

    Words (and URLs) are never cut unless one alone is too long; paragraphs
    start a new part when the current one is already more than half full.
    """
    words = [w for w in re.split(r"(\s+)", text.strip()) if w]
    guess = 1
    while True:
        parts = _pack(words, limit, guess)
        if len(parts) <= guess:
            return [f"{i}/{len(parts)} {p}" for i, p in enumerate(parts, 1)]
        guess = len(parts)


def _pack(tokens: list[str], limit: int, count: int) -> list[str]:
    room = limit - weighted_length(f"{count}/{count} ")
    parts: list[str] = []
    current = ""
    for token in tokens:
        if token.isspace():
            if "\n\n" in token and weighted_length(current) > room // 2:
                parts.append(current.strip())
                current = ""
            elif current:
                current += " "
            continue
        for piece in _cut(token, room):
            if current and weighted_length(current + piece) > room:
                parts.append(current.strip())
                current = ""
            current += piece
    if current.strip():
        parts.append(current.strip())
    return parts


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
