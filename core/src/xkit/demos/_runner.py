"""Running one demo: pick the toolkit and the framework, run, verify.

The framework runners live in the adapters (``langchain_xkit.demo``,
``llama_index.tools.xkit.demo``) and are imported only when asked for, so this
package never imports LangChain or LlamaIndex itself. Each exposes::

    run_demo(usecase, toolkit, context, *, model=None) -> DemoRun
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .._executor import ApprovalRequest
from .._toolkit import Toolkit
from ._model import Baseline, Context, DemoRun, Step, UseCase, Verification
from .usecases import USECASES

__all__ = [
    "FRAMEWORKS",
    "DemoError",
    "Report",
    "chain_missing",
    "get_usecase",
    "load_runner",
    "run_demo",
]

#: framework -> (runner module, distribution to install)
FRAMEWORKS = {
    "langchain": ("langchain_xkit.demo", "langchain-xkit[agents]"),
    "llamaindex": ("llama_index.tools.xkit.demo", "llama-index-tools-xkit"),
}


class DemoError(Exception):
    """A problem the user can fix (unknown demo, adapter not installed...)."""


@dataclass(frozen=True, slots=True)
class Report:
    usecase: UseCase
    framework: str
    model: str
    live: bool
    steps: tuple[Step, ...]
    answer: str
    verification: Verification

    @property
    def ok(self) -> bool:
        return self.verification.ok


def get_usecase(slug: str) -> UseCase:
    found = USECASES.get(slug)
    if found is None:
        raise DemoError(f"No demo {slug!r}; choose one of: {', '.join(USECASES)}.")
    return found


def load_runner(framework: str) -> Callable[..., DemoRun]:
    """The adapter's ``run_demo``, with a clear error when it is not installed."""
    if framework not in FRAMEWORKS:
        raise DemoError(
            f"Unknown framework {framework!r}; choose one of: {', '.join(FRAMEWORKS)}."
        )
    module_name, dist = FRAMEWORKS[framework]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        raise DemoError(
            f"The {framework} demo needs the {dist} adapter ({exc.name} is missing): "
            f"pip install '{dist}'"
        ) from None
    runner: Callable[..., DemoRun] = module.run_demo
    return runner


def chain_missing(steps: Sequence[Step], chain: Sequence[str]) -> list[str]:
    """The tools of ``chain`` not found, in order, among the successful steps."""
    done = iter([s.tool for s in steps if s.ok])
    return [tool for tool in chain if tool not in done]


def _verify(
    usecase: UseCase, toolkit: Toolkit, run: DemoRun, before: Baseline | None
) -> Verification:
    missing = chain_missing(run.steps, usecase.chain)
    if missing:
        return Verification(
            False, f"the agent did not complete the chain: missing {missing}"
        )
    world = toolkit.sandbox.state if toolkit.sandbox is not None else None
    return usecase.verify(world, run.steps, before)


def make_toolkit(
    usecase: UseCase,
    *,
    live: bool,
    user: str,
    approval: Callable[[ApprovalRequest], Any] | None,
) -> Toolkit:
    if not live:
        return Toolkit(sandbox=True, tools=usecase.tools)
    try:
        return Toolkit.for_user(user, tools=usecase.tools, approval=approval)
    except ImportError as exc:  # the stored-login layer is not available
        raise DemoError(f"--live needs stored logins (xkit auth): {exc}") from None


def run_demo(
    slug: str,
    *,
    framework: str = "langchain",
    model: str | None = None,
    live: bool = False,
    user: str = "default",
    approval: Callable[[ApprovalRequest], Any] | None = None,
    toolkit: Toolkit | None = None,
) -> Report:
    """Run demo ``slug`` end to end and check its effect.

    By default on a fresh in-process sandbox with the scripted offline model;
    ``model="provider:name"`` uses a real model, ``live=True`` the real API as
    the stored login ``user`` (writes go through ``approval``).
    """
    usecase = get_usecase(slug)
    runner = load_runner(framework)
    if toolkit is None:
        toolkit = make_toolkit(usecase, live=live, user=user, approval=approval)
    tools = toolkit.select(tools=usecase.tools)
    context = Context(base_url=toolkit.context.base_url, live=toolkit.sandbox is None)
    sandbox = toolkit.sandbox
    before = Baseline.of(sandbox.state) if sandbox is not None else None
    result = runner(usecase, tools, context, model=model)
    return Report(
        usecase=usecase,
        framework=framework,
        model=model or "scripted",
        live=context.live,
        steps=result.steps,
        answer=result.answer,
        verification=_verify(usecase, toolkit, result, before),
    )
