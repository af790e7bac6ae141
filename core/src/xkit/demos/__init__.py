"""Demo agents for the ten xkit use cases, framework-agnostic.

Each :class:`UseCase` says what to ask the agent, which tools it gets and how
to check the effect; its scripted policy lets a fake model drive the real
agent loop offline. The framework runners live in the adapters and are loaded
by :func:`run_demo` (``xkit demo`` on the command line).
"""

from __future__ import annotations

from ._model import (
    Answer,
    Baseline,
    Context,
    Decision,
    DemoRun,
    Step,
    ToolCall,
    UseCase,
    Verification,
)
from ._policy import Scripted
from ._runner import FRAMEWORKS, DemoError, Report, chain_missing, run_demo
from ._transcript import step_from_output, text_of
from ._weighted import MAX_WEIGHT, split_thread, weighted_length
from .usecases import USECASES

__all__ = [
    "FRAMEWORKS",
    "MAX_WEIGHT",
    "USECASES",
    "Answer",
    "Baseline",
    "Context",
    "Decision",
    "DemoError",
    "DemoRun",
    "Report",
    "Scripted",
    "Step",
    "ToolCall",
    "UseCase",
    "Verification",
    "chain_missing",
    "run_demo",
    "split_thread",
    "step_from_output",
    "text_of",
    "weighted_length",
]
