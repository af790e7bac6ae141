"""Reading a transcript: what the scripted policy and the verifiers look at.

Everything here reads the actual tool results (ids, names, counts), so a plan
never needs to know an id in advance.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ._model import Answer, Step, ToolCall

if TYPE_CHECKING:
    from ..sandbox import World

__all__ = [
    "ME",
    "PAGE",
    "acting_id",
    "all_pages",
    "arg_values",
    "attempts",
    "author_of",
    "count",
    "data",
    "items",
    "last_ok",
    "me_or_call",
    "metric",
    "ok_data",
    "ok_steps",
    "reads_of",
    "returned_ids",
    "top",
    "words_in",
]

ME = "twitter_user_me"
PAGE = 20  # what the adapters show the model of one result by default


def ok_steps(steps: Sequence[Step], tool: str) -> list[Step]:
    return [s for s in steps if s.tool == tool and s.ok]


def attempts(steps: Sequence[Step], tool: str) -> list[Step]:
    return [s for s in steps if s.tool == tool]


def last_ok(steps: Sequence[Step], tool: str) -> Mapping[str, Any] | None:
    """The result of the latest successful call of ``tool``."""
    done = ok_steps(steps, tool)
    return done[-1].result if done else None


def data(result: Mapping[str, Any] | None) -> dict[str, Any]:
    """``result["data"]`` when it is an object, else ``{}``."""
    found = (result or {}).get("data")
    return found if isinstance(found, dict) else {}


def ok_data(steps: Sequence[Step], tool: str) -> list[dict[str, Any]]:
    """The `data` object of each successful call of ``tool``, in order."""
    return [data(s.result) for s in ok_steps(steps, tool)]


def returned_ids(steps: Sequence[Step], tool: str) -> list[str]:
    """The id each successful call of ``tool`` returned (a new post, list...)."""
    return [str(found.get("id")) for found in ok_data(steps, tool)]


def reads_of(
    steps: Sequence[Step], tool: str, read_id: object
) -> list[Mapping[str, Any] | None]:
    """The results of the successful calls of ``tool`` on id ``read_id``."""
    return [s.result for s in ok_steps(steps, tool) if s.args["id"] == read_id]


def items(result: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """``result["data"]`` as a list of objects (one object becomes a list)."""
    found = (result or {}).get("data")
    if isinstance(found, dict):
        return [found]
    return [x for x in found or () if isinstance(x, dict)]


def arg_values(steps: Sequence[Step], tool: str, key: str, *, ok: bool) -> list[str]:
    """The ``key`` argument of each call of ``tool`` (only successful ones if ok)."""
    return [
        str(s.args.get(key))
        for s in steps
        if s.tool == tool and (s.ok or not ok) and s.args.get(key) is not None
    ]


def me_or_call(steps: Sequence[Step]) -> dict[str, Any] | ToolCall | Answer:
    """The authenticated user, or the call that finds out (asked at most twice)."""
    found = data(last_ok(steps, ME))
    if found:
        return found
    if len(attempts(steps, ME)) >= 2:
        return Answer("I could not find out which account I am acting for.")
    return ToolCall(ME, {"user.fields": "description,public_metrics"})


def all_pages(
    steps: Sequence[Step],
    tool: str,
    args: Mapping[str, Any],
    *,
    max_pages: int = 10,
) -> list[dict[str, Any]] | ToolCall:
    """Every item of a paged listing (``tool`` with ``args``) read so far, or the
    call for its next page. Pages hold ``PAGE`` items, all the model sees of one
    result, and follow the next-page token up to ``max_pages`` pages."""
    pages = [
        s
        for s in ok_steps(steps, tool)
        if all(s.args.get(k) == v for k, v in args.items())
    ]
    if not pages:
        return ToolCall(tool, {**args, "max_results": PAGE})
    last = pages[-1].result or {}
    token = (last.get("meta") or {}).get("next_token")
    # The compact result the model reads says `next_page_args` instead.
    more = last.get("next_page_args") or ({"pagination_token": token} if token else {})
    if isinstance(more, Mapping) and more and len(pages) < max_pages:
        return ToolCall(tool, {**args, "max_results": PAGE, **more})
    return [item for s in pages for item in items(s.result)]


def words_in(text: str, words: Iterable[str]) -> int:
    """How many of ``words`` occur in ``text`` (case-insensitive)."""
    low = text.lower()
    return sum(1 for w in words if w.lower() in low)


def metric(post: Mapping[str, Any], *names: str) -> int:
    metrics = post.get("public_metrics") or {}
    return sum(int(metrics.get(n) or 0) for n in names)


def top(
    posts: Iterable[dict[str, Any]], count: int, *names: str
) -> list[dict[str, Any]]:
    """The ``count`` posts with the highest sum of the ``names`` metrics."""
    ranked = sorted(posts, key=lambda p: metric(p, *names), reverse=True)
    return ranked[:count]


def author_of(post: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """(id, username) of a post's author, raw (``author_id``) or joined in by
    the shaped result the model reads (``author``)."""
    author = post.get("author")
    if isinstance(author, dict):
        return author.get("id"), author.get("username")
    found = post.get("author_id")
    return (str(found) if found else None), None


def count(result: Mapping[str, Any] | None) -> int:
    """How many records a page holds, even when the model sees only some."""
    meta = (result or {}).get("meta") or {}
    if isinstance(meta.get("result_count"), int):
        return int(meta["result_count"])
    return len(items(result))


def acting_id(world: World | None, steps: Sequence[Step]) -> str:
    """The id of the account the agent acts for: from its own twitter_user_me
    call, else (a real model may skip it) the sandbox's default account."""
    found = data(last_ok(steps, ME)).get("id")
    if found:
        return str(found)
    if world is not None:
        from ..sandbox import DEFAULT_USERNAME

        user = world.user_by_username(DEFAULT_USERNAME)
        return user.id if user else ""
    return ""
