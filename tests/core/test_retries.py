"""Retries: reads retry on 5xx and broken connections, writes only when unsent."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime

import httpx
import pytest
from _harness import (
    ME,
    POST,
    READ,
    USER_TOKEN,
    Harness,
    RotatingCredentials,
    Script,
    lose,
    ok,
    refuse,
    reply,
    stall,
)

import xkit

UNAVAILABLE = {"title": "Service Unavailable", "type": "about:blank", "status": 503}
DUPLICATE = {
    "detail": "You are not allowed to create a Tweet with duplicate content.",
    "type": "about:blank",
    "title": "Forbidden",
    "status": 403,
}


@pytest.fixture
def x(mode: str) -> Harness:
    return Harness(mode)


def test_get_503_twice_then_200_succeeds_after_two_backoffs(x: Harness) -> None:
    script = Script(reply(503, UNAVAILABLE), reply(503, UNAVAILABLE), ok())
    result = x.call(*READ, script)
    assert result["data"]["id"] == "1445880548472328192"
    assert len(script.requests) == 3
    # Jittered exponential backoff: base 0.5 s doubled, times 0.75 (rand=0.5).
    assert x.sleeps == [0.375, 0.75]


def test_get_persistent_503_stops_at_max_attempts(x: Harness) -> None:
    script = Script(reply(503, UNAVAILABLE))
    with pytest.raises(xkit.ServerError) as info:
        x.call(*READ, script, retry=xkit.RetryPolicy(max_attempts=4))
    assert len(script.requests) == 4
    assert len(x.sleeps) == 3
    assert info.value.status == 503
    assert "Service Unavailable" in str(info.value)


def test_backoff_is_capped_and_jittered_within_bounds(x: Harness) -> None:
    policy = xkit.RetryPolicy(max_attempts=8, backoff=1.0, max_backoff=4.0)
    script = Script(reply(500, UNAVAILABLE))
    with pytest.raises(xkit.ServerError):
        x.call(*READ, script, retry=policy)
    assert len(x.sleeps) == 7
    for attempt, slept in enumerate(x.sleeps, start=1):
        base = min(4.0, 2 ** (attempt - 1))
        assert base / 2 <= slept <= base


def test_retry_after_delta_seconds_is_honoured(x: Harness) -> None:
    script = Script(reply(503, UNAVAILABLE, headers={"retry-after": "7"}), ok())
    x.call(*READ, script)
    assert x.sleeps == [7.0]


def test_retry_after_http_date_is_honoured(x: Harness) -> None:
    when = datetime.fromtimestamp(x.now + 12, UTC)
    header = format_datetime(when, usegmt=True)
    script = Script(reply(503, UNAVAILABLE, headers={"retry-after": header}), ok())
    x.call(*READ, script)
    assert x.sleeps == [12.0]


@pytest.mark.parametrize("header", ["Wed, 21 Oct 2015 07:28:00 GMT", "0", "-5"])
def test_retry_after_in_the_past_never_sleeps_negative(x: Harness, header: str) -> None:
    script = Script(reply(503, UNAVAILABLE, headers={"retry-after": header}), ok())
    x.call(*READ, script)
    assert x.sleeps == [0.0]


@pytest.mark.parametrize("header", ["soon", "inf", "nan", "1e999", ""])
def test_retry_after_garbage_falls_back_to_backoff(x: Harness, header: str) -> None:
    script = Script(reply(503, UNAVAILABLE, headers={"retry-after": header}), ok())
    x.call(*READ, script)
    assert x.sleeps == [0.375]


def test_retry_after_beyond_the_cap_is_not_retried_early(x: Harness) -> None:
    script = Script(reply(503, UNAVAILABLE, headers={"retry-after": "3600"}), ok())
    with pytest.raises(xkit.ServerError):
        x.call(*READ, script)
    assert len(script.requests) == 1
    assert x.sleeps == []


@pytest.mark.parametrize(
    "fault", [httpx.ReadTimeout, httpx.RemoteProtocolError, httpx.ReadError]
)
def test_get_broken_connection_is_retried(
    x: Harness, fault: type[httpx.TransportError]
) -> None:
    script = Script(lose(fault), ok())
    assert x.call(*READ, script)["data"]
    assert len(script.requests) == 2
    assert len(x.sleeps) == 1


def test_get_broken_connection_every_time_gives_transport_error(x: Harness) -> None:
    script = Script(lose(httpx.ReadTimeout))
    with pytest.raises(xkit.TransportError) as info:
        x.call(*READ, script)
    assert not isinstance(info.value, xkit.OutcomeUnknown)
    assert len(script.requests) == 3
    assert "ReadTimeout" in str(info.value)


def test_get_body_stalling_mid_stream_is_retried(x: Harness) -> None:
    script = Script(stall(), ok())
    assert x.call(*READ, script)["data"]
    assert len(script.requests) == 2


@pytest.mark.parametrize(
    "fault", [httpx.ReadTimeout, httpx.RemoteProtocolError, httpx.WriteTimeout]
)
def test_post_lost_answer_is_outcome_unknown_and_not_retried(
    x: Harness, fault: type[httpx.TransportError]
) -> None:
    script = Script(lose(fault), ok())
    with pytest.raises(xkit.OutcomeUnknown) as info:
        x.call(*POST, script)
    assert len(script.requests) == 1
    assert x.sleeps == []
    assert not info.value.retryable
    assert "Check the result" in str(info.value)


def test_post_body_stalling_is_outcome_unknown(x: Harness) -> None:
    script = Script(stall(201), ok())
    with pytest.raises(xkit.OutcomeUnknown):
        x.call(*POST, script)
    assert len(script.requests) == 1


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_post_5xx_is_outcome_unknown_and_not_retried(x: Harness, status: int) -> None:
    script = Script(reply(status, UNAVAILABLE), ok())
    with pytest.raises(xkit.OutcomeUnknown):
        x.call(*POST, script)
    assert len(script.requests) == 1


@pytest.mark.parametrize(
    "fault", [httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout]
)
def test_post_never_sent_is_retried_and_posts_once(
    x: Harness, fault: type[httpx.TransportError]
) -> None:
    script = Script(refuse(fault), reply(201, {"data": {"id": "9", "text": "hello"}}))
    result = x.call(*POST, script)
    assert result["data"]["id"] == "9"
    assert len(script.requests) == 2
    assert len(script.processed) == 1
    assert len(x.sleeps) == 1


def test_post_never_connecting_gives_up_without_posting(x: Harness) -> None:
    script = Script(refuse(httpx.ConnectError))
    with pytest.raises(xkit.TransportError) as info:
        x.call(*POST, script)
    assert not isinstance(info.value, xkit.OutcomeUnknown)
    assert len(script.requests) == 3
    assert script.processed == []
    assert "could not connect" in str(info.value)


def test_duplicate_after_unknown_outcome_is_duplicate_content(x: Harness) -> None:
    script = Script(lose(httpx.ReadTimeout), reply(403, DUPLICATE))
    with pytest.raises(xkit.OutcomeUnknown):
        x.call(*POST, script)
    with pytest.raises(xkit.DuplicateContent) as info:  # the agent's own retry
        x.call(*POST, script)
    assert len(script.processed) == 1
    assert isinstance(info.value, xkit.Forbidden)
    assert "earlier attempt may have posted" in str(info.value)


@pytest.mark.parametrize("fault", [httpx.ReadTimeout, httpx.RemoteProtocolError])
def test_delete_lost_answer_is_not_retried_automatically(
    x: Harness, fault: type[httpx.TransportError]
) -> None:
    script = Script(lose(fault), ok({"data": {"deleted": True}}))
    with pytest.raises(xkit.OutcomeUnknown):
        x.call("twitter_post_delete", {"id": "20"}, script)
    assert len(script.requests) == 1


def test_401_refreshes_once_then_retries_with_the_new_token(x: Harness) -> None:
    creds = RotatingCredentials()
    script = Script(reply(401, {"title": "Unauthorized"}), ok())
    assert x.call(*POST, script, credentials=creds)["data"]
    assert creds.refreshed == 1
    tokens = [r.headers["authorization"] for r in script.requests]
    assert tokens == [f"Bearer {USER_TOKEN}", f"Bearer {USER_TOKEN}-1"]
    assert len(script.processed) == 1


def test_second_401_requires_reauth(x: Harness) -> None:
    creds = RotatingCredentials(refreshes_left=5)
    script = Script(reply(401, {"title": "Unauthorized"}))
    with pytest.raises(xkit.ReauthRequired):
        x.call(*READ, script, credentials=creds)
    assert creds.refreshed == 1
    assert len(script.requests) == 2


def test_401_with_static_token_requires_reauth_without_retry(x: Harness) -> None:
    script = Script(reply(401, {"title": "Unauthorized"}), ok())
    with pytest.raises(xkit.ReauthRequired) as info:
        x.call(*READ, script)
    assert len(script.requests) == 1
    assert USER_TOKEN not in str(info.value)


def test_write_on_a_me_path_5xx_is_outcome_unknown(x: Harness) -> None:
    # twitter_post_like resolves /2/users/me first; the harness answers it.
    script = Script(reply(503, UNAVAILABLE), ok({"data": {"liked": True}}))
    with pytest.raises(xkit.OutcomeUnknown):
        x.call("twitter_post_like", {"tweet_id": "20"}, script)
    assert ME["data"]["id"] in str(script.requests[0].url)
    assert len(script.requests) == 1


def test_each_attempt_carries_the_configured_timeout(x: Harness) -> None:
    script = Script(reply(503, UNAVAILABLE), ok())
    x.call(*READ, script)
    for request in script.requests:
        timeout = request.extensions["timeout"]
        assert timeout == httpx.Timeout(30.0).as_dict()
