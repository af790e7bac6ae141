"""Every registered tool, called through the real Toolkit against the sandbox.

`ARGS` maps each tool to a small function that builds valid arguments from the
seeded world of a fresh `Toolkit(sandbox=True)` (acting as `xkit_dev` with every
scope and an app token): real ids, and any setup the call needs (an upload
session to append to, a reply to hide...). Each tool runs through `tk.call` and
through `await tk.acall`. `FAILS` lists deliberate mistakes with the typed
exception they must raise.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest

import xkit
from xkit import Forbidden, NotFound
from xkit._errors import ApiError
from xkit.sandbox import Sandbox
from xkit.sandbox._clock import iso
from xkit.sandbox._state import Tweet, World
from xkit.sandbox.routes.static import sample_png
from xkit.tools import REGISTRY

Args = dict[str, Any]
Builder = Callable[[Sandbox], Args]

MP4_HEAD = base64.b64decode("AAAAIGZ0eXBpc29tAAACAGlzb21pc28yYXZjMW1wNDE=")
PNG = base64.b64encode(sample_png()).decode()
SAMPLE_URL = "https://api.x.com/sandbox/media/sample.png"


# -- picking ids from the world -------------------------------------------------


def _w(sb: Sandbox) -> World:
    return sb.state


def _me(sb: Sandbox) -> str:
    return sb.default_user.id


def _api(sb: Sandbox, method: str, path: str, body: Any = None, user: str = "") -> Any:
    """Set-up request straight to the sandbox, as `user` (default: the demo user)."""
    token = sb.issue_token(user or None)
    request = httpx.Request(
        method,
        f"https://api.x.com{path}",
        json=body,
        headers={"authorization": f"Bearer {token}"},
    )
    response = sb.handle(request)
    assert response.status_code < 300, response.text
    return response.json()


def _open(sb: Sandbox, author: str) -> bool:
    user = _w(sb).users[author]
    return not user.protected and not _w(sb).blocks.has(author, _me(sb))


def _others_posts(sb: Sandbox) -> list[Tweet]:
    me = _me(sb)
    return [
        t
        for t in _w(sb).tweets.values()
        if t.author_id != me and t.kind == "original" and _open(sb, t.author_id)
    ]


def _fresh_post(sb: Sandbox) -> str:
    """A post by someone else that the demo user has not liked/retweeted/saved."""
    world, me = _w(sb), _me(sb)
    return next(
        t.id
        for t in _others_posts(sb)
        if not world.likes.has(me, t.id)
        and not world.retweets.has(me, t.id)
        and not world.bookmarks.has(me, t.id)
    )


def _my_post(sb: Sandbox) -> str:
    return next(
        t.id
        for t in _w(sb).tweets.values()
        if t.author_id == _me(sb) and t.kind == "original"
    )


def _stranger(sb: Sandbox) -> str:
    """An open account the demo user neither follows, mutes nor blocks."""
    world, me = _w(sb), _me(sb)
    return next(
        u.id
        for u in world.users.values()
        if u.id != me
        and _open(sb, u.id)
        and not world.follows.has(me, u.id)
        and not world.mutes.has(me, u.id)
        and not world.blocks.has(me, u.id)
    )


def _others(sb: Sandbox, count: int) -> list[str]:
    return [u for u in _w(sb).users if u != _me(sb) and _open(sb, u)][:count]


def _owned_list(sb: Sandbox) -> str:
    return next(i.id for i in _w(sb).lists.values() if i.owner_id == _me(sb))


def _public_list(sb: Sandbox) -> str:
    """A public list of someone else's that the demo user does not follow."""
    world, me = _w(sb), _me(sb)
    return next(
        i.id
        for i in world.lists.values()
        if i.owner_id != me
        and not i.private
        and not world.list_followers.has(me, i.id)
        and not world.blocks.has(i.owner_id, me)
    )


def _dm_partner(sb: Sandbox) -> str:
    """A follower of the demo user who takes its DMs."""
    world, me = _w(sb), _me(sb)
    return next(u for u in world.follows.sources(me) if world.accepts_dm(u, me))


