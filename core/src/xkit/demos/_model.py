"""The records shared by the use cases, the scripted policy and the runners."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..sandbox import World

__all__ = [
    "Answer",
    "Context",
    "Decision",
    "DemoRun",
    "Policy",
    "Step",
    "ToolCall",
    "UseCase",
    "Verification",
    "Verifier",
]


@dataclass(frozen=True, slots=True)
class Step:
    """One tool call the agent made and what came back (a result or an error)."""

    tool: str
    args: Mapping[str, Any]
    result: Mapping[str, Any] | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True, slots=True)
class ToolCall:
    """The policy's decision to call ``tool`` with ``args`` (wire names)."""

    tool: str
    args: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Answer:
    """The policy's decision to stop and reply with ``text``."""

    text: str


Decision = ToolCall | Answer


@dataclass(frozen=True, slots=True)
class Context:
    """Run-time facts a plan may need: where the API is, who runs the demo."""

    base_url: str
    live: bool = False


@dataclass(frozen=True, slots=True)
class Verification:
    ok: bool
    message: str


@dataclass(frozen=True, slots=True)
class DemoRun:
    """What an agent run produced: its tool calls in order and its final text."""

    steps: tuple[Step, ...]
    answer: str


Policy = Callable[[Context, Sequence[Step]], Decision]
Verifier = Callable[["World | None", Sequence[Step]], Verification]


@dataclass(frozen=True, slots=True)
class UseCase:
    """One demo: what to ask the agent, with which tools, and how to check it.

    ``policy`` is the scripted offline model's brain: given the steps so far it
    returns the next tool call or the final answer, reading ids and counts from
    the actual results. ``verify`` checks the effect (``world`` is the sandbox
    state, or None on the live API, where only the transcript can be checked).
    """

    slug: str
    title: str
    summary: str
    tools: tuple[str, ...]
    chain: tuple[str, ...]
    system_prompt: str
    task: Callable[[Context], str]
    policy: Policy
    verify: Verifier
