"""Media-rich posting: upload an image with alt text and post it."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
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
from .._plan import acting, result_or_call, second_try
from .._read import ME, attempts, data, last_ok, ok_steps
from .._verify import new_post

if TYPE_CHECKING:
    from ...sandbox import World

UPLOAD, CREATE, LOOKUP = (
    "twitter_media_upload",
    "twitter_post_create",
    "twitter_post_lookup",
)
MEDIA_IDS = "media.media_ids"
ALT = "A diagonal gradient from blue to orange, the xkit demo image."
TEXT = (
    "A splash of colour from the xkit demo agent: uploaded with alt text, then posted."
)
#: A public PNG for --live runs (override with XKIT_DEMO_IMAGE).
LIVE_IMAGE = (
    "https://www.python.org/static/community_logos/python-logo-master-v3-TM.png"
)
SYSTEM = (
    "You publish posts with images for the signed-in account (twitter_user_me). "
    "Upload the image with twitter_media_upload (media = the URL given, with "
    "alt_text describing it for screen readers), then post with "
    "twitter_post_create and media.media_ids = [the media id returned]. Finally "
    "look the post up with twitter_post_lookup (expansions=attachments.media_keys, "
    "media.fields=alt_text,type) to confirm the image is attached."
)


def image_url(ctx: Context) -> str:
    if ctx.live:
        return os.environ.get("XKIT_DEMO_IMAGE", LIVE_IMAGE)
    return f"{ctx.base_url}/sandbox/media/sample.png"


def task(ctx: Context) -> str:
    return f"Post this image {image_url(ctx)} with the text {TEXT!r} and good alt text."


def media_id(result: Mapping[str, Any] | None) -> str | None:
    """The media id of an upload result, whichever of X's shapes it has."""
    body = data(result) or dict(result or {})
    for key in ("id", "media_id_string", "media_id"):
        if body.get(key):
            return str(body[key])
    return None


@acting
def policy(ctx: Context, steps: Sequence[Step], me: dict[str, Any]) -> Decision:
    uploaded = media_id(last_ok(steps, UPLOAD))
    if uploaded is None:
        args: dict[str, Any] = {"media": image_url(ctx), "alt_text": ALT}
        if attempts(steps, UPLOAD):  # retry stating the file type explicitly
            args.update(media_type="image/png", media_category="tweet_image")
        return ToolCall(UPLOAD, args)
    created = data(last_ok(steps, CREATE))
    if not created:
        text = second_try(steps, CREATE, TEXT, " (take 2)")
        return ToolCall(CREATE, {"text": text, MEDIA_IDS: [uploaded]})
    post_id = str(created["id"])
    read = {
        "id": post_id,
        "expansions": "attachments.media_keys",
        "media.fields": "alt_text,type,url",
    }
    seen = result_or_call(steps, LOOKUP, read)
    if isinstance(seen, ToolCall):
        return seen
    media = (seen.get("includes") or {}).get("media") or [{}]
    return Answer(
        f"Posted {post_id} as @{me['username']} with image {uploaded} "
        f"({media[0].get('type', 'photo')}, alt text: {media[0].get('alt_text')!r}): "
        f"https://x.com/{me['username']}/status/{post_id}"
    )


def verify(
    world: World | None, steps: Sequence[Step], before: Baseline | None
) -> Verification:
    created = [s for s in ok_steps(steps, CREATE) if s.args.get(MEDIA_IDS)]
    if not created:
        return Verification(False, "no post with media was created")
    post_id = str(data(created[-1].result).get("id"))
    if world is None:
        return Verification(True, f"X accepted post {post_id} with media")
    tweet = new_post(world, before, post_id, with_media=True)
    if isinstance(tweet, Verification):
        return tweet
    media = world.media.get(tweet.media_keys[0])
    if media is None or not media.alt_text:
        return Verification(False, f"the image of post {post_id} has no alt text")
    return Verification(
        True, f"post {post_id} carries image {media.media_key} with alt text"
    )


USECASE = UseCase(
    slug="media-posting",
    title="Media-rich posting",
    summary="Upload an image with alt text and post it.",
    tools=(ME, UPLOAD, CREATE, LOOKUP),
    chain=(UPLOAD, CREATE),
    system_prompt=SYSTEM,
    task=task,
    policy=policy,
    verify=verify,
)