def _conversation(sb: Sandbox, group: bool) -> str:
    return next(
        c.id
        for c in _w(sb).dm_conversations.values()
        if _me(sb) in c.participant_ids and c.is_group == group
    )


def _my_dm(sb: Sandbox) -> str:
    return next(
        e.id
        for e in _w(sb).dm_events.values()
        if e.sender_id == _me(sb) and e.event_type == "MessageCreate"
    )


def _space(sb: Sandbox, state: str = "live") -> str:
    return next(s.id for s in _w(sb).spaces.values() if s.state == state)


def _upload_png(sb: Sandbox, category: str = "tweet_image") -> str:
    body = {"media": PNG, "media_category": category, "media_type": "image/png"}
    return str(_api(sb, "POST", "/2/media/upload", body)["data"]["id"])


def _session(sb: Sandbox, appended: bool) -> str:
    """An initialized MP4 upload session, with its single segment if `appended`."""
    init = {"total_bytes": len(MP4_HEAD), "media_type": "video/mp4"}
    media_id = str(_api(sb, "POST", "/2/media/upload/initialize", init)["data"]["id"])
    if appended:
        chunk = {"media": base64.b64encode(MP4_HEAD).decode(), "segment_index": 0}
        _api(sb, "POST", f"/2/media/upload/{media_id}/append", chunk)
    return media_id


def _reply_to_me(sb: Sandbox) -> str:
    """A reply by someone else to one of the demo user's posts (made if needed)."""
    author = sb.state.users[_others(sb, 1)[0]].username
    body = {"text": "Nice one!", "reply": {"in_reply_to_tweet_id": _my_post(sb)}}
    return str(_api(sb, "POST", "/2/tweets", body, user=author)["data"]["id"])


def _since(sb: Sandbox, days: int) -> str:
    return iso(sb.clock.now() - timedelta(days=days)).replace(".000", "")


# -- the table ------------------------------------------------------------------


def _ex(name: str, **changes: Any) -> Args:
    """The tool's documented example with `changes` applied (None drops a key)."""
    args = dict(getattr(REGISTRY[name].input_model, "example", None) or {})
    args.update(changes)
    return {k: v for k, v in args.items() if v is not None}


