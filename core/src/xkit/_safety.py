"""Write safety for agents: approval, action budgets and allow-lists.

All three are enforced in core, before any request leaves, so every adapter
gets them unchanged. They are per toolkit, and a toolkit acts for one user,
so budgets and allow-lists are per (tenant, user) session.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from ._errors import ApprovalDenied, BudgetExceeded, NotAllowed, ValidationFailed
from ._inputs import ToolInput, parse_input
from ._spec import ToolSpec

__all__ = ["ApprovalHook", "ApprovalRequest", "Budgets", "check_allowed", "decide"]


@dataclass(frozen=True, slots=True)
class ApprovalRequest:
    """What an approval hook sees before a write is sent.

    The hook returns True to send, a mapping of corrected arguments to send
    those instead (validated again, and only the edited request is sent), or
    anything else to refuse (a string is passed on as the reason).
    """

    tool: str
    arguments: dict[str, Any]
    request: dict[str, Any]
    """Method, URL and JSON body exactly as they will be sent (no credentials)."""
    destructive: bool


ApprovalHook = Callable[[ApprovalRequest], Any]


def decide(spec: ToolSpec, answer: Any) -> ToolInput | None:
    """Read an approval hook's answer: None to send as is, or edited input."""
    if answer is True:
        return None
    if isinstance(answer, Mapping):
        if spec.flow is not None:
            raise ApprovalDenied(spec.name, "edits are not supported for this tool")
        try:
            return parse_input(spec.name, spec.input_model, answer)
        except ValidationFailed as exc:
            reason = f"the edited arguments are invalid: {exc}"
            raise ApprovalDenied(spec.name, reason) from None
    raise ApprovalDenied(spec.name, answer if isinstance(answer, str) else None)


class Budgets:
    """Per-session caps on write actions, checked before the network.

    Keys are tool names (``"twitter_user_follow": 5``), toolset names
    (``"engage": 20``) or ``"writes"`` (every tool that writes). A call spends
    one unit from every matching key, only when it is about to be sent.
    """

    def __init__(self, limits: Mapping[str, int] | None = None) -> None:
        self._left = dict(limits or {})
        self._lock = threading.Lock()

    def _keys(self, spec: ToolSpec) -> list[str]:
        keys = [spec.name, *sorted(spec.toolsets)]
        if not spec.read_only:
            keys.append("writes")
        return [k for k in keys if k in self._left]

    def check(self, spec: ToolSpec) -> None:
        """Raise BudgetExceeded if ``spec`` has no budget left (spends nothing)."""
        with self._lock:
            self._raise_if_empty(spec)

    def spend(self, spec: ToolSpec) -> None:
        """Spend one unit for ``spec`` or raise BudgetExceeded."""
        with self._lock:
            self._raise_if_empty(spec)
            for key in self._keys(spec):
                self._left[key] -= 1

    def remaining(self) -> dict[str, int]:
        with self._lock:
            return dict(self._left)

    def _raise_if_empty(self, spec: ToolSpec) -> None:
        for key in self._keys(spec):
            if self._left[key] <= 0:
                raise BudgetExceeded(spec.name, key)


def check_allowed(
    spec: ToolSpec, args: ToolInput, allow: Mapping[str, Collection[str]]
) -> None:
    """Refuse arguments outside the configured allow-lists.

    ``allow`` maps a parameter's wire name (``participant_id``,
    ``target_user_id``, ``participant_ids``...) to the values it may take, for
    every tool that has that parameter.
    """
    if not allow or spec.read_only:
        return
    for name, value in args.wire_args().items():
        allowed = allow.get(name)
        if allowed is None:
            continue
        values = value if isinstance(value, (list, tuple)) else str(value).split(",")
        for item in values:
            if str(item) not in allowed:
                raise NotAllowed(spec.name, name, str(item))
