"""Automated social publishing: post, then look the post up to prove it is live."""

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
from .._plan import acting, second_try
from .._read import ME, attempts, data, last_ok, ok_data, returned_ids
from .._verify import new_post

if TYPE_CHECKING:
    from ...sandbox import World

CREATE, LOOKUP = "twitter_post_create", "twitter_post_lookup"
TEXT = (
    "Hello from the xkit demo agent! It published this post through the X API "
    "v2 and then read it back to check that it is live."
)
SYSTEM = (
    "You publish posts on X for the signed-in account. First call twitter_user_me "
    "to learn which account you act for. Publish exactly the text the user gives "
    "with twitter_post_create, then call twitter_post_lookup with the id it "
    "returned to confirm the post is live. If X refuses the post as a duplicate, "
    "change the text slightly and try once more. End with the post's id and link."
)


def task(ctx: Context) -> str:
    return f'Publish this post and verify it is live: "{TEXT}"'


@acting
def policy(ctx: Context, steps: Sequence[Step], me: dict[str, Any]) -> Decision:
    created = data(last_ok(steps, CREATE))
    if not created:
        tries = attempts(steps, CREATE)
        if len(tries) >= 2:
            return Answer(f"X refused the post twice: {tries[-1].error}")
        # A second attempt changes the text: X refuses exact duplicates.
        return ToolCall(CREATE, {"text": second_try(steps, CREATE, TEXT, " (take 2)")})
    post_id = str(created["id"])
    seen = data(last_ok(steps, LOOKUP))
    if str(seen.get("id")) != post_id:
        return ToolCall(LOOKUP, {"id": post_id, "tweet.fields": "created_at,author_id"})
    handle = me.get("username", "i")
    return Answer(
        f"Published post {post_id} as @{handle} and read it back: it is live at "
        f"https://x.com/{handle}/status/{post_id} (created {seen.get('created_at')})."
    )


def verify(
    world: World | None, steps: Sequence[Step], before: Baseline | None
) -> Verification:
    created = returned_ids(steps, CREATE)
    if not created:
        return Verification(False, "no post was created")
    post_id = created[-1]
    if world is None:
        seen = [found.get("id") for found in ok_data(steps, LOOKUP)]
        return Verification(post_id in seen, f"post {post_id} was read back by id")
    tweet = new_post(world, before, post_id)
    if isinstance(tweet, Verification):
        return tweet
    return Verification(True, f"post {post_id} exists in the sandbox: {tweet.text!r}")


USECASE = UseCase(
    slug="publishing",
    title="Automated social publishing",
    summary="Publish a post, then look it up to verify it is live.",
    tools=(ME, CREATE, LOOKUP),
    chain=(CREATE, LOOKUP),
    system_prompt=SYSTEM,
    task=task,
    policy=policy,
    verify=verify,
)
