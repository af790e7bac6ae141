"""The recurring moves of the scripted plans, read off the transcript.

A plan is a list of "if this is not done yet, do it" checks. The helpers here
answer the ones every use case asks (who am I, is this result in yet, which
candidate comes next, which read is still missing) and return the call to make
when the answer is "not yet", so a use case states only what is its own.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from ._model import Context, Decision, Policy, Step, ToolCall
from ._read import all_pages, arg_values, attempts, last_ok, me_or_call

__all__ = [
    "Plan",
    "acting",
    "listed_ids",
    "next_read",
    "next_untried",
    "result_or_call",
    "second_try",
]

#: A use case's plan: the policy's arguments plus the user the agent acts for.
Plan = Callable[[Context, Sequence[Step], dict[str, Any]], Decision]


def acting(plan: Plan) -> Policy:
    """The policy that first finds out which account the agent acts for
    (`me_or_call`), then follows ``plan`` with that user."""

    @functools.wraps(plan)
    def policy(ctx: Context, steps: Sequence[Step]) -> Decision:
        me = me_or_call(steps)
        if not isinstance(me, dict):
            return me
        return plan(ctx, steps, me)

    return policy


def result_or_call(
    steps: Sequence[Step], tool: str, args: Mapping[str, Any]
) -> Mapping[str, Any] | ToolCall:
    """The latest successful result of ``tool``, or the call (``args``) for it."""
    found = last_ok(steps, tool)
    return ToolCall(tool, args) if found is None else found


def listed_ids(
    steps: Sequence[Step], tool: str, args: Mapping[str, Any]
) -> set[Any] | ToolCall:
    """The ids in every page of a listing (`all_pages`), such as the posts
    already liked or bookmarked, or the call for its next page."""
    listed = all_pages(steps, tool, args)
    if isinstance(listed, ToolCall):
        return listed
    return {item.get("id") for item in listed}


def next_untried(
    steps: Sequence[Step], tool: str, key: str, candidates: Iterable[str], *, want: int
) -> str | None:
    """The first of ``candidates`` never passed as ``tool``'s ``key`` argument
    while fewer than ``want`` such calls succeeded; else None. A failed call
    (refused, protected...) counts as tried, so the plan moves on to the next."""
    if len(arg_values(steps, tool, key, ok=True)) >= want:
        return None
    tried = set(arg_values(steps, tool, key, ok=False))
    return next((c for c in candidates if c not in tried), None)


def next_read(
    steps: Sequence[Step], ids: Sequence[str], *reads: tuple[str, Mapping[str, Any]]
) -> ToolCall | None:
    """The next read still to make: each ``(tool, args)`` of ``reads`` in turn,
    called once (failed or not) for each of ``ids`` as ``{"id": id, **args}``;
    None when all were made."""
    for tool, args in reads:
        done = set(arg_values(steps, tool, "id", ok=False))
        for read_id in ids:
            if read_id not in done:
                return ToolCall(tool, {"id": read_id, **args})
    return None


def second_try(steps: Sequence[Step], tool: str, text: str, change: str) -> str:
    """``text``, or ``text + change`` once ``tool`` was tried already: X refuses
    an exact duplicate (a post's text, a list's name)."""
    return text + change if attempts(steps, tool) else text
