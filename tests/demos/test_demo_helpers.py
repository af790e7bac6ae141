"""The shared moves of the scripted plans and the sandbox checks."""

from __future__ import annotations

from xkit.demos import Baseline, Step, ToolCall
from xkit.demos._plan import (
    listed_ids,
    next_read,
    next_untried,
    result_or_call,
    second_try,
)
from xkit.demos._verify import existed, new_links

FOLLOW, READ = "twitter_user_follow", "twitter_user_lookup"


def follow(user: str, *, ok: bool = True) -> Step:
    return Step(FOLLOW, {"target_user_id": user}, {}, None if ok else "refused")


def test_next_untried_skips_tried_and_stops_at_want() -> None:
    steps = [follow("a"), follow("b", ok=False)]
    assert next_untried(steps, FOLLOW, "target_user_id", "abc", want=2) == "c"
    assert next_untried(steps, FOLLOW, "target_user_id", "abc", want=1) is None
    assert next_untried(steps, FOLLOW, "target_user_id", "ab", want=2) is None


def test_next_read_goes_tool_by_tool_then_id_by_id() -> None:
    steps = [Step(READ, {"id": "1"}, error="gone")]  # a failed read counts as made
    reads: list[tuple[str, dict[str, str]]] = [(READ, {"f": "x"}), ("other", {})]
    assert next_read(steps, ["1", "2"], *reads) == ToolCall(READ, {"id": "2", "f": "x"})
    steps.append(Step(READ, {"id": "2"}, {}))
    assert next_read(steps, ["1", "2"], *reads) == ToolCall("other", {"id": "1"})
    assert next_read(steps, [], *reads) is None


def test_result_or_call_and_listed_ids() -> None:
    assert result_or_call([], "t", {"q": 1}) == ToolCall("t", {"q": 1})
    page = {"data": [{"id": "1"}, {"id": "2"}]}
    steps = [Step("t", {"id": "me", "max_results": 20}, page)]
    assert result_or_call(steps, "t", {}) == page
    assert listed_ids(steps, "t", {"id": "me"}) == {"1", "2"}
    assert isinstance(listed_ids(steps, "t", {"id": "you"}), ToolCall)


def test_second_try_changes_the_text_once_tried() -> None:
    assert second_try([], "t", "hi", " 2") == "hi"
    assert second_try([Step("t", {}, error="dup")], "t", "hi", " 2") == "hi 2"


def test_existed_and_new_links_without_a_sandbox() -> None:
    before = Baseline(tweets=frozenset({"1"}))
    assert existed(before, "tweets", "1")
    assert not existed(before, "tweets", "2")
    assert not existed(None, "tweets", "1")
    verify = new_links(
        FOLLOW,
        "target_user_id",
        "follows",
        nothing="none",
        confirmed="{n} done",
        missing="{ids} missing",
        old="{ids} old",
        done="{n} new",
    )
    assert verify(None, [], None).message == "none"
    live = verify(None, [follow("a"), follow("b"), follow("c", ok=False)], None)
    assert (live.ok, live.message) == (True, "2 done")
