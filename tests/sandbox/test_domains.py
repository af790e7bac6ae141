"""Behaviour of lists, media uploads, DMs, Spaces and the app-level endpoints."""

from __future__ import annotations

import base64
import json
import sys
from typing import Any

import httpx

from xkit.sandbox import Sandbox
from xkit.sandbox.routes.static import sample_gif, sample_png

MB = 1024 * 1024


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


# -- lists ----------------------------------------------------------------------


def test_only_the_owner_changes_a_list(sb: Sandbox, client: httpx.Client) -> None:
    created = client.post("/2/lists", json={"name": "Agents", "private": True})
    list_id = created.json()["data"]["id"]
    other = sb.issue_token("pydata_daily")
    headers = {"authorization": f"Bearer {other}"}
    renamed = client.put(f"/2/lists/{list_id}", json={"name": "x"}, headers=headers)
    assert renamed.status_code == 404  # private: invisible to anyone else
    assert client.get(f"/2/lists/{list_id}", headers=headers).json()["errors"]
    user = sb.user_by_username("orbit_news").id
    added = client.post(f"/2/lists/{list_id}/members", json={"user_id": user})
    assert added.json() == {"data": {"is_member": True}}
    assert client.get(f"/2/lists/{list_id}/members").json()["data"][0]["id"] == user
    assert client.delete(f"/2/lists/{list_id}").json() == {"data": {"deleted": True}}
    assert not sb.state.list_members.targets(list_id)


def test_someone_elses_list_is_403(sb: Sandbox, client: httpx.Client) -> None:
    me = sb.default_user.id
    theirs = next(i for i in sb.state.lists.values() if i.owner_id != me)
    assert client.delete(f"/2/lists/{theirs.id}").status_code in {403, 404}
    assert client.put(f"/2/lists/{theirs.id}", json={"name": "x"}).status_code in {
        403,
        404,
    }


# -- media ----------------------------------------------------------------------


def _chunked(client: httpx.Client, data: bytes, media_type: str, chunk: int) -> str:
    init = {"total_bytes": len(data), "media_type": media_type}
    media_id = client.post("/2/media/upload/initialize", json=init).json()["data"]["id"]
    for index, offset in enumerate(range(0, len(data), chunk)):
        part = {"media": _b64(data[offset : offset + chunk]), "segment_index": index}
        response = client.post(f"/2/media/upload/{media_id}/append", json=part)
        assert response.status_code == 200, response.text
    return str(media_id)


def test_video_processing_advances_with_polls(client: httpx.Client) -> None:
    video = base64.b64decode("AAAAIGZ0eXBpc29tAAACAGlzb21pc28yYXZjMW1wNDE=") * 1000
    media_id = _chunked(client, video, "video/mp4", 10_000)
    post = {"text": "Look", "media": {"media_ids": [media_id]}}
    done = client.post(f"/2/media/upload/{media_id}/finalize").json()["data"]
    assert done["processing_info"]["state"] == "pending"
    assert client.post("/2/tweets", json=post).status_code == 400
    states = []
    for _ in range(5):
        query = {"command": "STATUS", "media_id": media_id}
        info = client.get("/2/media/upload", params=query).json()["data"]
        states.append(info["processing_info"]["state"])
        if states[-1] == "succeeded":
            break
    assert states[0] == "in_progress" and states[-1] == "succeeded"
    assert client.post("/2/tweets", json=post).status_code == 201


def test_processing_follows_the_fake_clock(sb: Sandbox, client: httpx.Client) -> None:
    media_id = _chunked(client, sample_gif(), "image/gif", 1000)
    client.post(f"/2/media/upload/{media_id}/finalize")
    sb.clock.advance(60)
    post = {"text": "A gif", "media": {"media_ids": [media_id]}}
    assert client.post("/2/tweets", json=post).status_code == 201


def test_finalize_needs_every_byte(client: httpx.Client) -> None:
    init = {"total_bytes": 100, "media_type": "video/mp4"}
    media_id = client.post("/2/media/upload/initialize", json=init).json()["data"]["id"]
    part = {"media": _b64(b"x" * 60), "segment_index": 0}
    client.post(f"/2/media/upload/{media_id}/append", json=part)
    assert client.post(f"/2/media/upload/{media_id}/finalize").status_code == 400
    extra = {"media": _b64(b"x" * 50), "segment_index": 1}
    assert client.post(f"/2/media/upload/{media_id}/append", json=extra).is_error