ARGS: dict[str, Builder] = {
    "twitter_user_me": lambda sb: _ex("twitter_user_me"),
    "twitter_user_lookup": lambda sb: _ex("twitter_user_lookup", id=_stranger(sb)),
    "twitter_user_lookup_by_username": lambda sb: {"username": "pydata_daily"},
    "twitter_users_lookup": lambda sb: {"ids": ",".join(_others(sb, 3))},
    "twitter_users_lookup_by_username": lambda sb: {"usernames": "xkit_dev,orbit_news"},
    "twitter_post_lookup": lambda sb: _ex("twitter_post_lookup", id=_fresh_post(sb)),
    "twitter_posts_lookup": lambda sb: _ex(
        "twitter_posts_lookup", ids=",".join(t.id for t in _others_posts(sb)[:3])
    ),
    "twitter_post_create": lambda sb: _ex(
        "twitter_post_create",
        text="Replying from the all-tools test",
        **{"reply.in_reply_to_tweet_id": _fresh_post(sb)},
    ),
    "twitter_post_delete": lambda sb: {"id": _my_post(sb)},
    "twitter_post_retweet": lambda sb: {"tweet_id": _fresh_post(sb)},
    "twitter_post_unretweet": lambda sb: {
        "tweet_id": _w(sb).retweets.targets(_me(sb))[0]
        if _w(sb).retweets.targets(_me(sb))
        else _fresh_post(sb)
    },
    "twitter_post_like": lambda sb: {"tweet_id": _fresh_post(sb)},
    "twitter_post_unlike": lambda sb: {"tweet_id": _w(sb).likes.targets(_me(sb))[0]},
    "twitter_post_likers_get": lambda sb: _ex(
        "twitter_post_likers_get", id=_w(sb).likes.targets(_me(sb))[0]
    ),
    "twitter_post_retweeters_get": lambda sb: _ex(
        "twitter_post_retweeters_get", id=next(iter(_w(sb).retweets))[1]
    ),
    "twitter_post_retweets_get": lambda sb: _ex(
        "twitter_post_retweets_get", id=next(iter(_w(sb).retweets))[1]
    ),
    "twitter_post_quotes_get": lambda sb: _ex(
        "twitter_post_quotes_get",
        id=next(t.quoted_tweet_id for t in _w(sb).tweets.values() if t.quoted_tweet_id),
    ),
    "twitter_post_analytics_get": lambda sb: _ex(
        "twitter_post_analytics_get",
        tweet_ids=[_my_post(sb)],
        start_time=_since(sb, 7),
        end_time=_since(sb, 0),
    ),
    "twitter_recent_search": lambda sb: _ex(
        "twitter_recent_search", query="from:xkit_dev -is:retweet"
    ),
    "twitter_recent_tweet_counts": lambda sb: {"query": "python", "granularity": "day"},
    "twitter_full_archive_search": lambda sb: _ex(
        "twitter_full_archive_search",
        query="python -is:retweet",
        start_time=_since(sb, 30),
        end_time=_since(sb, 1),
    ),
    "twitter_full_archive_search_counts": lambda sb: _ex(
        "twitter_full_archive_search_counts",
        query="python",
        start_time=_since(sb, 30),
        end_time=_since(sb, 1),
    ),
    "twitter_user_timeline_get": lambda sb: _ex(
        "twitter_user_timeline_get", id=_me(sb)
    ),
    "twitter_user_liked_tweets_get": lambda sb: _ex(
        "twitter_user_liked_tweets_get", id=_me(sb)
    ),
    "twitter_followers_get": lambda sb: _ex("twitter_followers_get", id=_me(sb)),
    "twitter_following_get": lambda sb: _ex("twitter_following_get", id=_me(sb)),
    "twitter_user_follow": lambda sb: {"target_user_id": _stranger(sb)},
    "twitter_user_unfollow": lambda sb: {
        "target_user_id": _w(sb).follows.targets(_me(sb))[0]
    },
    "twitter_bookmark_add": lambda sb: {"tweet_id": _fresh_post(sb)},
    "twitter_bookmark_remove": lambda sb: {
        "tweet_id": _w(sb).bookmarks.targets(_me(sb))[0]
    },
    "twitter_bookmarks_get": lambda sb: _ex("twitter_bookmarks_get", id=_me(sb)),
    "twitter_list_create": lambda sb: _ex("twitter_list_create"),
    "twitter_list_update": lambda sb: _ex("twitter_list_update", id=_owned_list(sb)),
    "twitter_list_delete": lambda sb: {"id": _owned_list(sb)},
    "twitter_list_lookup": lambda sb: _ex("twitter_list_lookup", id=_public_list(sb)),
    "twitter_list_timeline_get": lambda sb: _ex(
        "twitter_list_timeline_get", id=_owned_list(sb)
    ),
    "twitter_list_members_get": lambda sb: _ex(
        "twitter_list_members_get", id=_owned_list(sb)
    ),
    "twitter_list_member_add": lambda sb: {
        "id": _owned_list(sb),
        "user_id": next(
            u
            for u in _others(sb, 60)
            if not _w(sb).list_members.has(_owned_list(sb), u)
        ),
    },
    "twitter_list_member_remove": lambda sb: {
        "id": _owned_list(sb),
        "user_id": _w(sb).list_members.targets(_owned_list(sb))[0],
    },
    "twitter_list_follow": lambda sb: {"list_id": _public_list(sb)},
    "twitter_list_unfollow": lambda sb: {
        "list_id": _w(sb).list_followers.targets(_me(sb))[0]
    },
    "twitter_list_pin": lambda sb: {
        "list_id": next(
            i
            for i in _w(sb).lists
            if _w(sb).lists[i].owner_id == _me(sb)
            and not _w(sb).pinned_lists.has(_me(sb), i)
        )
    },
    "twitter_list_unpin": lambda sb: {
        "list_id": _w(sb).pinned_lists.targets(_me(sb))[0]
    },
    "twitter_list_followers_get": lambda sb: _ex(
        "twitter_list_followers_get", id=_public_list(sb)
    ),
    "twitter_user_owned_lists_get": lambda sb: _ex(
        "twitter_user_owned_lists_get", id=_me(sb)
    ),
    "twitter_user_followed_lists_get": lambda sb: _ex(
        "twitter_user_followed_lists_get", id=_me(sb)
    ),
    "twitter_user_list_memberships_get": lambda sb: _ex(
        "twitter_user_list_memberships_get", id=_me(sb)
    ),
    "twitter_user_pinned_lists_get": lambda sb: _ex(
        "twitter_user_pinned_lists_get", id=_me(sb)
    ),
    "twitter_dm_send": lambda sb: _ex(
        "twitter_dm_send", participant_id=_dm_partner(sb)
    ),
    "twitter_dm_conversation_send": lambda sb: _ex(
        "twitter_dm_conversation_send",
        dm_conversation_id=_conversation(sb, group=True),
        media_id=_upload_png(sb, "dm_image"),
    ),
    "twitter_dm_events_get": lambda sb: _ex("twitter_dm_events_get"),
    "twitter_dm_conversation_events_get": lambda sb: _ex(
        "twitter_dm_conversation_events_get",
        participant_id=next(
            i
            for i in _w(sb).dm_conversations[_conversation(sb, False)].participant_ids
            if i != _me(sb)
        ),
    ),
    "twitter_dm_conversation_retrieve": lambda sb: _ex(
        "twitter_dm_conversation_retrieve",
        dm_conversation_id=_conversation(sb, group=False),
    ),
    "twitter_dm_event_get": lambda sb: _ex("twitter_dm_event_get", event_id=_my_dm(sb)),
    "twitter_dm_delete": lambda sb: {"event_id": _my_dm(sb)},
    "twitter_dm_group_conversation_create": lambda sb: _ex(
        "twitter_dm_group_conversation_create", participant_ids=_others(sb, 2)
    ),
    "twitter_user_mute": lambda sb: {"target_user_id": _stranger(sb)},
    "twitter_user_unmute": lambda sb: {
        "target_user_id": _w(sb).mutes.targets(_me(sb))[0]
    },
    "twitter_muted_users_get": lambda sb: _ex("twitter_muted_users_get", id=_me(sb)),
    "twitter_blocked_users_get": lambda sb: _ex(
        "twitter_blocked_users_get", id=_me(sb)
    ),
    "twitter_reply_visibility_set": lambda sb: {
        "tweet_id": _reply_to_me(sb),
        "hidden": True,
    },
    "twitter_media_upload": lambda sb: _ex(
        "twitter_media_upload", media=SAMPLE_URL, media_type=None
    ),
    "twitter_media_upload_base64": lambda sb: _ex("twitter_media_upload_base64"),
    "twitter_media_upload_large": lambda sb: _ex("twitter_media_upload_large"),
    "twitter_media_upload_init": lambda sb: _ex("twitter_media_upload_init"),
    "twitter_media_upload_append": lambda sb: _ex(
        "twitter_media_upload_append", media_id=_session(sb, appended=False)
    ),
    "twitter_media_upload_finalize": lambda sb: {
        "media_id": _session(sb, appended=True)
    },
    "twitter_media_upload_status_get": lambda sb: {"media_id": _upload_png(sb)},
    "twitter_space_get": lambda sb: _ex("twitter_space_get", id=_space(sb)),
    "twitter_spaces_get": lambda sb: _ex(
        "twitter_spaces_get", ids=f"{_space(sb)},{_space(sb, 'scheduled')}"
    ),
    "twitter_spaces_search": lambda sb: _ex("twitter_spaces_search", query="climate"),
    "twitter_spaces_by_creator_get": lambda sb: _ex(
        "twitter_spaces_by_creator_get",
        user_ids=",".join({s.creator_id for s in _w(sb).spaces.values()}),
    ),
    "twitter_space_posts_get": lambda sb: _ex("twitter_space_posts_get", id=_space(sb)),
    "twitter_space_ticket_buyers_get": lambda sb: _ex(
        "twitter_space_ticket_buyers_get",
        id=next(s.id for s in _w(sb).spaces.values() if s.is_ticketed),
    ),
    "twitter_tweet_usage_get": lambda sb: _ex("twitter_tweet_usage_get"),
    "twitter_tweet_label_stream": lambda sb: _ex("twitter_tweet_label_stream"),
    "twitter_compliance_job_create": lambda sb: _ex("twitter_compliance_job_create"),
    "twitter_compliance_job_get": lambda sb: _ex(
        "twitter_compliance_job_get", id=next(iter(_w(sb).compliance_jobs))
    ),
    "twitter_compliance_jobs_list": lambda sb: _ex("twitter_compliance_jobs_list"),
    "twitter_activity_subscription_create": lambda sb: _ex(
        "twitter_activity_subscription_create", user_id=_me(sb)
    ),
    "twitter_openapi_spec_get": lambda sb: {},
}

