"""Writes change the world, and reads see the change."""

from __future__ import annotations

import httpx

from xkit.sandbox import Sandbox


def test_post_then_lookup_search_timeline_delete(
    sb: Sandbox, client: httpx.Client
) -> None:
    me = sb.default_user.id
    created = client.post("/2/tweets", json={"text": "Sandbox launch day #xkitdemo"})
    assert created.status_code == 201
    post_id = created.json()["data"]["id"]
    assert client.get(f"/2/tweets/{post_id}").json()["data"]["id"] == post_id
    found = client.get("/2/tweets/search/recent", params={"query": "#xkitdemo"}).json()
    assert [t["id"] for t in found["data"]] == [post_id]
    home = client.get(f"/2/users/{me}/timelines/reverse_chronological").json()
    assert home["data"][0]["id"] == post_id
    duplicate = client.post("/2/tweets", json={"text": "Sandbox launch day #xkitdemo"})
    assert duplicate.status_code == 403
    assert "duplicate content" in duplicate.json()["detail"]
    assert client.delete(f"/2/tweets/{post_id}").json() == {"data": {"deleted": True}}
    assert "errors" in client.get(f"/2/tweets/{post_id}").json()


def test_reply_quote_poll_and_reply_settings(sb: Sandbox, client: httpx.Client) -> None:
    parent = next(t for t in sb.state.tweets.values() if t.kind == "original")
    reply = client.post(
        "/2/tweets",
        json={
            "text": "Replying in the sandbox",
            "reply": {"in_reply_to_tweet_id": parent.id},
            "reply_settings": "following",
        },
    ).json()["data"]
    stored = sb.state.tweets[reply["id"]]
    assert stored.in_reply_to_tweet_id == parent.id
    assert stored.conversation_id == parent.conversation_id
    assert stored.reply_settings == "following"
    quote = client.post(
        "/2/tweets", json={"text": "Quoting this", "quote_tweet_id": parent.id}
    ).json()["data"]
    quotes = client.get(f"/2/tweets/{parent.id}/quote_tweets").json()
    assert quote["id"] in [t["id"] for t in quotes["data"]]
    poll = client.post(
        "/2/tweets",
        json={
            "text": "Tabs or spaces?",
            "poll": {"options": ["Tabs", "Spaces"], "duration_minutes": 30},
        },
    ).json()["data"]
    body = client.get(
        f"/2/tweets/{poll['id']}",
        params={"expansions": "attachments.poll_ids", "poll.fields": "voting_status"},
    ).json()
    assert body["includes"]["polls"][0]["voting_status"] == "open"
    missing = client.post(
        "/2/tweets", json={"text": "x", "reply": {"in_reply_to_tweet_id": "1"}}
    )
    assert missing.status_code == 403
    bad_media = client.post(
        "/2/tweets", json={"text": "x", "media": {"media_ids": ["1"]}}
    )
    assert bad_media.status_code == 400


def test_like_retweet_bookmark_roundtrip(sb: Sandbox, client: httpx.Client) -> None:
    me = sb.default_user.id
    target = next(
        t
        for t in sb.state.tweets.values()
        if t.kind == "original"
        and t.author_id != me
        and not sb.state.users[t.author_id].protected
        and not sb.state.likes.has(me, t.id)
    )
    liked = client.post(f"/2/users/{me}/likes", json={"tweet_id": target.id})
    assert liked.json() == {"data": {"liked": True}}
    likers = client.get(f"/2/tweets/{target.id}/liking_users").json()
    assert likers["data"][0]["id"] == me
    mine = client.get(f"/2/users/{me}/liked_tweets").json()
    assert mine["data"][0]["id"] == target.id
    metrics = client.get(
        f"/2/tweets/{target.id}", params={"tweet.fields": "public_metrics"}
    ).json()["data"]["public_metrics"]
    assert metrics["like_count"] == sb.state.likes.count_sources(target.id)
    assert client.delete(f"/2/users/{me}/likes/{target.id}").json() == {
        "data": {"liked": False}
    }
    retweet = client.post(f"/2/users/{me}/retweets", json={"tweet_id": target.id})
    assert retweet.json()["data"]["retweeted"] is True
    users = client.get(f"/2/tweets/{target.id}/retweeted_by").json()["data"]
    assert me in [u["id"] for u in users]
    client.delete(f"/2/users/{me}/retweets/{target.id}")
    assert not sb.state.retweets.has(me, target.id)
    client.post(f"/2/users/{me}/bookmarks", json={"tweet_id": target.id})
    saved = client.get(f"/2/users/{me}/bookmarks").json()["data"]
    assert saved[0]["id"] == target.id
    client.delete(f"/2/users/{me}/bookmarks/{target.id}")
    assert not sb.state.bookmarks.has(me, target.id)


def test_follow_mute_roundtrip(sb: Sandbox, client: httpx.Client) -> None:
    me = sb.default_user.id
    target = next(
        u
        for u in sb.state.users.values()
        if u.id != me and not u.protected and not sb.state.follows.has(me, u.id)
    )
    answer = client.post(f"/2/users/{me}/following", json={"target_user_id": target.id})
    assert answer.json() == {"data": {"following": True, "pending_follow": False}}
    followers = client.get(f"/2/users/{target.id}/followers").json()["data"]
    assert followers[0]["id"] == me
    client.delete(f"/2/users/{me}/following/{target.id}")
    assert not sb.state.follows.has(me, target.id)
    protected = next(
        u
        for u in sb.state.users.values()
        if u.protected and not sb.state.follows.has(me, u.id)
    )
    pending = client.post(
        f"/2/users/{me}/following", json={"target_user_id": protected.id}
    ).json()
    assert pending["data"]["pending_follow"] is True
    assert client.post(
        f"/2/users/{me}/muting", json={"target_user_id": target.id}
    ).json() == {"data": {"muting": True}}
    muted = client.get(f"/2/users/{me}/muting", params={"max_results": 1000}).json()
    assert target.id in [u["id"] for u in muted["data"]]
    client.delete(f"/2/users/{me}/muting/{target.id}")
    assert not sb.state.mutes.has(me, target.id)


def test_reset_restores_the_seeded_world(sb: Sandbox, client: httpx.Client) -> None:
    before = len(sb.state.tweets)
    client.post("/2/tweets", json={"text": "temporary"})
    sb.clock.advance(60)
    assert len(sb.state.tweets) == before + 1
    sb.reset()
    assert len(sb.state.tweets) == before
    assert sb.requests == []
    assert client.get("/2/users/me").status_code == 200
