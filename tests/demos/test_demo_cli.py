"""``xkit demo``: the JSON report, the transcript, --list and the exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from xkit.cli._app import app
from xkit.demos import USECASES, _runner

runner = CliRunner()


@pytest.mark.parametrize("framework", ["langchain", "llamaindex"])
def test_json_report(framework: str) -> None:
    result = runner.invoke(
        app, ["demo", "publishing", "--framework", framework, "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["usecase"] == "publishing"
    assert report["framework"] == framework
    assert report["verified"] is True
    assert "exists in the sandbox" in report["verification"]
    assert [s["tool"] for s in report["steps"]] == [
        "twitter_user_me",
        "twitter_post_create",
        "twitter_post_lookup",
    ]
    assert set(report["steps"][1]) == {"tool", "args", "ok", "error"}
    assert all(s["ok"] and s["error"] is None for s in report["steps"])
    post_id = report["steps"][2]["args"]["id"]
    assert post_id in report["answer"]


def test_text_transcript() -> None:
    result = runner.invoke(app, ["demo", "thread-composer"])
    assert result.exit_code == 0, result.output
    assert "twitter_post_create(text='1/" in result.stdout
    assert "reply.in_reply_to_tweet_id=" in result.stdout
    assert "Answer:" in result.stdout
    assert "Verification: OK" in result.stdout


def test_list() -> None:
    result = runner.invoke(app, ["demo", "--list"])
    assert result.exit_code == 0
    for slug in USECASES:
        assert slug in result.stdout
    assert "twitter_spaces_search -> twitter_space_get" in result.stdout


def test_unknown_demo_and_missing_name() -> None:
    result = runner.invoke(app, ["demo", "nope"])
    assert result.exit_code == 2
    assert "No demo 'nope'" in result.stderr
    assert runner.invoke(app, ["demo"]).exit_code == 2


def test_missing_adapter_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(
        _runner.FRAMEWORKS,
        "langchain",
        ("no_such_adapter.demo", "langchain-xkit[agents]"),
    )
    result = runner.invoke(app, ["demo", "publishing"])
    assert result.exit_code == 2
    assert "pip install 'langchain-xkit[agents]'" in result.stderr


def test_core_imports_no_framework() -> None:
    code = (
        "import sys, xkit.demos, xkit.demos._cli, xkit.cli._app\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('langchain', 'langchain_core', 'langgraph', 'llama_index')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
