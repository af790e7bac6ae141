"""Fixed-window rate limits per endpoint and per user (or app), on the fake clock."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from ._clock import FakeClock

__all__ = ["DEFAULT_LIMITS", "RateLimiter", "Window"]

FIFTEEN_MINUTES = 900
DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "POST /2/tweets": (200, FIFTEEN_MINUTES),
    "DELETE /2/tweets/{id}": (50, FIFTEEN_MINUTES),
    "GET /2/tweets/search/recent": (450, FIFTEEN_MINUTES),
    "GET /2/tweets/search/all": (300, FIFTEEN_MINUTES),
    "GET /2/tweets/counts/recent": (300, FIFTEEN_MINUTES),
    "GET /2/tweets/counts/all": (300, FIFTEEN_MINUTES),
    "POST /2/users/{id}/likes": (50, FIFTEEN_MINUTES),
    "DELETE /2/users/{id}/likes/{tweet_id}": (50, FIFTEEN_MINUTES),
    "POST /2/users/{id}/retweets": (50, FIFTEEN_MINUTES),
    "POST /2/users/{id}/following": (50, FIFTEEN_MINUTES),
    "GET /2/users/{id}/followers": (15, FIFTEEN_MINUTES),
    "GET /2/users/{id}/following": (15, FIFTEEN_MINUTES),
    "POST /2/dm_conversations/with/{participant_id}/messages": (200, FIFTEEN_MINUTES),
    "GET /2/usage/tweets": (50, FIFTEEN_MINUTES),
}
"""X's documented per-user limits for a few busy endpoints; others use the fallbacks."""
READ_FALLBACK = (900, FIFTEEN_MINUTES)
WRITE_FALLBACK = (300, FIFTEEN_MINUTES)


@dataclass(slots=True)
class Window:
    limit: int
    seconds: int
    started: float
    used: int = 0

    def reset_at(self) -> int:
        return math.ceil(self.started + self.seconds)


class RateLimiter:
    """One window per (endpoint, caller); `check` counts and reports headers."""

    def __init__(
        self, clock: FakeClock, overrides: Mapping[str, tuple[int, int]] | None = None
    ) -> None:
        self.clock = clock
        self.limits = {**DEFAULT_LIMITS, **(overrides or {})}
        self.windows: dict[tuple[str, str], Window] = {}

    def limit_for(self, endpoint: str) -> tuple[int, int]:
        if endpoint in self.limits:
            return self.limits[endpoint]
        return READ_FALLBACK if endpoint.startswith("GET ") else WRITE_FALLBACK

    def check(self, endpoint: str, caller: str) -> tuple[bool, dict[str, str]]:
        """Count one request; returns (allowed, x-rate-limit-* headers)."""
        now = self.clock.timestamp()
        limit, seconds = self.limit_for(endpoint)
        window = self.windows.get((endpoint, caller))
        if window is None or now >= window.started + window.seconds:
            window = Window(limit, seconds, now)
            self.windows[(endpoint, caller)] = window
        allowed = window.used < window.limit
        if allowed:
            window.used += 1
        headers = {
            "x-rate-limit-limit": str(window.limit),
            "x-rate-limit-remaining": str(max(window.limit - window.used, 0)),
            "x-rate-limit-reset": str(window.reset_at()),
        }
        return allowed, headers

    def reset(self) -> None:
        self.windows.clear()
