"""The scripted policy: recovery from errors, giving up, approval; and X's
weighted character count."""

from __future__ import annotations

import pytest

import xkit
from xkit.demos import (
    MAX_WEIGHT,
    USECASES,
    Answer,
    Context,
    Scripted,
    Step,
    run_demo,
    split_thread,
    weighted_length,
)
from xkit.demos.usecases import publishing

FRAMEWORKS = ("langchain", "llamaindex")


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_duplicate_post_is_retried_with_another_text(framework: str) -> None:
    toolkit = xkit.Toolkit(sandbox=True)
    toolkit.call("twitter_post_create", {"text": publishing.TEXT})  # now a duplicate

    report = run_demo("publishing", framework=framework, toolkit=toolkit)

    creates = [s for s in report.steps if s.tool == "twitter_post_create"]
    assert [s.ok for s in creates] == [False, True]
    assert "duplicate" in (creates[0].error or "")
    assert creates[1].args["text"] != creates[0].args["text"]
    assert report.verification.ok


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_refused_writes_fail_the_demo(framework: str) -> None:
    asked: list[str] = []

    def refuse(request: xkit.ApprovalRequest) -> bool:
        asked.append(request.tool)
        return False

    toolkit = xkit.Toolkit(sandbox=True, approval=refuse)
    report = run_demo("bookmarking", framework=framework, toolkit=toolkit)

    assert asked and set(asked) == {"twitter_bookmark_add"}
    assert not report.ok
    assert "could not complete" in report.answer
    assert toolkit.sandbox is not None
    assert len(report.steps) == 5  # me, search, bookmarks, two refused adds


def test_policy_gives_up_after_two_failures_in_a_row() -> None:
    script = Scripted(USECASES["publishing"], Context(base_url="https://api.x.com"))
    failed = Step("twitter_post_create", {"text": "x"}, error="boom")
    me = Step("twitter_user_me", {}, result={"data": {"id": "1", "username": "a"}})
    decision = script.decide([me, failed, failed])
    assert isinstance(decision, Answer)
    assert "failed twice" in decision.text


@pytest.mark.parametrize(
    ("text", "weight"),
    [
        ("hello", 5),
        ("", 0),
        ("café", 4),
        ("日本語", 6),
        ("🚀", 2),
        ("👍🏽", 2),
        ("👨‍👩‍👧", 2),
        ("🇯🇵", 2),
        ("see https://example.com/a/very/long/path/indeed", 4 + 23),
        ("www.python.org rocks", 23 + 6),
        ("“quoted” – dash…", 17),  # curly quotes and – weigh 1, … weighs 2
    ],
)
def test_weighted_length(text: str, weight: int) -> None:
    assert weighted_length(text) == weight


def test_split_thread_fits_and_numbers() -> None:
    text = ("Agents need good tools. " * 30) + "\n\n" + "日本語のテキスト" * 30
    parts = split_thread(text)
    assert len(parts) > 3
    assert all(weighted_length(p) <= MAX_WEIGHT for p in parts)
    assert [p.split(" ", 1)[0] for p in parts] == [
        f"{i}/{len(parts)}" for i in range(1, len(parts) + 1)
    ]
    assert split_thread("short") == ["1/1 short"]
