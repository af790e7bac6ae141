"""Spec conformance of lists, media, DMs, Spaces and the app-level endpoints.

Same data-table style as `test_schema.py` (rows run by the `run_row` fixture);
the `ids` here come from the seeded world plus a little set-up (uploads).
"""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest

from xkit.sandbox import Sandbox
from xkit.sandbox.routes.static import sample_png

# Same shape as `conftest.Row` (not imported: `tests/demos` has a conftest too).
Row = tuple[str, str, str, str, Any, str, int]

LF = "list.fields=created_at,description,follower_count,member_count,owner_id,private"
SF = (
    "space.fields=created_at,creator_id,host_ids,invited_user_ids,is_ticketed,lang,"
    "participant_count,scheduled_start,speaker_ids,started_at,state,title,topic_ids,"
    "updated_at,ended_at,subscriber_count"
)
SX = "expansions=creator_id,host_ids,speaker_ids,topic_ids&topic.fields=description"
DF = (
    "dm_event.fields=id,text,event_type,created_at,dm_conversation_id,sender_id,"
    "participant_ids,attachments,referenced_tweets"
    "&expansions=sender_id,participant_ids,attachments.media_keys"
    "&media.fields=url,type,width,height"
)
UF = "user.fields=username,public_metrics,receives_your_dm"
PNG = base64.b64encode(sample_png()).decode()
MP4 = base64.b64decode("AAAAIGZ0eXBpc29tAAACAGlzb21pc28yYXZjMW1wNDE=")


def R(line: str, token: str, status: int, query: str = "", body: Any = None) -> Row:
    """A row from `"METHOD spec_path [concrete_path]"` plus the rest."""
    method, spec_path, *concrete = line.split()
    return (
        spec_path,
        method,
        concrete[0] if concrete else spec_path,
        query,
        body,
        token,
        status,
    )


