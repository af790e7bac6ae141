"""Thread composer: split a long text into numbered posts, each a reply to the
previous one."""

from __future__ import annotations

import itertools
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
from .._plan import acting
from .._read import ME, attempts, ok_data, ok_steps, returned_ids
from .._verify import existed
from .._weighted import MAX_WEIGHT, split_thread, weighted_length

if TYPE_CHECKING:
    from ...sandbox import World

CREATE, REPLY_TO = "twitter_post_create", "reply.in_reply_to_tweet_id"
TEXT = (
    "Why we gave our AI agents a sandbox before letting them touch X. "
    "Agents learn by calling tools, and every tool call against a live account "
    "is a real post, a real follow or a real DM. Mistakes are public.\n\n"
    "So xkit ships an in-process emulator of the X API v2: the same endpoints, "
    "the same errors, the same rate limits, seeded with users, posts, lists and "
    "Spaces about Python, AI agents, climate, open source and space exploration. "
    "An agent can practise there for hours and nobody sees a thing.\n\n"
    "Writes go through an approval hook when you switch to the live API, so a "
    "human says yes before anything is sent. Threads like this one are split by "
    "X's own weighted count: links count 23, CJK characters and emoji count two "
    "(こんにちは counts 10, 🚀 counts 2).\n\n"
    "Try it yourself: pip install xkit, then run xkit demo thread-composer. "
    "Docs and code: https://github.com/xkit-dev/xkit"
)
#: Appended to a part X refused (e.g. as a duplicate) before the one retry.
RETRY_MARK = " ↓"
PARTS = split_thread(TEXT, MAX_WEIGHT - weighted_length(RETRY_MARK))
SYSTEM = (
    "You publish threads on X for the signed-in account (check it with "
    "twitter_user_me). Split the user's text into numbered parts '1/N ...' of "
    "at most 280 weighted characters each (URLs count 23, CJK characters and "
    "emoji count 2). Post part 1 with twitter_post_create, then each next part "
    "with reply.in_reply_to_tweet_id set to the id returned for the previous "
    "part. End with the link to the first post."
)


def task(ctx: Context) -> str:
    return f"Turn this text into a thread and publish it:\n\n{TEXT}"


@acting
def policy(ctx: Context, steps: Sequence[Step], me: dict[str, Any]) -> Decision:
    posted = ok_data(steps, CREATE)
    if len(posted) < len(PARTS):
        text = PARTS[len(posted)]
        tries = attempts(steps, CREATE)
        if tries and not tries[-1].ok:
            text += RETRY_MARK  # X refused this exact text: change it once
        args: dict[str, str] = {"text": text}
        if posted:
            args[REPLY_TO] = str(posted[-1]["id"])
        return ToolCall(CREATE, args)
    first = posted[0]["id"]
    return Answer(
        f"Published a {len(posted)}-part thread as @{me['username']}: "
        f"https://x.com/{me['username']}/status/{first} "
        f"(post ids: {', '.join(str(p['id']) for p in posted)})."
    )


def verify(
    world: World | None, steps: Sequence[Step], before: Baseline | None
) -> Verification:
    creates = ok_steps(steps, CREATE)
    if len(creates) < 2:
        return Verification(False, f"only {len(creates)} part(s) were posted")
    ids = returned_ids(steps, CREATE)
    for previous, step in zip(ids, creates[1:], strict=False):
        if str(step.args.get(REPLY_TO)) != previous:
            return Verification(False, f"part {step.args} does not reply to {previous}")
    too_long = [s for s in creates if weighted_length(str(s.args["text"])) > MAX_WEIGHT]
    if too_long:
        return Verification(False, f"{len(too_long)} part(s) exceed 280 characters")
    if world is None:
        return Verification(True, f"X accepted a {len(ids)}-part reply chain")
    old = [i for i in ids if existed(before, "tweets", i)]
    if old:
        return Verification(False, f"posts {old} existed before the run")
    for previous, current in itertools.pairwise(ids):
        tweet = world.tweets.get(current)
        if tweet is None or tweet.in_reply_to_tweet_id != previous:
            return Verification(False, f"post {current} is not a reply to {previous}")
    root = world.tweets[ids[0]].conversation_id
    return Verification(
        True,
        f"the sandbox holds a {len(ids)}-post reply chain (conversation {root})",
    )


USECASE = UseCase(
    slug="thread-composer",
    title="Thread composer",
    summary="Turn a long text into a numbered thread, each part replying to the last.",
    tools=(ME, CREATE),
    chain=(CREATE, CREATE),
    system_prompt=SYSTEM,
    task=task,
    policy=policy,
    verify=verify,
)
