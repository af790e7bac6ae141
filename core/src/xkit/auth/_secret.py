"""A holder that keeps secrets out of reprs, logs and f-strings."""

from __future__ import annotations

import hmac
from typing import Final

__all__ = ["Secret"]

_MASK: Final = "**********"


class Secret:
    """A secret string. ``str()``, ``repr()`` and formatting show a mask;
    :meth:`reveal` returns the value."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError("Secret holds a str")
        self._value = value

    def reveal(self) -> str:
        return self._value

    def matches(self, other: str | Secret | None) -> bool:
        """Constant-time comparison with a plain string or another secret."""
        if other is None:
            return False
        value = other.reveal() if isinstance(other, Secret) else other
        return hmac.compare_digest(self._value.encode(), value.encode())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Secret):
            return self.matches(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(("xkit.Secret", self._value))

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return f"Secret('{_MASK}')"

    def __str__(self) -> str:
        return _MASK

    def __format__(self, spec: str) -> str:
        return _MASK

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("Secrets are not picklable")
