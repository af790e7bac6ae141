"""DM outreach: send a personalised direct message to selected followers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .._model import (
    Answer,
    Baseline,
    Context,
    Decision,
    Step,
    ToolCall,
    UseCase,
    Verification,
)
from .._plan import acting, next_untried, result_or_call
from .._read import ME, acting_id, arg_values, data, items, ok_steps, words_in
from .._verify import existed

if TYPE_CHECKING:
    from ...sandbox import World

FOLLOWERS, SEND = "twitter_followers_get", "twitter_dm_send"
HOW_MANY = 3
KEYWORDS = ("Python", "open source", "API", "maintainer")
SYSTEM = (
    "You run DM outreach for the signed-in account. Call twitter_user_me for "
    "your id, list your followers with twitter_followers_get (ask for "
    "user.fields=description), choose the ones whose bios match the user's "
    "request, and send each a short, personal message with twitter_dm_send "
    "(participant_id = their id), greeting them by first name and mentioning "
    "what their bio says. If a message cannot be sent, try the next follower."
)


def task(ctx: Context) -> str:
    return (
        f"Send a personal thank-you DM to {HOW_MANY} of my followers who work on "
        "Python or open source, inviting them to try xkit."
    )


def message_for(user: dict[str, Any], me: dict[str, Any]) -> str:
    first = str(user.get("name") or user.get("username", "")).split()[0]
    bio = str(user.get("description", "")).lower()
    topic = next((k for k in KEYWORDS if k.lower() in bio), "what you build")
    return (
        f"Hi {first}! Thanks for following @{me.get('username')}. Your bio "
        f"mentions {topic}, so I thought you might like xkit: a Python toolkit "
        "that lets AI agents use the X API safely. Feedback very welcome!"
    )


@acting
def policy(ctx: Context, steps: Sequence[Step], me: dict[str, Any]) -> Decision:
    args = {"id": me["id"], "max_results": 100, "user.fields": "description"}
    found = result_or_call(steps, FOLLOWERS, args)
    if isinstance(found, ToolCall):
        return found
    ranked = sorted(
        items(found),
        key=lambda u: words_in(str(u.get("description", "")), KEYWORDS),
        reverse=True,
    )
    ids = (u["id"] for u in ranked)
    peer = next_untried(steps, SEND, "participant_id", ids, want=HOW_MANY)
    if peer is not None:
        text = message_for(next(u for u in ranked if u["id"] == peer), me)
        return ToolCall(SEND, {"participant_id": peer, "text": text})
    sent = arg_values(steps, SEND, "participant_id", ok=True)
    if not sent:
        return Answer("I could not send any message.")
    names = {u["id"]: f"@{u.get('username')}" for u in items(found)}
    events = [str(data(s.result).get("dm_event_id")) for s in ok_steps(steps, SEND)]
    return Answer(
        f"Sent {len(sent)} personal DMs to {', '.join(names[i] for i in sent)} "
        f"(events {', '.join(events)})."
    )


def verify(
    world: World | None, steps: Sequence[Step], before: Baseline | None
) -> Verification:
    me = acting_id(world, steps)
    sent = ok_steps(steps, SEND)
    if not sent:
        return Verification(False, "no DM was sent")
    if world is None:
        return Verification(True, f"X accepted {len(sent)} DM(s)")
    for step in sent:
        peer, text = str(step.args["participant_id"]), step.args.get("text")
        if not any(
            e.sender_id == me
            and e.text == text
            and peer in world.dm_conversations[e.dm_conversation_id].participant_ids
            for i, e in world.dm_events.items()
            if e.dm_conversation_id in world.dm_conversations
            and not existed(before, "dm_events", i)
        ):
            return Verification(False, f"no new DM to {peer} in the sandbox")
    return Verification(True, f"the sandbox holds {len(sent)} new DM(s) from you")


USECASE = UseCase(
    slug="dm-outreach",
    title="DM outreach automation",
    summary="Send a personalised DM to selected followers.",
    tools=(ME, FOLLOWERS, SEND),
    chain=(FOLLOWERS, SEND),
    system_prompt=SYSTEM,
    task=task,
    policy=policy,
    verify=verify,
)