ROWS: list[Row] = [
    # lists
    R("POST /2/lists", "user", 200, "", {"name": "Mine", "private": True}),
    R("POST /2/lists", "user", 400, "", {"name": "x" * 26}),
    R("GET /2/lists/{id} /2/lists/{list}", "app", 200, f"{LF}&expansions=owner_id"),
    R("GET /2/lists/{id} /2/lists/{missing}", "user", 200),
    R("PUT /2/lists/{id} /2/lists/{list}", "user", 200, "", {"name": "Renamed"}),
    R("PUT /2/lists/{id} /2/lists/{their_list}", "user", 403, "", {"name": "No"}),
    R("DELETE /2/lists/{id} /2/lists/{list}", "user", 200),
    R("GET /2/lists/{id}/tweets /2/lists/{list}/tweets", "user", 200, "max_results=5"),
    R("GET /2/lists/{id}/members /2/lists/{list}/members", "user", 200, UF),
    R(
        "POST /2/lists/{id}/members /2/lists/{list}/members",
        "user",
        200,
        "",
        {"user_id": "{user}"},
    ),
    R(
        "DELETE /2/lists/{id}/members/{user_id} /2/lists/{list}/members/{member}",
        "user",
        200,
    ),
    R("GET /2/lists/{id}/followers /2/lists/{their_list}/followers", "user", 200),
    R("GET /2/users/{id}/owned_lists /2/users/{me}/owned_lists", "user", 200, LF),
    R("GET /2/users/{id}/followed_lists /2/users/{me}/followed_lists", "user", 200, LF),
    R(
        "GET /2/users/{id}/list_memberships /2/users/{me}/list_memberships",
        "user",
        200,
        LF,
    ),
    R("GET /2/users/{id}/pinned_lists /2/users/{me}/pinned_lists", "user", 200, LF),
    R(
        "POST /2/users/{id}/followed_lists /2/users/{me}/followed_lists",
        "user",
        200,
        "",
        {"list_id": "{their_list}"},
    ),
    R(
        "DELETE /2/users/{id}/followed_lists/{list_id}"
        " /2/users/{me}/followed_lists/{their_list}",
        "user",
        200,
    ),
    R(
        "POST /2/users/{id}/pinned_lists /2/users/{me}/pinned_lists",
        "user",
        200,
        "",
        {"list_id": "{list}"},
    ),
    R(
        "DELETE /2/users/{id}/pinned_lists/{list_id} /2/users/{me}/pinned_lists/{list}",
        "user",
        200,
    ),
    # media
    R(
        "POST /2/media/upload",
        "user",
        200,
        "",
        {"media": PNG, "media_category": "tweet_image"},
    ),
    R(
        "POST /2/media/upload",
        "user",
        400,
        "",
        {"media": "%%%", "media_category": "tweet_image"},
    ),
    R(
        "POST /2/media/upload/initialize",
        "user",
        200,
        "",
        {
            "total_bytes": 1000,
            "media_type": "video/mp4",
            "media_category": "tweet_video",
        },
    ),
    R(
        "POST /2/media/upload/{id}/append /2/media/upload/{session}/append",
        "user",
        200,
        "",
        {"media": base64.b64encode(MP4).decode(), "segment_index": 0},
    ),
    R(
        "POST /2/media/upload/{id}/finalize /2/media/upload/{session}/finalize",
        "user",
        400,
    ),
    R(
        "POST /2/media/upload/{id}/finalize /2/media/upload/{appended}/finalize",
        "user",
        200,
    ),
    R("GET /2/media/upload", "user", 200, "command=STATUS&media_id={photo}"),
    R("GET /2/media/upload", "user", 404, "command=STATUS&media_id={missing}"),
    R(
        "POST /2/media/metadata",
        "user",
        200,
        "",
        {"id": "{photo}", "metadata": {"alt_text": {"text": "A gradient"}}},
    ),
    R(
        "POST /2/media/metadata",
        "user",
        400,
        "",
        {"id": "{photo}", "metadata": {"alt_text": {"text": "x" * 1001}}},
    ),
    # direct messages
    R(
        "POST /2/dm_conversations/with/{participant_id}/messages"
        " /2/dm_conversations/with/{follower}/messages",
        "user",
        201,
        "",
        {"text": "Hi!"},
    ),
    R(
        "POST /2/dm_conversations/with/{participant_id}/messages"
        " /2/dm_conversations/with/{closed}/messages",
        "user",
        403,
        "",
        {"text": "Hi!"},
    ),
    R(
        "POST /2/dm_conversations/{dm_conversation_id}/messages"
        " /2/dm_conversations/{group}/messages",
        "user",
        201,
        "",
        {"text": "All", "attachments": [{"media_id": "{photo}"}]},
    ),
    R(
        "POST /2/dm_conversations",
        "user",
        201,
        "",
        {
            "conversation_type": "Group",
            "participant_ids": ["{user}", "{follower}"],
            "message": {"text": "Welcome"},
        },
    ),
    R("GET /2/dm_events", "user", 200, DF),
    R(
        "GET /2/dm_conversations/with/{participant_id}/dm_events"
        " /2/dm_conversations/with/{peer}/dm_events",
        "user",
        200,
        DF,
    ),
    R(
        "GET /2/dm_conversations/{id}/dm_events /2/dm_conversations/{group}/dm_events",
        "user",
        200,
        DF,
    ),
    R(
        "GET /2/dm_conversations/{id}/dm_events"
        " /2/dm_conversations/{not_mine}/dm_events",
        "user",
        403,
    ),
    R("GET /2/dm_events/{event_id} /2/dm_events/{my_dm}", "user", 200, DF),
    R("GET /2/dm_events/{event_id} /2/dm_events/{missing}", "user", 200),
    R("DELETE /2/dm_events/{event_id} /2/dm_events/{their_dm}", "user", 403),
    R("DELETE /2/dm_events/{event_id} /2/dm_events/{my_dm}", "user", 200),
    # Spaces
    R("GET /2/spaces/{id} /2/spaces/{live}", "app", 200, f"{SF}&{SX}"),
    R("GET /2/spaces/{id} /2/spaces/1zzzzzzzzzzzz", "user", 200),
    R("GET /2/spaces", "user", 200, "ids={live},1zzzzzzzzzzzz&" + SF),
    R("GET /2/spaces/search", "user", 200, f"query=climate&state=live&{SF}"),
    R("GET /2/spaces/by/creator_ids", "user", 200, "user_ids={me}&" + SF),
    R(
        "GET /2/spaces/{id}/tweets /2/spaces/{live}/tweets",
        "user",
        200,
        "expansions=author_id",
    ),
    R("GET /2/spaces/{id}/buyers /2/spaces/{ticketed}/buyers", "user", 200, UF),
    R("GET /2/spaces/{id}/buyers /2/spaces/{live}/buyers", "user", 403),
    # app-level
    R(
        "GET /2/usage/tweets",
        "app",
        200,
        "days=3&usage.fields=daily_project_usage,daily_client_app_usage,project_id,project_cap",
    ),
    R("GET /2/usage/tweets", "user", 403),
    R("POST /2/compliance/jobs", "app", 200, "", {"type": "tweets", "name": "check"}),
    R("GET /2/compliance/jobs", "app", 200, "type=tweets"),
    R("GET /2/compliance/jobs/{id} /2/compliance/jobs/{job}", "app", 200),
    R(
        "POST /2/activity/subscriptions",
        "app",
        200,
        "",
        {"event_type": "post.create", "filter": {"user_id": "{me}"}, "tag": "mine"},
    ),
    R(
        "POST /2/activity/subscriptions",
        "app",
        400,
        "",
        {"event_type": "nope", "filter": {}},
    ),
    R("GET /2/openapi.json", "none", 200),
]


