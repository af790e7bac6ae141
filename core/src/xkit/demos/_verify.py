"""Checking a run's effect: the sandbox after the run against its `Baseline`.

An effect counts only if the sandbox holds it now and did not before the run
(a like from the seed is no proof the agent liked anything).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal

from ._model import Baseline, Step, Verification, Verifier
from ._read import acting_id, arg_values

if TYPE_CHECKING:
    from ..sandbox import World
    from ..sandbox._state import Edges, Tweet

__all__ = ["Kind", "existed", "new_links", "new_post"]

#: What a `Baseline` records (the fields of both it and the sandbox's `World`).
Kind = Literal[
    "tweets",
    "likes",
    "bookmarks",
    "follows",
    "pending_follows",
    "lists",
    "list_members",
    "dm_events",
    "media",
]


def existed(before: Baseline | None, kind: Kind, key: object) -> bool:
    """Whether the sandbox held ``key`` (an id, or a pair of ids) among its
    ``kind`` before the run; never when there is no baseline (the live API)."""
    held: frozenset[object] = frozenset() if before is None else getattr(before, kind)
    return key in held


def new_post(
    world: World, before: Baseline | None, post_id: str, *, with_media: bool = False
) -> Tweet | Verification:
    """The post ``post_id`` as the run created it in the sandbox (with media
    attached if ``with_media``), or the failed verification saying why not."""
    tweet = world.tweets.get(post_id)
    if tweet is None or (with_media and not tweet.media_keys):
        lacks = "has no media" if with_media else "is not"
        return Verification(False, f"post {post_id} {lacks} in the sandbox")
    if existed(before, "tweets", post_id):
        return Verification(False, f"post {post_id} existed before the run")
    return tweet


def new_links(
    tool: str,
    key: str,
    kind: Literal["likes", "bookmarks", "follows"],
    *,
    nothing: str,
    confirmed: str,
    missing: str,
    old: str,
    done: str | Callable[[World, list[str]], str],
) -> Verifier:
    """The check of a write that links the acting user to targets (likes,
    bookmarks, follows): the ``key`` argument of every successful ``tool``
    call must be linked in the sandbox's ``kind`` now, and not before the run.

    The messages say: ``nothing`` was done, X ``confirmed`` ``{n}`` writes (on
    the live API), targets ``{ids}`` are ``missing`` or ``old``, and all is
    ``done`` (a template with ``{n}`` and ``{ids}``, or a function of the
    sandbox and the targets).
    """

    def verify(
        world: World | None, steps: Sequence[Step], before: Baseline | None
    ) -> Verification:
        me = acting_id(world, steps)
        targets = arg_values(steps, tool, key, ok=True)
        if not targets:
            return Verification(False, nothing)
        if world is None:
            return Verification(True, confirmed.format(n=len(targets)))
        links: Edges = getattr(world, kind)
        absent = [t for t in targets if not links.has(me, t)]
        if absent:
            return Verification(False, missing.format(ids=absent))
        earlier = [t for t in targets if existed(before, kind, (me, t))]
        if earlier:
            return Verification(False, old.format(ids=earlier))
        if isinstance(done, str):
            return Verification(True, done.format(n=len(targets), ids=targets))
        return Verification(True, done(world, targets))

    return verify
