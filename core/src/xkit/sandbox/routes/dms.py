"""Direct messages: send (1:1, into a conversation, new group), read and delete events.

Sending a 1:1 message creates the conversation (`<smaller id>-<larger id>`) when it
does not exist yet. A new conversation needs the recipient to accept DMs from the
sender (`World.accepts_dm`): 403 otherwise. Only participants see a conversation's
events, and only a message's sender may delete it.
"""

from __future__ import annotations

from typing import Any

import httpx

from .._app import Ctx, json_response, route
from .._errors import forbidden, invalid_request, not_found_error, resource_not_found
from .._state import DmConversation, DmEvent
from .._uploads import processing_info
from ._common import get_user
from .media import find_media

JsonDict = dict[str, Any]
TEXT_LIMIT = 10_000
GROUP_LIMIT = 49


def one_to_one_id(a: str, b: str) -> str:
    return "-".join(sorted((a, b), key=int))


def _message(ctx: Ctx, message: Any) -> tuple[str | None, list[str]]:
    """The text and media keys of a `{text, attachments}` message (400 if empty)."""
    if not isinstance(message, dict):
        raise invalid_request("`message` must be an object with `text`.")
    text = message.get("text")
    attachments = message.get("attachments") or []
    if text is not None and (not isinstance(text, str) or not text.strip()):
        raise invalid_request("`text` must be a non-empty string.", {"text": [""]})
    if isinstance(text, str) and len(text) > TEXT_LIMIT:
        raise invalid_request(f"`text` is over {TEXT_LIMIT} characters.")
    if text is None and not attachments:
        raise invalid_request("A message needs `text` or `attachments`.")
    if not isinstance(attachments, list) or len(attachments) > 1:
        raise invalid_request("`attachments` takes one media attachment at most.")
    keys = []
    for attachment in attachments:
        media_id = str((attachment or {}).get("media_id", ""))
        media = find_media(ctx, media_id, "attachments.media_id")
        if media.finalized_at is not None:
            processing_info(media, ctx.now)
        if media.state != "succeeded" or media.type == "subtitles":
            raise invalid_request(
                f"Media [{media_id}] cannot be attached (state {media.state}).",
                {"attachments.media_id": [media_id]},
            )
        keys.append(media.media_key)
    return text, keys


def _post(ctx: Ctx, conversation: DmConversation, message: Any) -> JsonDict:
    text, keys = _message(ctx, message)
    event = DmEvent(
        id=ctx.world.new_id(ctx.now),
        dm_conversation_id=conversation.id,
        event_type="MessageCreate",
        created_at=ctx.now,
        sender_id=ctx.user_id,
        text=text or "",
        media_keys=keys,
    )
    ctx.world.dm_events[event.id] = event
    return {"dm_conversation_id": conversation.id, "dm_event_id": event.id}


def _created(data: JsonDict) -> httpx.Response:
    return json_response(201, {"data": data})


@route("POST", "/2/dm_conversations/with/{participant_id}/messages")
def send_to_user(ctx: Ctx) -> httpx.Response:
    me = ctx.user_id
    other = get_user(ctx.world, ctx.params["participant_id"], "participant_id").id
    if other == me:
        raise invalid_request("You cannot send a direct message to yourself.")
    world = ctx.world
    conversation = world.dm_conversations.get(one_to_one_id(me, other))
    if world.blocks.has(other, me) or (
        conversation is None and not world.accepts_dm(other, me)
    ):
        raise forbidden(
            "You cannot send messages to this user: they do not accept direct "
            "messages from you."
        )
    if conversation is None:
        conversation = DmConversation(one_to_one_id(me, other), [me, other])
        world.dm_conversations[conversation.id] = conversation
    return _created(_post(ctx, conversation, ctx.body()))


def _conversation(ctx: Ctx, conversation_id: str, parameter: str) -> DmConversation:
    conversation = ctx.world.dm_conversations.get(conversation_id)
    if conversation is None:
        raise resource_not_found("dm_conversation", parameter, conversation_id)
    if ctx.user_id not in conversation.participant_ids:
        raise forbidden(
            f"You are not a participant of DM conversation [{conversation_id}]."
        )
    return conversation


