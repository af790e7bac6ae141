"""Rendering of the non-post objects: media, polls, places, topics, lists, Spaces, DMs.

A mixin of `_render.Renderer`; it relies on the renderer's `fields`, `expansions`,
`world`, `now` and `include`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from ._clock import iso
from ._state import DmEvent, List, Media, Place, Poll, Space, World

__all__ = ["ObjectRenderer"]

JsonDict = dict[str, Any]


class ObjectRenderer:
    world: World
    now: datetime
    fields: dict[str, set[str]]
    expansions: set[str]

    def include(self, kind: str, ids: Iterable[str | None]) -> None:
        raise NotImplementedError

    def pick(self, kind: str, body: JsonDict, extra: Mapping[str, Any]) -> JsonDict:
        for name in sorted(self.fields.get(kind, ())):
            value = extra.get(name)
            if value is not None:
                body[name] = value
        return body

    def media(self, media: Media) -> JsonDict:
        variants = None
        if media.type != "photo":
            url = f"https://video.twimg.com/{media.media_key}.mp4"
            variants = [{"bit_rate": 832000, "content_type": "video/mp4", "url": url}]
        preview = f"https://pbs.twimg.com/thumb/{media.id}.jpg"
        return self.pick(
            "media.fields",
            {"media_key": media.media_key, "type": media.type},
            {
                "url": media.url,
                "width": media.width,
                "height": media.height,
                "alt_text": media.alt_text,
                "duration_ms": media.duration_ms,
                "preview_image_url": preview if media.type != "photo" else None,
                "variants": variants,
                "public_metrics": {"view_count": 0} if media.type == "video" else None,
            },
        )

    def poll(self, poll: Poll) -> JsonDict:
        options = [
            {"position": i + 1, "label": label, "votes": poll.votes[i]}
            for i, label in enumerate(poll.options)
        ]
        closed = poll.end_datetime <= self.now
        return self.pick(
            "poll.fields",
            {"id": poll.id, "options": options},
            {
                "duration_minutes": poll.duration_minutes,
                "end_datetime": iso(poll.end_datetime),
                "voting_status": "closed" if closed else "open",
            },
        )

    def place(self, place: Place) -> JsonDict:
        return self.pick(
            "place.fields",
            {"id": place.id, "full_name": place.full_name},
            {
                "name": place.name,
                "country": place.country,
                "country_code": place.country_code,
                "place_type": place.place_type,
            },
        )

    def topic(self, topic: Mapping[str, str]) -> JsonDict:
        return self.pick(
            "topic.fields",
            {"id": topic["id"], "name": topic["name"]},
            {"description": topic.get("description")},
        )

    def list(self, item: List) -> JsonDict:
        if "owner_id" in self.expansions:
            self.include("users", [item.owner_id])
        world = self.world
        return self.pick(
            "list.fields",
            {"id": item.id, "name": item.name},
            {
                "created_at": iso(item.created_at),
                "description": item.description,
                "follower_count": world.list_followers.count_sources(item.id),
                "member_count": world.list_members.count_targets(item.id),
                "owner_id": item.owner_id,
                "private": item.private,
            },
        )

    def space(self, space: Space) -> JsonDict:
        for name in ("creator_id", "host_ids", "speaker_ids", "invited_user_ids"):
            if name in self.expansions:
                value = getattr(space, name)
                self.include("users", value if isinstance(value, list) else [value])
        if "topic_ids" in self.expansions:
            self.include("topics", space.topic_ids)
        optional_times = {
            "scheduled_start": space.scheduled_start,
            "started_at": space.started_at,
            "ended_at": space.ended_at,
        }
        return self.pick(
            "space.fields",
            {"id": space.id, "state": space.state},
            {
                "created_at": iso(space.created_at),
                "updated_at": iso(
                    space.ended_at or space.started_at or space.created_at
                ),
                "creator_id": space.creator_id,
                "title": space.title,
                "lang": space.lang,
                "host_ids": space.host_ids or None,
                "speaker_ids": space.speaker_ids or None,
                "invited_user_ids": space.invited_user_ids or None,
                "topic_ids": space.topic_ids or None,
                "is_ticketed": space.is_ticketed,
                "participant_count": space.participant_count,
                "subscriber_count": space.subscriber_count,
                **{k: iso(v) for k, v in optional_times.items() if v is not None},
            },
        )

    def dm_event(self, event: DmEvent) -> JsonDict:
        if "sender_id" in self.expansions:
            self.include("users", [event.sender_id])
        if "participant_ids" in self.expansions:
            self.include("users", event.participant_ids)
        if "attachments.media_keys" in self.expansions:
            self.include("media", event.media_keys)
        if "referenced_tweets.id" in self.expansions:
            self.include("tweets", event.referenced_tweet_ids)
        body: JsonDict = {"id": event.id, "event_type": event.event_type}
        if event.text is not None:
            body["text"] = event.text
        refs = [{"id": i} for i in event.referenced_tweet_ids]
        return self.pick(
            "dm_event.fields",
            body,
            {
                "created_at": iso(event.created_at),
                "dm_conversation_id": event.dm_conversation_id,
                "sender_id": event.sender_id,
                "participant_ids": event.participant_ids or None,
                "attachments": {"media_keys": event.media_keys}
                if event.media_keys
                else None,
                "referenced_tweets": refs or None,
            },
        )
