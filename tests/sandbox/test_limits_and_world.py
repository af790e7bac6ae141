"""Rate-limit windows on the fake clock, usage caps and seeded determinism."""

from __future__ import annotations

from typing import Any

from xkit.sandbox import Sandbox


def test_rate_limit_window_arithmetic(connect: Any) -> None:
    sb = Sandbox(rate_limits={"POST /2/tweets": (3, 900)})
    start = int(sb.clock.timestamp())
    with connect(sb, sb.issue_token()) as http:
        seen = []
        for n in range(4):
            response = http.post("/2/tweets", json={"text": f"post {n}"})
            seen.append(
                (response.status_code, response.headers["x-rate-limit-remaining"])
            )
        assert seen == [(201, "2"), (201, "1"), (201, "0"), (429, "0")]
        assert response.headers["x-rate-limit-reset"] == str(start + 900)
        sb.clock.advance(899)
        assert http.post("/2/tweets", json={"text": "early"}).status_code == 429
        sb.clock.advance(1)
        fresh = http.post("/2/tweets", json={"text": "after the window"})
        assert fresh.status_code == 201
        assert fresh.headers["x-rate-limit-remaining"] == "2"
        assert fresh.headers["x-rate-limit-reset"] == str(start + 1800)
        # Windows are per user: another account has its own budget.
        other = sb.issue_token("orbit_news")
        with connect(sb, other) as second:
            assert second.post("/2/tweets", json={"text": "mine"}).status_code == 201


def test_usage_cap_counts_posts_read(connect: Any) -> None:
    sb = Sandbox()
    used = sb.month_usage()
    sb.monthly_post_cap = used + 15
    with connect(sb, sb.issue_app_token()) as http:
        params = {"query": "python", "max_results": 10}
        assert http.get("/2/tweets/search/recent", params=params).status_code == 200
        assert http.get("/2/tweets/search/recent", params=params).status_code == 200
        capped = http.get("/2/tweets/search/recent", params=params)
    assert capped.status_code == 429
    assert capped.json()["type"].endswith("usage-capped")


def test_same_seed_same_world_different_seed_different_world() -> None:
    one, two, other = Sandbox(seed=7), Sandbox(seed=7), Sandbox(seed=8)
    assert one.state.users.keys() == two.state.users.keys()
    assert [t.text for t in one.state.tweets.values()] == [
        t.text for t in two.state.tweets.values()
    ]
    assert one.state.users.keys() != other.state.users.keys()


def test_world_is_rich_enough(sb: Sandbox) -> None:
    world = sb.state
    me = sb.default_user.id
    assert len(world.users) >= 50
    assert len(world.tweets) >= 500
    assert sum(u.protected for u in world.users.values()) >= 1
    assert len(world.follows.sources(me)) >= 24
    assert world.tweets_by(me)
    assert {s.state for s in world.spaces.values()} == {"live", "scheduled", "ended"}
    assert any(s.is_ticketed and s.buyer_ids for s in world.spaces.values())
    assert any(c.is_group for c in world.dm_conversations.values())
    assert all(len(s.id) == 13 for s in world.spaces.values())
    for tweet in world.tweets.values():
        assert 15 <= len(tweet.id) <= 19
    assert sb.clock.now().isoformat() == "2026-12-01T12:00:00+00:00"
