"""The scripted offline model's brain, shared by every framework.

``Scripted`` wraps a use case's plan with the rules any sensible agent
follows: stop after too many steps, and give up (saying why) after two
failures in a row instead of looping. A plan sees the failed step and may
retry differently once (another text, another candidate).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from ._model import Answer, Context, Decision, Step, UseCase

__all__ = ["MAX_STEPS", "Scripted"]

MAX_STEPS = 40


class Scripted:
    """Decides the next move of one run; makes fresh tool-call ids."""

    def __init__(self, usecase: UseCase, context: Context) -> None:
        self.usecase = usecase
        self.context = context
        self._ids = itertools.count(1)

    def decide(self, steps: Sequence[Step]) -> Decision:
        if len(steps) >= MAX_STEPS:
            return Answer(f"I stopped after {len(steps)} tool calls.")
        failures = list(itertools.takewhile(lambda s: not s.ok, reversed(steps)))
        if len(failures) >= 2:
            return Answer(
                f"I could not complete the task: {failures[0].tool} failed twice "
                f"({failures[0].error})."
            )
        return self.usecase.policy(self.context, steps)

    def new_call_id(self) -> str:
        return f"call_{next(self._ids)}"