@route("POST", "/2/dm_conversations/{dm_conversation_id}/messages")
def send_to_conversation(ctx: Ctx) -> httpx.Response:
    conversation = _conversation(
        ctx, ctx.params["dm_conversation_id"], "dm_conversation_id"
    )
    if not conversation.is_group:
        other = next(i for i in conversation.participant_ids if i != ctx.user_id)
        if ctx.world.blocks.has(other, ctx.user_id):
            raise forbidden("You cannot send messages to this user.")
    return _created(_post(ctx, conversation, ctx.body()))


@route("POST", "/2/dm_conversations")
def create_group(ctx: Ctx) -> httpx.Response:
    body = ctx.body()
    if body.get("conversation_type") != "Group":
        raise invalid_request(
            "`conversation_type` must be `Group`.",
            {"conversation_type": [str(body.get("conversation_type"))]},
        )
    me = ctx.user_id
    ids = body.get("participant_ids")
    if not isinstance(ids, list) or not 2 <= len(ids) <= GROUP_LIMIT:
        raise invalid_request(
            f"`participant_ids` must list 2 to {GROUP_LIMIT} users.",
            {"participant_ids": [str(ids)[:50]]},
        )
    others = list(dict.fromkeys(str(i) for i in ids if str(i) != me))
    for user_id in others:
        get_user(ctx.world, user_id, "participant_ids")
        if ctx.world.blocks.has(user_id, me):
            raise forbidden(f"User [{user_id}] cannot be added to a conversation.")
    members = [me, *others]
    conversation = DmConversation(ctx.world.new_id(ctx.now), members, is_group=True)
    ctx.world.dm_conversations[conversation.id] = conversation
    join = DmEvent(
        id=ctx.world.new_id(ctx.now),
        dm_conversation_id=conversation.id,
        event_type="ParticipantsJoin",
        created_at=ctx.now,
        sender_id=me,
        participant_ids=members,
    )
    ctx.world.dm_events[join.id] = join
    return _created(_post(ctx, conversation, ctx.require(body, "message")))


# -- reading --------------------------------------------------------------------


def _events(ctx: Ctx, conversation_ids: set[str]) -> JsonDict:
    wanted = set(filter(None, ctx.query.get("event_types", "").split(",")))
    events = [
        e
        for e in ctx.world.dm_events.values()
        if e.dm_conversation_id in conversation_ids
        and (not wanted or e.event_type in wanted)
    ]
    events.sort(key=lambda e: int(e.id), reverse=True)
    page = ctx.page(events)
    renderer = ctx.renderer()
    return renderer.envelope([renderer.dm_event(e) for e in page], meta=page.meta)


@route("GET", "/2/dm_events")
def all_events(ctx: Ctx) -> JsonDict:
    me = ctx.user_id
    mine = {
        c.id for c in ctx.world.dm_conversations.values() if me in c.participant_ids
    }
    return _events(ctx, mine)


@route("GET", "/2/dm_conversations/with/{participant_id}/dm_events")
def events_with_user(ctx: Ctx) -> JsonDict:
    other = get_user(ctx.world, ctx.params["participant_id"], "participant_id").id
    return _events(ctx, {one_to_one_id(ctx.user_id, other)})


@route("GET", "/2/dm_conversations/{id}/dm_events")
def conversation_events(ctx: Ctx) -> JsonDict:
    return _events(ctx, {_conversation(ctx, ctx.params["id"], "id").id})


def _my_event(ctx: Ctx) -> DmEvent | None:
    event = ctx.world.dm_events.get(ctx.params["event_id"])
    if event is None:
        return None
    conversation = ctx.world.dm_conversations.get(event.dm_conversation_id)
    if conversation is None or ctx.user_id not in conversation.participant_ids:
        return None
    return event


@route("GET", "/2/dm_events/{event_id}")
def get_event(ctx: Ctx) -> JsonDict:
    event = _my_event(ctx)
    renderer = ctx.renderer()
    if event is None:
        error = not_found_error("dm_event", "event_id", ctx.params["event_id"])
        return renderer.envelope(None, errors=[error])
    return renderer.envelope(renderer.dm_event(event))


@route("DELETE", "/2/dm_events/{event_id}")
def delete_event(ctx: Ctx) -> JsonDict:
    event = _my_event(ctx)
    if event is None:
        raise resource_not_found("dm_event", "event_id", ctx.params["event_id"])
    if event.sender_id != ctx.user_id or event.event_type != "MessageCreate":
        raise forbidden("You can only delete direct messages you sent.")
    del ctx.world.dm_events[event.id]
    return {"data": {"deleted": True}}
