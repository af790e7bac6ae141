"""The records shared by the use cases, the scripted policy and the runners."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..sandbox import World

__all__ = [
    "Answer",
    "Baseline",
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


Pairs = frozenset[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class Baseline:
    """What the sandbox held before a run, so a check can tell the run's effects
    from what was already there (a like on a post liked in the seed is no new
    like)."""

    tweets: frozenset[str] = frozenset()
    likes: Pairs = frozenset()
    bookmarks: Pairs = frozenset()
    follows: Pairs = frozenset()
    pending_follows: Pairs = frozenset()
    lists: frozenset[str] = frozenset()
    list_members: Pairs = frozenset()
    dm_events: frozenset[str] = frozenset()
    media: frozenset[str] = frozenset()

    @classmethod
    def of(cls, world: World) -> Baseline:
        return cls(
            tweets=frozenset(world.tweets),
            likes=frozenset(world.likes),
            bookmarks=frozenset(world.bookmarks),
            follows=frozenset(world.follows),
            pending_follows=frozenset(world.pending_follows),
            lists=frozenset(world.lists),
            list_members=frozenset(world.list_members),
            dm_events=frozenset(world.dm_events),
            media=frozenset(world.media),
        )


Policy = Callable[[Context, Sequence[Step]], Decision]
# (sandbox state after the run, steps, state before) -> verdict; on the live API
# both states are None and only the transcript can be checked.
Verifier = Callable[["World | None", Sequence[Step], Baseline | None], Verification]


@dataclass(frozen=True, slots=True)
class UseCase:
    """One demo: what to ask the agent, with which tools, and how to check it.

    ``policy`` is the scripted offline model's brain: given the steps so far it
    returns the next tool call or the final answer, reading ids and counts from
    the actual results. ``verify`` checks the effect (``world`` is the sandbox
    state after the run and ``before`` a `Baseline` taken before it, or both
    None on the live API, where only the transcript can be checked).
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
