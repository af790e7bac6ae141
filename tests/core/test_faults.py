"""Bad bodies, odd statuses and random fault sequences: typed errors, no duplicates."""

from __future__ import annotations

import json

import httpx
import pytest
from _harness import (
    APP_TOKEN,
    POST,
    READ,
    USER_TOKEN,
    Action,
    Harness,
    RotatingCredentials,
    Script,
    lose,
    ok,
    rate_limited,
    refuse,
    reply,
    stall,
)
from hypothesis import given, settings
from hypothesis import strategies as st

import xkit
from xkit._response import error_for, read_result

HTML_2MB = (
    b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title>"
    b"<style>body { font: 12px sans-serif }</style>"
    b"<script>var secret = 1 < 2;</script></head><body><h1>Bad\x00 Gateway</h1>"
    + b"<p>upstream &amp; friends</p>\n" * 70_000
    + b"</body></html>"
)
NOT_ENROLLED = {
    "client_id": "123",
    "detail": "When authenticating requests to the Twitter API v2 endpoints, you "
    "must use keys and tokens from a Twitter developer App that is attached to a "
    "Project.",
    "registration_url": "https://developer.twitter.com/en/docs/projects/overview",
    "title": "Client Forbidden",
    "required_enrollment": "Appropriate Level of API Access",
    "reason": "client-not-enrolled",
    "type": "https://api.twitter.com/2/problems/client-forbidden",
}


@pytest.fixture
def x(mode: str) -> Harness:
    return Harness(mode)


def assert_clean(message: str) -> None:
    """LLM-facing text: short, one line, no markup, no secrets."""
    assert len(message) < 600
    assert "\n" not in message and "\x00" not in message
    assert "<" not in message
    assert USER_TOKEN not in message and APP_TOKEN not in message


def test_2mb_html_error_page_gives_a_short_sanitized_error(x: Harness) -> None:
    assert len(HTML_2MB) > 2_000_000
    script = Script(reply(502, content=HTML_2MB, headers={"content-type": "text/html"}))
    with pytest.raises(xkit.ServerError) as info:
        x.call(*READ, script)
    error = info.value
    assert_clean(str(error))
    assert len(error.detail) <= 120
    assert error.detail.startswith("502 Bad Gateway Bad Gateway upstream & friends")
    assert "secret" not in error.detail and "font" not in error.detail
    assert len(script.requests) == 3


def test_2mb_html_on_a_client_error_is_typed(x: Harness) -> None:
    script = Script(reply(403, content=HTML_2MB, headers={"content-type": "text/html"}))
    with pytest.raises(xkit.Forbidden) as info:
        x.call(*READ, script)
    assert_clean(str(info.value))
    assert info.value.body is None


@pytest.mark.parametrize(
    "body",
    [
        b'{"data": {"id": "20", "te',
        b"<html>OK</html>",
        b"\xff\xfe\x00garbage",
        b"[" * 100_000,
        b"NaN-ish: {]",
    ],
    ids=["truncated", "html", "binary", "deeply-nested", "nonsense"],
)
def test_unreadable_success_body_is_a_transport_error(x: Harness, body: bytes) -> None:
    script = Script(reply(200, content=body))
    with pytest.raises(xkit.TransportError) as info:
        x.call(*READ, script)
    assert_clean(str(info.value))
    assert "not JSON" in str(info.value)


@pytest.mark.parametrize(
    "body", [b'{"title": "Not Fou', b"[" * 100_000, b"", b"null", b"[1, 2]", b'"x"']
)
def test_unreadable_error_body_still_maps_by_status(x: Harness, body: bytes) -> None:
    script = Script(reply(404, content=body))
    with pytest.raises(xkit.NotFound) as info:
        x.call(*READ, script)
    assert_clean(str(info.value))


def test_non_object_json_success_is_wrapped(x: Harness) -> None:
    result = x.call(*READ, Script(reply(200, content=b"[1, 2]")))
    assert result == {"data": [1, 2]}


def test_empty_success_body_is_an_empty_result(x: Harness) -> None:
    assert x.call(*READ, Script(reply(200, content=b""))) == {}


def test_client_not_enrolled_is_a_configuration_error(x: Harness) -> None:
    script = Script(reply(403, NOT_ENROLLED), ok())
    with pytest.raises(xkit.ConfigurationError) as info:
        x.call(*POST, script)
    assert len(script.requests) == 1
    assert_clean(str(info.value))
    assert "developer portal" in str(info.value)


def test_partial_success_keeps_data_and_errors(x: Harness) -> None:
    body = {
        "data": [{"id": "20", "text": "just setting up my twttr"}],
        "errors": [
            {
                "value": "1",
                "detail": "Could not find tweet with ids: [1].",
                "title": "Not Found Error",
                "resource_type": "tweet",
                "parameter": "ids",
                "resource_id": "1",
                "type": "https://api.twitter.com/2/problems/resource-not-found",
            }
        ],
    }
    result = x.call("twitter_posts_lookup", {"ids": "20,1"}, Script(ok(body)))
    assert result["data"] == body["data"]
    assert result["errors"] == body["errors"]


