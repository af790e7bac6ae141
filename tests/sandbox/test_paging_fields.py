"""Pagination, field selection and expansions."""

from __future__ import annotations

import httpx

from xkit.sandbox import Sandbox


def test_followers_paginate_without_overlap(sb: Sandbox, client: httpx.Client) -> None:
    me = sb.default_user.id
    seen: list[str] = []
    params: dict[str, str | int] = {"max_results": 10}
    pages = 0
    while True:
        body = client.get(f"/2/users/{me}/followers", params=params).json()
        seen += [u["id"] for u in body.get("data", [])]
        pages += 1
        assert body["meta"]["result_count"] == len(body.get("data", []))
        if "next_token" not in body["meta"]:
            break
        params["pagination_token"] = body["meta"]["next_token"]
    assert len(seen) == len(set(seen)) == len(sb.state.follows.sources(me))
    assert pages == -(-len(seen) // 10)
    assert "previous_token" in body["meta"]


def test_bad_pagination_token_is_400(sb: Sandbox, client: httpx.Client) -> None:
    me = sb.default_user.id
    response = client.get(
        f"/2/users/{me}/followers", params={"pagination_token": "zzzzzzzzzzzzzzzzz"}
    )
    assert response.status_code == 400


def test_search_next_token(client: httpx.Client) -> None:
    first = client.get(
        "/2/tweets/search/recent", params={"query": "python", "max_results": 10}
    ).json()
    token = first["meta"]["next_token"]
    second = client.get(
        "/2/tweets/search/recent",
        params={"query": "python", "max_results": 10, "next_token": token},
    ).json()
    assert not {t["id"] for t in first["data"]} & {t["id"] for t in second["data"]}
    assert first["meta"]["oldest_id"] > second["meta"]["newest_id"]


def test_default_fields_only(client: httpx.Client) -> None:
    body = client.get("/2/tweets/search/recent", params={"query": "python"}).json()
    assert set(body["data"][0]) == {"id", "text", "edit_history_tweet_ids"}
    me = client.get("/2/users/me").json()["data"]
    assert set(me) == {"id", "name", "username"}


def test_expansions_join_by_id(sb: Sandbox, client: httpx.Client) -> None:
    body = client.get(
        "/2/tweets/search/recent",
        params={
            "query": "has:media OR is:quote OR is:reply",
            "max_results": 100,
            "tweet.fields": "author_id,attachments,referenced_tweets",
            "expansions": "author_id,attachments.media_keys,referenced_tweets.id",
            "user.fields": "username",
            "media.fields": "type,url",
        },
    ).json()
    users = {u["id"] for u in body["includes"]["users"]}
    media = {m["media_key"] for m in body["includes"]["media"]}
    tweets = {t["id"] for t in body["includes"]["tweets"]}
    for post in body["data"]:
        assert post["author_id"] in users
        for key in post.get("attachments", {}).get("media_keys", []):
            assert key in media
        for ref in post.get("referenced_tweets", []):
            assert ref["id"] in tweets or ref["id"] not in sb.state.tweets


def test_unknown_field_and_expansion_are_400(client: httpx.Client) -> None:
    bad_field = client.get("/2/users/me", params={"tweet.fields": "bogus"})
    assert bad_field.status_code == 400
    error = bad_field.json()["errors"][0]
    assert error["parameters"] == {"tweet.fields": ["bogus"]}
    bad_expansion = client.get("/2/users/me", params={"expansions": "author_id"})
    assert bad_expansion.status_code == 400
    unknown_param = client.get("/2/users/me", params={"colour": "blue"})
    assert unknown_param.status_code == 400


def test_post_fields_alias_is_accepted(client: httpx.Client) -> None:
    body = client.get(
        "/2/tweets/search/recent", params={"query": "python", "post.fields": "lang"}
    ).json()
    assert "lang" in body["data"][0]


def test_batch_lookup_reports_missing_ids(sb: Sandbox, client: httpx.Client) -> None:
    known = next(iter(sb.state.users))
    body = client.get("/2/users", params={"ids": f"{known},1"}).json()
    assert [u["id"] for u in body["data"]] == [known]
    assert body["errors"][0]["resource_id"] == "1"