# Deliberate mistakes: (tool, builder, the typed exception X's answer becomes).
FAILS: list[tuple[str, Builder, type[ApiError]]] = [
    (
        "twitter_list_update",
        lambda sb: {
            "id": next(i.id for i in _w(sb).lists.values() if i.owner_id != _me(sb)),
            "name": "Not mine",
        },
        Forbidden,
    ),
    (
        "twitter_dm_send",
        lambda sb: {
            "participant_id": next(
                u
                for u in _w(sb).users
                if u != _me(sb)
                and not _w(sb).accepts_dm(u, _me(sb))
                and (u, _me(sb)) not in set(_w(sb).follows)
            ),
            "text": "Hello stranger",
        },
        Forbidden,
    ),
    ("twitter_dm_delete", lambda sb: {"event_id": "1"}, NotFound),
    (
        "twitter_space_ticket_buyers_get",
        lambda sb: {"id": _space(sb, "ended")},
        Forbidden,
    ),
    (
        "twitter_post_create",
        lambda sb: {
            "text": "Too early",
            "media.media_ids": [_session(sb, appended=True)],
        },
        ApiError,
    ),
]


def test_every_tool_has_a_case() -> None:
    assert sorted(ARGS) == sorted(REGISTRY)


def _check(name: str, result: Any) -> None:
    assert isinstance(result, dict), result
    if name == "twitter_openapi_spec_get":  # the document itself, not an envelope
        assert "/2/tweets" in result["paths"]
        return
    assert "data" in result or "meta" in result, (name, result)
    assert not result.get("errors"), (name, result)


def _toolkit() -> xkit.Toolkit:
    return xkit.Toolkit(sandbox=True)


@pytest.mark.parametrize("name", sorted(ARGS))
def test_tool_sync(name: str) -> None:
    with _toolkit() as tk:
        assert tk.sandbox is not None
        _check(name, tk.call(name, ARGS[name](tk.sandbox)))


@pytest.mark.parametrize("name", sorted(ARGS))
async def test_tool_async(name: str) -> None:
    with _toolkit() as tk:
        assert tk.sandbox is not None
        _check(name, await tk.acall(name, ARGS[name](tk.sandbox)))


@pytest.mark.parametrize(("name", "build", "error"), FAILS, ids=[f[0] for f in FAILS])
def test_deliberate_failures(
    name: str, build: Builder, error: type[ApiError], mode: str
) -> None:
    with _toolkit() as tk:
        assert tk.sandbox is not None
        args = build(tk.sandbox)
        with pytest.raises(error):
            if mode == "sync":
                tk.call(name, args)
            else:
                asyncio.run(tk.acall(name, args))
