"""Route modules. Importing this package registers every route with `_app.route`.

To add a domain: write `routes/<domain>.py` with `@route(...)` handlers and add it to
the import list below.
"""

from __future__ import annotations

from . import (
    admin,
    compose,
    dms,
    engagement,
    lists,
    media,
    oauth,
    search,
    social,
    spaces,
    static,
    timelines,
    tweets,
    users,
)

__all__ = [
    "admin",
    "compose",
    "dms",
    "engagement",
    "lists",
    "media",
    "oauth",
    "search",
    "social",
    "spaces",
    "static",
    "timelines",
    "tweets",
    "users",
]
