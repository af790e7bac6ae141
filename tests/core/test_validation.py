"""Invalid input never reaches the wire and always names the field and rule."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

import xkit
from xkit.tools import REGISTRY


def no_network(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"unexpected request {request.method} {request.url}")


@pytest.fixture
def tk() -> xkit.Toolkit:
    return xkit.Toolkit(
        access_token="u", bearer_token="a", transport=httpx.MockTransport(no_network)
    )


def invalid_variants(name: str) -> list[tuple[str, dict[str, Any], str]]:
    """(case, args, field the error must name) derived from the schema."""
    tool = REGISTRY[name]
    example = dict(tool.input_model.example)
    schema = tool.input_schema
    cases = [("unknown parameter", {**example, "bogus_param": 1}, "bogus_param")]
    for field in schema.get("required", []):
        args = {k: v for k, v in example.items() if k != field}
        cases.append((f"missing {field}", args, field))
    for field in schema.get("properties", {}):
        cases.append((f"wrong type {field}", {**example, field: {"x": [1]}}, field))
        break
    return cases


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_tool_rejects_invalid_input_without_a_request(
    name: str, tk: xkit.Toolkit, invoke: Any
) -> None:
    for case, args, field in invalid_variants(name):
        with pytest.raises(xkit.ValidationFailed) as info:
            invoke(tk, name, args)
        message = str(info.value)
        assert name in message, case
        assert field in message, f"{case}: {message}"
        assert "Traceback" not in message


SPEC_RULES = [
    ("twitter_post_quotes_get", {"id": "1", "max_results": 5}, "max_results"),
    ("twitter_user_liked_tweets_get", {"id": "1", "max_results": 2}, "max_results"),
    ("twitter_followers_get", {"id": "1", "max_results": 1001}, "max_results"),
    ("twitter_full_archive_search", {"query": "a", "max_results": 501}, "max_results"),
    ("twitter_post_lookup", {"id": "12ab"}, "id"),
    ("twitter_post_lookup", {"id": "1", "tweet.fields": "bogus"}, "tweet.fields"),
    ("twitter_post_create", {}, "text"),
    (
        "twitter_post_create",
        {"text": "x", "poll.options": ["a"], "poll.duration_minutes": 10},
        "poll.options",
    ),
    (
        "twitter_post_create",
        {"text": "x", "poll.options": ["a", "b"], "poll.duration_minutes": 4},
        "poll.duration_minutes",
    ),
    (
        "twitter_post_create",
        {"media.media_ids": ["1", "2", "3", "4", "5"]},
        "media.media_ids",
    ),
    (
        "twitter_post_create",
        {"text": "x", "quote_tweet_id": "1", "media.media_ids": ["2"]},
        "quote_tweet_id",
    ),
    (
        "twitter_full_archive_search",
        {"query": "a", "since_id": "1", "start_time": "2026-01-01T00:00:00Z"},
        "since_id",
    ),
    (
        "twitter_post_analytics_get",
        {
            "tweet_ids": ["1"],
            "start_time": "yesterday",
            "end_time": "2026-01-01T00:00:00Z",
        },
        "start_time",
    ),
    ("twitter_list_create", {"name": "x" * 26}, "name"),
    (
        "twitter_dm_group_conversation_create",
        {"participant_ids": ["1"], "text": "hi"},
        "participant_ids",
    ),
]


@pytest.mark.parametrize(("name", "args", "field"), SPEC_RULES)
def test_spec_rules_are_enforced(
    name: str, args: dict[str, Any], field: str, tk: xkit.Toolkit, invoke: Any
) -> None:
    with pytest.raises(xkit.ValidationFailed) as info:
        invoke(tk, name, args)
    assert field in str(info.value)


def test_wire_and_python_names_are_both_accepted() -> None:
    seen: list[httpx.Request] = []

    def ok(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"data": {"id": "1", "text": "t"}})

    tk = xkit.Toolkit(access_token="u", transport=httpx.MockTransport(ok))
    tk.call("twitter_post_lookup", {"id": "1", "tweet.fields": "created_at"})
    tk.call("twitter_post_lookup", {"id": "1", "tweet_fields": ["created_at"]})
    assert [r.url.params["tweet.fields"] for r in seen] == ["created_at"] * 2


def test_schemas_show_dotted_names_and_can_show_python_names() -> None:
    tool = REGISTRY["twitter_post_create"]
    dotted = tool.input_schema["properties"]
    assert "reply.in_reply_to_tweet_id" in dotted and "poll.options" in dotted
    plain = tool.schema(dotted=False)["properties"]
    assert "reply_in_reply_to_tweet_id" in plain or "in_reply_to_tweet_id" in str(plain)
    assert all("." not in key for key in plain)
