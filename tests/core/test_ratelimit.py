"""429s: wait only within the caller's budget, never on usage caps, never unbounded."""

from __future__ import annotations

import math

import pytest
from _harness import POST, READ, USER_TOKEN, Harness, Script, ok, rate_limited, reply
from hypothesis import given, settings
from hypothesis import strategies as st

import xkit


@pytest.fixture
def x(mode: str) -> Harness:
    return Harness(mode)


def budget(seconds: float, **kw: float) -> xkit.RetryPolicy:
    return xkit.RetryPolicy(max_rate_limit_wait=seconds, **kw)  # type: ignore[arg-type]


def test_reset_beyond_budget_raises_at_once_without_sleeping(x: Harness) -> None:
    script = Script(rate_limited(reset=str(int(x.now) + 900)), ok())
    with pytest.raises(xkit.RateLimited) as info:
        x.call(*READ, script, retry=budget(30))
    assert x.sleeps == []
    assert len(script.requests) == 1
    error = info.value
    assert error.reset_at == int(x.now) + 900
    assert error.retry_after == 900
    assert error.retryable
    assert "Wait 901 seconds" in str(error)


def test_reset_within_budget_waits_exactly_once_then_retries(x: Harness) -> None:
    script = Script(rate_limited(reset=str(int(x.now) + 20)), ok())
    result = x.call(*READ, script, retry=budget(30))
    assert result["data"]
    assert x.sleeps == [20.0]
    assert len(script.requests) == 2


def test_write_waits_out_a_429_and_posts_once(x: Harness) -> None:
    # A 429 means X did not act, so a write may be sent again after the wait.
    script = Script(rate_limited(reset=str(int(x.now) + 5)), reply(201, {"data": {}}))
    x.call(*POST, script, retry=budget(30))
    assert x.sleeps == [5.0]
    assert len(script.processed) == 1


def test_no_budget_means_no_wait_even_for_a_close_reset(x: Harness) -> None:
    script = Script(rate_limited(reset=str(int(x.now) + 1)), ok())
    with pytest.raises(xkit.RateLimited):
        x.call(*READ, script)
    assert x.sleeps == []
    assert len(script.requests) == 1


def test_retry_after_header_wins_over_reset(x: Harness) -> None:
    script = Script(rate_limited(reset=str(int(x.now) + 600), retry_after="3"), ok())
    x.call(*READ, script, retry=budget(30))
    assert x.sleeps == [3.0]


@pytest.mark.parametrize("reset", [None, "soon", "", "1e10", "-1", "12.5", "0"])
def test_unusable_reset_gets_a_bounded_backoff(x: Harness, reset: str | None) -> None:
    script = Script(rate_limited(reset=reset), ok())
    x.call(*READ, script, retry=budget(30))
    assert len(x.sleeps) == 1
    assert 0 < x.sleeps[0] <= 8.0


def test_past_reset_gets_a_backoff_not_a_busy_retry(x: Harness) -> None:
    script = Script(rate_limited(reset=str(int(x.now) - 3600)), ok())
    x.call(*READ, script, retry=budget(30))
    assert x.sleeps == [0.375]


def test_persistent_429_without_reset_backs_off_exponentially_then_raises(
    x: Harness,
) -> None:
    policy = budget(1000, max_attempts=5, backoff=1.0, max_backoff=4.0)
    script = Script(rate_limited(reset=None))
    with pytest.raises(xkit.RateLimited):
        x.call(*READ, script, retry=policy)
    assert x.sleeps == [0.75, 1.5, 3.0, 3.0]
    assert len(script.requests) == 5


def test_total_rate_limit_waiting_stays_within_budget(x: Harness) -> None:
    policy = budget(10, max_attempts=10)
    script = Script(rate_limited(reset=str(int(x.now) + 4)))
    with pytest.raises(xkit.RateLimited):
        x.call(*READ, script, retry=policy)
    # The reset passes after the first wait; then backoff until the budget ends.
    assert x.sleeps == [4.0, 0.75, 1.5, 3.0]
    assert sum(x.sleeps) <= 10


@pytest.mark.parametrize("remaining", ["0", "39999"])
@pytest.mark.parametrize("wait", [0, 3600])
def test_usage_cap_is_never_retried(x: Harness, remaining: str, wait: float) -> None:
    reset = str(int(x.now) + 5)
    script = Script(rate_limited(reset=reset, remaining=remaining, capped=True), ok())
    with pytest.raises(xkit.UsageCapExceeded) as info:
        x.call(*READ, script, retry=budget(wait))
    assert x.sleeps == []
    assert len(script.requests) == 1
    error = info.value
    assert isinstance(error, xkit.RateLimited)
    assert not error.retryable
    assert error.retry_after is None
    assert "usage cap" in str(error)


def test_usage_cap_on_post_is_not_retried(x: Harness) -> None:
    script = Script(rate_limited(remaining="39999", capped=True), ok())
    with pytest.raises(xkit.UsageCapExceeded):
        x.call(*POST, script, retry=budget(3600))
    assert script.processed == []
    assert len(script.requests) == 1


def test_rate_limit_figures_including_24_hour_quotas_reach_the_result(
    x: Harness,
) -> None:
    headers = {
        "x-rate-limit-limit": "100",
        "x-rate-limit-remaining": "99",
        "x-rate-limit-reset": "1700000900",
        "x-user-limit-24hour-limit": "2400",
        "x-user-limit-24hour-remaining": "2399",
        "x-user-limit-24hour-reset": "1700086400",
        "x-app-limit-24hour-limit": "10000",
        "x-app-limit-24hour-remaining": "oops",
    }
    result = x.call(*POST, Script(reply(201, {"data": {}}, headers=headers)))
    assert result["rate_limit"] == {
        "limit": 100,
        "remaining": 99,
        "reset": 1700000900,
        "user_24h_limit": 2400,
        "user_24h_remaining": 2399,
        "user_24h_reset": 1700086400,
        "app_24h_limit": 10000,
    }


def test_rate_limited_message_holds_no_token(x: Harness) -> None:
    script = Script(rate_limited(reset=str(int(x.now) + 900)))
    with pytest.raises(xkit.RateLimited) as info:
        x.call(*READ, script)
    assert USER_TOKEN not in str(info.value)
    assert USER_TOKEN not in repr(info.value)


header_text = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40),
    st.integers(-(10**12), 10**13).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["inf", "-inf", "nan", "1e999", "Wed, 21 Oct 2015 07:28:00 GMT"]),
)


@pytest.mark.parametrize("mode", ["sync", "async"])
@settings(max_examples=60, deadline=None)
@given(
    reset=header_text,
    retry_after=header_text,
    wait=st.floats(0, 10_000),
    attempts=st.integers(1, 6),
)
def test_any_429_headers_give_finite_bounded_sleeps(
    mode: str,
    reset: str | None,
    retry_after: str | None,
    wait: float,
    attempts: int,
) -> None:
    x = Harness(mode)
    policy = budget(wait, max_attempts=attempts)
    script = Script(rate_limited(reset=reset, retry_after=retry_after))
    with pytest.raises(xkit.RateLimited) as info:
        x.call(*READ, script, retry=policy)
    assert len(script.requests) <= attempts
    assert all(math.isfinite(s) and s >= 0 for s in x.sleeps)
    assert sum(x.sleeps) <= wait
    retry_after_value = info.value.retry_after
    assert retry_after_value is None or (
        math.isfinite(retry_after_value) and retry_after_value >= 0
    )
    str(info.value)
