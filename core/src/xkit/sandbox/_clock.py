"""A fake, manually advanced clock shared by every time-dependent part."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

__all__ = ["EPOCH", "FakeClock", "iso", "parse_time"]

EPOCH = datetime(2026, 12, 1, 12, 0, 0, tzinfo=UTC)
"""The sandbox world's "now" right after construction or `reset()`."""


class FakeClock:
    """Time stands still until a test calls `advance()`.

    Token expiry, rate-limit windows, authorization codes and media processing all read
    this clock, so a test can jump over a 15-minute window without sleeping.
    """

    def __init__(self, start: datetime = EPOCH) -> None:
        self._start = start
        self._now = start

    def now(self) -> datetime:
        return self._now

    def timestamp(self) -> float:
        return self._now.timestamp()

    def advance(self, seconds: float) -> datetime:
        if seconds < 0:
            msg = f"The sandbox clock only moves forward; got {seconds!r} seconds."
            raise ValueError(msg)
        self._now += timedelta(seconds=seconds)
        return self._now

    def reset(self) -> None:
        self._now = self._start


def iso(moment: datetime) -> str:
    """Format like X does: `2026-12-01T12:00:00.000Z`."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + (
        f"{moment.microsecond // 1000:03d}Z"
    )


def parse_time(text: str) -> datetime | None:
    """Parse an RFC 3339 timestamp as X accepts it; None when it is not one."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return moment.astimezone(UTC)
