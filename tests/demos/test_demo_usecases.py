"""Every use case, on both frameworks, with the scripted offline model."""

from __future__ import annotations

import re

import pytest
from _expect import EXPECT, snapshot

import xkit
from xkit.demos import USECASES, chain_missing, run_demo
from xkit.sandbox import _app
from xkit.tools import REGISTRY

FRAMEWORKS = ("langchain", "llamaindex")


def _missing_routes(slug: str) -> list[str]:
    """Endpoints of the use case the sandbox does not serve (yet)."""
    missing = []
    for name in USECASES[slug].tools:
        spec = REGISTRY[name]
        path = re.sub(r"{\w+}", "1", spec.path)
        if _app.match(spec.method, path)[0] is None:
            missing.append(f"{spec.method} {spec.path}")
    return missing


def test_every_use_case_has_a_check() -> None:
    assert set(EXPECT) == set(USECASES)
    assert len(USECASES) == 10


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize("slug", list(USECASES))
def test_demo_runs_and_changes_the_sandbox(slug: str, framework: str) -> None:
    missing = _missing_routes(slug)
    if missing:
        pytest.skip(f"the sandbox does not serve {missing} yet")
    toolkit = xkit.Toolkit(sandbox=True)
    assert toolkit.sandbox is not None
    before = snapshot(toolkit.sandbox)

    report = run_demo(slug, framework=framework, toolkit=toolkit)

    usecase = USECASES[slug]
    tools = [s.tool for s in report.steps]
    assert chain_missing(report.steps, usecase.chain) == [], tools
    assert "twitter_user_me" in tools
    assert set(tools) <= set(usecase.tools)
    assert report.verification.ok, report.verification.message
    assert report.answer
    EXPECT[slug](toolkit.sandbox, before, report)


def test_both_frameworks_take_the_same_steps() -> None:
    runs = [
        run_demo("list-curation", framework=f, toolkit=xkit.Toolkit(sandbox=True))
        for f in FRAMEWORKS
    ]
    langchain, llamaindex = ([(s.tool, dict(s.args)) for s in r.steps] for r in runs)
    assert langchain == llamaindex
    assert runs[0].answer == runs[1].answer
