"""The search query language, checked against the seeded world."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from xkit.sandbox import Sandbox


def search(client: httpx.Client, query: str, **params: Any) -> list[dict[str, Any]]:
    fields = "author_id,entities,referenced_tweets,lang,attachments,in_reply_to_user_id"
    found: list[dict[str, Any]] = []
    token = None
    while True:
        page = {"query": query, "max_results": 100, "tweet.fields": fields, **params}
        if token:
            page["next_token"] = token
        response = client.get("/2/tweets/search/recent", params=page)
        assert response.status_code == 200, response.text
        body = response.json()
        found += body.get("data", [])
        token = body["meta"].get("next_token")
        if not token:
            return found


def tags(post: dict[str, Any]) -> set[str]:
    return {h["tag"].lower() for h in post.get("entities", {}).get("hashtags", [])}


def test_keyword_is_case_insensitive(client: httpx.Client) -> None:
    lower, upper = search(client, "python"), search(client, "PYTHON")
    assert lower and lower == upper
    assert all("python" in p["text"].lower() for p in lower)


def test_or_and_grouping(client: httpx.Client) -> None:
    either = {p["id"] for p in search(client, "climate OR space")}
    climate = {p["id"] for p in search(client, "climate")}
    space = {p["id"] for p in search(client, "space")}
    assert either == climate | space
    both = {p["id"] for p in search(client, "(climate OR space) python")}
    assert both <= either


def test_negation_and_is_operators(client: httpx.Client) -> None:
    originals = search(client, "python -is:retweet -is:reply -is:quote")
    assert originals
    assert all("referenced_tweets" not in p for p in originals)
    retweets = search(client, "python is:retweet")
    assert retweets
    assert all(p["text"].startswith("RT @") for p in retweets)
    replies = search(client, "agents is:reply")
    assert all(
        r["type"] == "replied_to" for p in replies for r in p["referenced_tweets"]
    )
    quotes = search(client, "climate is:quote")
    assert all(
        any(r["type"] == "quoted" for r in p["referenced_tweets"]) for p in quotes
    )


def test_phrase_hashtag_mention_from_to_lang(sb: Sandbox, client: httpx.Client) -> None:
    phrase = search(client, '"open source"')
    assert phrase and all("open source" in p["text"].lower() for p in phrase)
    tagged = search(client, "#AIagents")
    assert tagged and all("aiagents" in tags(p) for p in tagged)
    author = sb.user_by_username("orbit_news")
    posts = search(client, "from:orbit_news")
    assert posts and all(p["author_id"] == author.id for p in posts)
    replies = search(client, "to:xkit_dev")
    assert all(p["in_reply_to_user_id"] == sb.default_user.id for p in replies)
    mention = search(client, "@xkit_dev")
    for post in mention:
        names = {m["username"] for m in post["entities"]["mentions"]}
        assert "xkit_dev" in names
    spanish = search(client, "lang:es (python OR climate OR buenos)")
    assert spanish and all(p["lang"] == "es" for p in spanish)


def test_has_operators(client: httpx.Client) -> None:
    media = search(client, "has:media (python OR climate OR space OR agents)")
    assert media and all(p["attachments"].get("media_keys") for p in media)
    links = search(client, "has:links (python OR agents OR climate OR space OR source)")
    assert links and all(p["entities"].get("urls") for p in links)


def test_counts_agree_with_search(
    client: httpx.Client, app_client: httpx.Client
) -> None:
    recent = app_client.get("/2/tweets/counts/recent", params={"query": "climate"})
    total = recent.json()["meta"]["total_tweet_count"]
    assert total == len(search(app_client, "climate"))
    as_user = client.get("/2/tweets/counts/recent", params={"query": "climate"})
    assert as_user.status_code == 403  # app-only endpoint


def test_counts_all_sees_older_posts(app_client: httpx.Client) -> None:
    recent = app_client.get("/2/tweets/counts/recent", params={"query": "climate"})
    archive = app_client.get(
        "/2/tweets/counts/all", params={"query": "climate", "granularity": "day"}
    )
    assert (
        archive.json()["meta"]["total_tweet_count"]
        > recent.json()["meta"]["total_tweet_count"]
    )
    buckets = archive.json()["data"]
    assert (
        sum(b["tweet_count"] for b in buckets)
        == archive.json()["meta"]["total_tweet_count"]
    )
    minute = app_client.get(
        "/2/tweets/counts/recent",
        params={
            "query": "python",
            "granularity": "minute",
            "start_time": "2026-12-01T10:00:00Z",
            "end_time": "2026-12-01T11:00:00Z",
        },
    )
    assert len(minute.json()["data"]) == 60


@pytest.mark.parametrize(
    "query", ["python (", "(python", "-python", "OR python", "foo:bar python", '"open']
)
def test_invalid_queries_are_400(client: httpx.Client, query: str) -> None:
    response = client.get("/2/tweets/search/recent", params={"query": query})
    assert response.status_code == 400
    assert response.json()["type"].endswith("invalid-request")


def test_start_time_before_seven_days_is_rejected(client: httpx.Client) -> None:
    response = client.get(
        "/2/tweets/search/recent",
        params={"query": "python", "start_time": "2026-11-01T00:00:00Z"},
    )
    assert response.status_code == 400