def _setup(sb: Sandbox, path: str, body: Any) -> str:
    token = sb.issue_token()
    request = httpx.Request(
        "POST",
        f"https://api.x.com{path}",
        json=body,
        headers={"authorization": f"Bearer {token}"},
    )
    response = sb.handle(request)
    assert response.status_code < 300, response.text
    return str(response.json()["data"]["id"])


@pytest.fixture
def ids(sb: Sandbox) -> dict[str, str]:
    world, me = sb.state, sb.default_user.id
    mine = next(i.id for i in world.lists.values() if i.owner_id == me)
    pinned = set(world.pinned_lists.targets(me))
    unpinned = next(
        i.id for i in world.lists.values() if i.owner_id == me and i.id not in pinned
    )
    theirs = next(
        i.id
        for i in world.lists.values()
        if i.owner_id != me and not i.private and not world.blocks.has(i.owner_id, me)
    )
    conversations = list(world.dm_conversations.values())
    peer = next(c for c in conversations if me in c.participant_ids and not c.is_group)
    init = {"total_bytes": len(MP4), "media_type": "video/mp4"}
    png = sample_png()
    image = {"total_bytes": len(png), "media_type": "image/png"}
    appended = _setup(sb, "/2/media/upload/initialize", image)
    chunk = {"media": PNG, "segment_index": 0}
    _setup_append = httpx.Request(
        "POST",
        f"https://api.x.com/2/media/upload/{appended}/append",
        json=chunk,
        headers={"authorization": f"Bearer {sb.issue_token()}"},
    )
    assert sb.handle(_setup_append).status_code == 200
    events = list(world.dm_events.values())
    return {
        "me": me,
        "missing": "1",
        "user": sb.user_by_username("pydata_daily").id,
        "list": unpinned if mine in pinned else mine,
        "their_list": theirs,
        "member": world.list_members.targets(unpinned)[0],
        "follower": next(
            u for u in world.follows.sources(me) if world.accepts_dm(u, me)
        ),
        "closed": next(
            u
            for u in world.users
            if u != me
            and not world.accepts_dm(u, me)
            and world.dm_conversations.get("-".join(sorted((u, me), key=int))) is None
        ),
        "group": next(
            c.id for c in conversations if me in c.participant_ids and c.is_group
        ),
        "peer": next(i for i in peer.participant_ids if i != me),
        "not_mine": next(c.id for c in conversations if me not in c.participant_ids),
        "my_dm": next(e.id for e in events if e.sender_id == me and e.text),
        "their_dm": next(
            e.id
            for e in events
            if e.sender_id != me
            and e.text
            and me in world.dm_conversations[e.dm_conversation_id].participant_ids
        ),
        "photo": _setup(
            sb, "/2/media/upload", {"media": PNG, "media_category": "dm_image"}
        ),
        "session": _setup(sb, "/2/media/upload/initialize", init),
        "appended": appended,
        "live": next(s.id for s in world.spaces.values() if s.state == "live"),
        "ticketed": next(s.id for s in world.spaces.values() if s.is_ticketed),
        "job": next(iter(world.compliance_jobs)),
    }


@pytest.mark.parametrize(
    "row", ROWS, ids=[f"{r[1]} {r[2]} {r[5]} {r[6]}" for r in ROWS]
)
def test_response_matches_spec(run_row: Any, ids: dict[str, str], row: Row) -> None:
    run_row(row, ids)


def test_every_row_is_routed() -> None:
    from xkit.sandbox._app import ROUTES

    served = {(r.method, r.path) for r in ROUTES}
    for row in ROWS:
        assert (row[1], row[0]) in served
