"""Fidelity details: fields implied by expansions, counts that add up, the
demo-oriented seed data, and the post index behind metrics."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from xkit.sandbox import Sandbox
from xkit.sandbox._corpus import TOPICS
from xkit.sandbox._world_social import SPACE_TOPICS


def ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


# -- expansions put the field they follow in the primary objects ---------------


@pytest.mark.parametrize(
    ("expansion", "field", "include"),
    [
        ("author_id", "author_id", "users"),
        ("in_reply_to_user_id", "in_reply_to_user_id", "users"),
        ("referenced_tweets.id", "referenced_tweets", "tweets"),
        ("referenced_tweets.id.author_id", "referenced_tweets", "users"),
        ("attachments.media_keys", "attachments", "media"),
        ("attachments.poll_ids", "attachments", "polls"),
        ("geo.place_id", "geo", "places"),
    ],
)
def test_tweet_expansion_adds_its_field(
    client: httpx.Client, expansion: str, field: str, include: str
) -> None:
    query = {
        "author_id": "python",
        "in_reply_to_user_id": "is:reply",
        "referenced_tweets.id": "is:quote",
        "referenced_tweets.id.author_id": "is:quote",
        "attachments.media_keys": "has:media",
        "attachments.poll_ids": "poll OR python",
        "geo.place_id": "has:geo",
    }[expansion]
    body = ok(
        client.get(
            "/2/tweets/search/recent",
            params={"query": query, "max_results": 100, "expansions": expansion},
        )
    )
    having = [p for p in body["data"] if field in p]
    assert having, f"no post carries {field}"
    assert include in body["includes"]
    if expansion == "author_id":  # every post has an author
        assert len(having) == len(body["data"])
        authors = {u["id"] for u in body["includes"]["users"]}
        assert {p["author_id"] for p in body["data"]} <= authors


def test_without_expansion_the_field_stays_out(client: httpx.Client) -> None:
    body = ok(client.get("/2/tweets/search/recent", params={"query": "python"}))
    assert all(set(p) == {"id", "text", "edit_history_tweet_ids"} for p in body["data"])
    assert "includes" not in body


def test_object_expansions_add_their_fields(client: httpx.Client, me: str) -> None:
    users = ok(
        client.get(
            "/2/users/by",
            params={"usernames": "pydata_daily,orbit_news,xkit_dev,climate_now"},
        )
    )["data"]
    ids = ",".join(u["id"] for u in users)
    pinned = ok(
        client.get("/2/users", params={"ids": ids, "expansions": "pinned_tweet_id"})
    )
    with_pin = [u for u in pinned["data"] if "pinned_tweet_id" in u]
    assert with_pin or "includes" not in pinned
    if with_pin:
        included = {t["id"] for t in pinned["includes"]["tweets"]}
        assert {u["pinned_tweet_id"] for u in with_pin} <= included

    owned = ok(
        client.get(f"/2/users/{me}/owned_lists", params={"expansions": "owner_id"})
    )
    assert all(item["owner_id"] == me for item in owned["data"])

    spaces = ok(
        client.get(
            "/2/spaces/search",
            params={"query": "python", "expansions": "creator_id,host_ids"},
        )
    )
    assert all({"creator_id", "host_ids"} <= set(s) for s in spaces["data"])
    assert "speaker_ids" not in spaces["data"][0]


# -- counts ------------------------------------------------------------------------


@pytest.mark.parametrize("granularity", ["minute", "hour", "day"])
def test_post_made_now_is_in_a_bucket(
    client: httpx.Client, app_client: httpx.Client, granularity: str
) -> None:
    made = client.post("/2/tweets", json={"text": "zyzzyva counts check"})
    assert made.status_code == 201, made.text
    for endpoint in ("recent", "all"):
        for query in ("zyzzyva", "python"):
            body = ok(
                app_client.get(
                    f"/2/tweets/counts/{endpoint}",
                    params={"query": query, "granularity": granularity},
                )
            )
            total = body["meta"]["total_tweet_count"]
            assert total == sum(b["tweet_count"] for b in body["data"])
            assert body["data"][-1]["end"] <= "2026-12-01T12:00:00.000Z"
            if query == "zyzzyva":
                assert total == 1
                assert body["data"][-1]["tweet_count"] == 1


def test_counts_still_match_search_over_a_closed_window(
    client: httpx.Client, app_client: httpx.Client
) -> None:
    window = {"start_time": "2026-11-28T00:00:00Z", "end_time": "2026-11-30T00:00:00Z"}
    counted = ok(
        app_client.get("/2/tweets/counts/recent", params={"query": "climate", **window})
    )
    found = ok(
        client.get(
            "/2/tweets/search/recent",
            params={"query": "climate", "max_results": 100, **window},
        )
    )
    total = counted["meta"]["total_tweet_count"]
    assert total == sum(b["tweet_count"] for b in counted["data"])
    assert total == found["meta"]["result_count"]


# -- seed data for the demos ---------------------------------------------------------


def test_default_user_posts_get_retweets_and_likes(sb: Sandbox) -> None:
    world, me = sb.state, sb.default_user.id
    own = [t for t in world.tweets_by(me) if t.kind == "original"]
    assert sum(world.retweets.count_sources(t.id) for t in own) >= 5
    retweets = [
        t for t in world.tweets.values() if t.retweeted_tweet_id in {o.id for o in own}
    ]
    assert retweets and all(t.author_id != me for t in retweets)
    assert all(t.created_at <= sb.clock.now() for t in retweets)
    assert sum(world.likes.count_sources(t.id) for t in own) > 0


@pytest.mark.parametrize(
    ("phrase", "topic"),
    [
        ("python", "python"),
        ("AI agents", "ai_agents"),
        ("climate", "climate"),
        ("open source", "open_source"),
        ("space exploration", "space"),
        ("coffee chat", "misc"),
    ],
)
def test_each_topic_has_spaces_one_live(
    client: httpx.Client, phrase: str, topic: str
) -> None:
    fields = "title,state,participant_count,topic_ids"
    body = ok(
        client.get(
            "/2/spaces/search",
            params={"query": phrase, "state": "all", "space.fields": fields},
        )
    )
    found = body["data"]
    assert len(found) >= 3
    live = [s for s in found if s["state"] == "live"]
    assert any(s["participant_count"] > 0 for s in live)
    assert any(SPACE_TOPICS[topic][0] in s["topic_ids"] for s in found)


def test_spaces_share_posts_on_their_topic(sb: Sandbox) -> None:
    world = sb.state
    topic_of = {tid: name for name, (tid, _, _) in SPACE_TOPICS.items()}
    shared_any = False
    for space in world.spaces.values():
        if space.state == "scheduled":
            assert not space.tweet_ids
            continue
        tags = {
            t.lstrip("#").lower() for t in TOPICS[topic_of[space.topic_ids[0]]]["tags"]
        }
        for tweet_id in space.tweet_ids:
            hashtags = {
                h["tag"].lower() for h in world.tweets[tweet_id].entities["hashtags"]
            }
            assert hashtags & tags, (space.title, world.tweets[tweet_id].text)
            shared_any = True
    assert shared_any


def test_seeded_ids_stay_stable() -> None:
    """The demo seeding comes after every earlier draw: the posts, lists, DMs
    and Spaces seeded before it keep their ids (values from before it)."""
    world = Sandbox(seed=0).state
    ids = list(world.tweets)
    assert (ids[0], ids[636]) == ("2106101417243574273", "2127729752667062909")
    assert list(world.spaces)[11] == "1Un81QxQbGPzG"
    assert list(world.lists)[-1] == "6099316863698688091"
    assert list(world.dm_events)[-1] == "2126172160127926999"
    assert len(world.spaces) > 12 and len(world.tweets) > 637


# -- the post index behind metrics ---------------------------------------------------


def test_metrics_follow_new_and_deleted_posts(
    sb: Sandbox, client: httpx.Client
) -> None:
    source = next(t for t in sb.state.tweets.values() if t.kind == "original")

    def metrics() -> dict[str, int]:
        body = ok(
            client.get(
                f"/2/tweets/{source.id}", params={"tweet.fields": "public_metrics"}
            )
        )
        found: dict[str, int] = body["data"]["public_metrics"]
        return found

    before = metrics()
    reply = ok(
        client.post(
            "/2/tweets",
            json={"text": "index check", "reply": {"in_reply_to_tweet_id": source.id}},
        ),
        201,
    )
    quote = ok(
        client.post(
            "/2/tweets", json={"text": "quote check", "quote_tweet_id": source.id}
        ),
        201,
    )
    after = metrics()
    assert after["reply_count"] == before["reply_count"] + 1
    assert after["quote_count"] == before["quote_count"] + 1
    for made in (reply, quote):
        assert client.delete(f"/2/tweets/{made['data']['id']}").status_code == 200
    assert metrics() == before