def test_big_chunked_upload_keeps_no_bytes(sb: Sandbox, client: httpx.Client) -> None:
    chunk = b"\x00" * (4 * MB)
    init = {"total_bytes": 32 * MB, "media_type": "video/mp4"}
    media_id = client.post("/2/media/upload/initialize", json=init).json()["data"]["id"]
    for index in range(8):
        part = {"media": _b64(chunk), "segment_index": index}
        assert client.post(f"/2/media/upload/{media_id}/append", json=part).is_success
    media = next(m for m in sb.state.media.values() if m.id == media_id)
    held = sys.getsizeof(media.head) + sum(
        sys.getsizeof(d) for _, d in media.segments.values()
    )
    assert held < 4096
    assert client.post(f"/2/media/upload/{media_id}/finalize").is_success


def test_multipart_upload_and_alt_text(client: httpx.Client) -> None:
    files = {"media": ("a.png", sample_png(), "image/png")}
    data = {"media_category": "tweet_image"}
    response = client.post("/2/media/upload", files=files, data=data)
    assert response.status_code == 200, response.text
    media_id = response.json()["data"]["id"]
    long_alt = {"id": media_id, "metadata": {"alt_text": {"text": "x" * 1001}}}
    assert client.post("/2/media/metadata", json=long_alt).status_code == 400
    alt = {"id": media_id, "metadata": {"alt_text": {"text": "A gradient"}}}
    assert client.post("/2/media/metadata", json=alt).is_success
    post = {"text": "Gradient", "media": {"media_ids": [media_id]}}
    assert client.post("/2/tweets", json=post).status_code == 201


# -- DMs ------------------------------------------------------------------------


def test_followers_mostly_accept_dms(sb: Sandbox) -> None:
    me = sb.default_user.id
    followers = sb.state.follows.sources(me)
    accepting = [u for u in followers if sb.state.accepts_dm(u, me)]
    assert len(accepting) >= 0.9 * len(followers)
    assert any(not sb.state.accepts_dm(u, me) for u in sb.state.users if u != me)


def test_dm_creates_the_conversation(sb: Sandbox, client: httpx.Client) -> None:
    me = sb.default_user.id
    world = sb.state
    target = next(
        u
        for u in world.follows.sources(me)
        if world.accepts_dm(u, me)
        and "-".join(sorted((u, me), key=int)) not in world.dm_conversations
    )
    sent = client.post(
        f"/2/dm_conversations/with/{target}/messages", json={"text": "Hi"}
    )
    assert sent.status_code == 201
    conversation = sent.json()["data"]["dm_conversation_id"]
    assert set(world.dm_conversations[conversation].participant_ids) == {me, target}
    events = client.get(f"/2/dm_conversations/{conversation}/dm_events").json()
    assert events["data"][0]["text"] == "Hi"


# -- Spaces and app-level -------------------------------------------------------


def test_space_search_filters_by_state(client: httpx.Client) -> None:
    found = client.get("/2/spaces/search", params={"query": "ai", "state": "live"})
    assert all(s["state"] == "live" for s in found.json().get("data", []))
    every = client.get("/2/spaces/search", params={"query": "agents"}).json()
    assert len({s["state"] for s in every["data"]}) > 1


def test_label_stream_is_finite_ndjson(app_client: httpx.Client) -> None:
    response = app_client.get("/2/tweets/label/stream", params={"backfill_minutes": 5})
    lines = [json.loads(x) for x in response.content.splitlines() if x.strip()]
    assert lines and all("public_tweet_notice" in x["data"] for x in lines)


def test_compliance_job_completes_over_time(
    sb: Sandbox, app_client: httpx.Client
) -> None:
    job = app_client.post("/2/compliance/jobs", json={"type": "users"}).json()["data"]
    assert job["status"] == "created"
    sb.clock.advance(600)
    again = app_client.get(f"/2/compliance/jobs/{job['id']}").json()["data"]
    assert again["status"] == "complete"


def test_openapi_needs_no_token(sb: Sandbox, connect: object) -> None:
    with httpx.Client(base_url="https://api.x.com", transport=sb.transport()) as http:
        spec = http.get("/2/openapi.json").json()
    assert spec["info"]["version"] == "2.166"


def test_reply_settings_are_enforced(sb: Sandbox, connect: Any) -> None:
    author = sb.user_by_username("orbit_news")
    stranger = next(
        u
        for u in sb.state.users.values()
        if u.id != author.id and not sb.state.follows.has(author.id, u.id)
    )
    with connect(sb, sb.issue_token("orbit_news")) as http:
        body = {"text": "Followers only", "reply_settings": "following"}
        parent = http.post("/2/tweets", json=body).json()["data"]["id"]
    reply = {"text": "Me too", "reply": {"in_reply_to_tweet_id": parent}}
    with connect(sb, sb.issue_token(stranger.username)) as http:
        assert http.post("/2/tweets", json=reply).status_code == 403