def test_problem_json_invalid_request_names_the_parameter(x: Harness) -> None:
    body = {
        "errors": [
            {
                "parameters": {"id": ["abc"]},
                "message": "The `id` query parameter value [abc] is not valid",
            }
        ],
        "title": "Invalid Request",
        "detail": "One or more parameters to your request was invalid.",
        "type": "https://api.twitter.com/2/problems/invalid-request",
    }
    with pytest.raises(xkit.ApiError) as info:
        x.call(*READ, Script(reply(400, body)))
    assert info.value.status == 400
    assert "Invalid Request" in str(info.value)
    assert info.value.body == body


def test_control_characters_in_x_detail_are_stripped(x: Harness) -> None:
    body = {"title": "Forbidden\r\n", "detail": "line one\nline two\x1b[31m " * 50}
    with pytest.raises(xkit.Forbidden) as info:
        x.call(*READ, Script(reply(403, body)))
    assert_clean(str(info.value))
    assert len(info.value.detail) <= 300


# -- random fault sequences -------------------------------------------------------


def faults() -> st.SearchStrategy[list[Action]]:
    """One action per attempt; the server acts on a request only where marked."""
    unsent = st.sampled_from([refuse(httpx.ConnectError), refuse(httpx.ConnectTimeout)])
    lost = st.sampled_from(
        [lose(httpx.ReadTimeout), lose(httpx.RemoteProtocolError), stall(201)]
    )
    refused = st.sampled_from(
        [
            reply(401, {"title": "Unauthorized"}),
            reply(429, {"title": "Too Many Requests"}),
            rate_limited(reset="0"),
            rate_limited(capped=True, remaining="39999"),
            reply(403, {"detail": "duplicate content", "title": "Forbidden"}),
            reply(400, {"title": "Invalid Request"}),
        ]
    )
    overloaded = st.builds(
        lambda code, acted: reply(code, {"title": "Oops"}, processed=acted),
        st.sampled_from([500, 502, 503, 504]),
        st.booleans(),
    )
    done = st.just(reply(201, {"data": {"id": "9", "text": "hello"}}))
    step = st.one_of(unsent, lost, refused, overloaded, done)
    return st.lists(step, min_size=1, max_size=8)


@pytest.mark.parametrize("mode", ["sync", "async"])
@settings(max_examples=100, deadline=None)
@given(
    actions=faults(),
    wait=st.sampled_from([0.0, 60.0]),
    attempts=st.integers(1, 6),
)
def test_no_duplicate_post_under_any_fault_sequence(
    mode: str, actions: list[Action], wait: float, attempts: int
) -> None:
    x = Harness(mode)
    script = Script(*actions)
    policy = xkit.RetryPolicy(max_attempts=attempts, max_rate_limit_wait=wait)
    try:
        result = x.call(*POST, script, retry=policy, credentials=RotatingCredentials())
    except xkit.OutcomeUnknown:
        assert len(script.processed) <= 1
    except xkit.XkitError as error:
        assert not isinstance(error, xkit.OutcomeUnknown)
        assert script.processed == [], f"{error!r} after X acted"
    else:
        assert result["data"]["id"] == "9"
        assert len(script.processed) == 1
    assert len(script.processed) <= 1
    assert len(script.requests) <= attempts + 1  # + the single retry after 401


# -- parsers never raise anything but typed errors ----------------------------------


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)
problem_keys = st.sampled_from(
    ["type", "title", "detail", "errors", "message", "parameters", "status"]
)
bodies = st.one_of(
    st.binary(max_size=300),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.dictionaries(problem_keys, json_values, max_size=5).map(
        lambda v: json.dumps(v).encode()
    ),
)
header_names = st.sampled_from(
    [
        "retry-after",
        "x-rate-limit-reset",
        "x-rate-limit-remaining",
        "x-user-limit-24hour-reset",
        "content-type",
    ]
)
headers = st.dictionaries(
    header_names,
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=30),
    max_size=5,
)


@settings(max_examples=80, deadline=None)
@given(status=st.integers(400, 599), body=bodies, head=headers)
def test_error_mapping_never_raises(
    status: int, body: bytes, head: dict[str, str]
) -> None:
    response = httpx.Response(status, content=body, headers=head)
    error = error_for("twitter_post_lookup", response, now=1_700_000_000.0)
    assert isinstance(error, xkit.XkitError)
    assert "\n" not in str(error)
    if isinstance(error, xkit.RateLimited) and error.retry_after is not None:
        assert 0 <= error.retry_after < float("inf")


@settings(max_examples=80, deadline=None)
@given(status=st.integers(200, 299), body=bodies, head=headers)
def test_result_reading_never_raises_untyped(
    status: int, body: bytes, head: dict[str, str]
) -> None:
    response = httpx.Response(status, content=body, headers=head)
    try:
        result = read_result("twitter_post_lookup", response)
    except xkit.TransportError as error:
        assert "\n" not in str(error)
    else:
        assert isinstance(result, dict)
