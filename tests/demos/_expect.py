"""What each demo must change in the sandbox: one check per use case.

Each check gets the world before (a few counts) and after the run, and the
report; it asserts the effect the use case intends.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from xkit.demos import Report
from xkit.sandbox import Sandbox

Snapshot = dict[str, Any]


def snapshot(sb: Sandbox) -> Snapshot:
    world, me = sb.state, sb.default_user.id
    return {
        "me": me,
        "tweets": set(world.tweets),
        "follows": set(world.follows.targets(me)),
        "likes": set(world.likes.targets(me)),
        "bookmarks": set(world.bookmarks.targets(me)),
        "dm_events": set(world.dm_events),
        "lists": set(world.lists),
        "media": set(world.media),
    }


def _new_posts(sb: Sandbox, before: Snapshot) -> list[Any]:
    return [t for i, t in sb.state.tweets.items() if i not in before["tweets"]]


def publishing(sb: Sandbox, before: Snapshot, report: Report) -> None:
    (post,) = _new_posts(sb, before)
    assert post.author_id == before["me"]
    assert post.id in report.answer


def audience(sb: Sandbox, before: Snapshot, report: Report) -> None:
    new = set(sb.state.follows.targets(before["me"])) - before["follows"]
    assert len(new) == 3
    looked = {s.args["id"] for s in report.steps if s.tool == "twitter_user_lookup"}
    assert looked == new


def monitoring(sb: Sandbox, before: Snapshot, report: Report) -> None:
    liked = {s.args["tweet_id"] for s in report.steps if s.tool == "twitter_post_like"}
    read = {s.args["id"] for s in report.steps if s.tool == "twitter_post_lookup"}
    assert len(liked) == 2
    assert liked <= read
    assert liked <= set(sb.state.likes.targets(before["me"]))
    assert liked.isdisjoint(before["likes"])  # both are new likes


def thread(sb: Sandbox, before: Snapshot, report: Report) -> None:
    posts = sorted(_new_posts(sb, before), key=lambda t: int(t.id))
    assert len(posts) >= 3
    assert posts[0].in_reply_to_tweet_id is None
    for previous, current in itertools.pairwise(posts):
        assert current.in_reply_to_tweet_id == previous.id
        assert current.conversation_id == posts[0].id
    assert [p.text.split(" ", 1)[0] for p in posts] == [
        f"{i}/{len(posts)}" for i in range(1, len(posts) + 1)
    ]


def dm_outreach(sb: Sandbox, before: Snapshot, report: Report) -> None:
    world = sb.state
    new = [e for i, e in world.dm_events.items() if i not in before["dm_events"]]
    assert len(new) == 3
    assert all(e.sender_id == before["me"] and e.text for e in new)
    assert all(e.text.startswith("Hi ") for e in new)


def list_curation(sb: Sandbox, before: Snapshot, report: Report) -> None:
    world = sb.state
    (list_id,) = set(world.lists) - before["lists"]
    assert world.lists[list_id].owner_id == before["me"]
    assert len(world.list_members.targets(list_id)) == 5


def engagement(sb: Sandbox, before: Snapshot, report: Report) -> None:
    assert set(sb.state.tweets) == before["tweets"]  # read-only
    likers = [s for s in report.steps if s.tool == "twitter_post_likers_get"]
    assert len(likers) == 3
    total = sum(
        len(s.result["data"]) for s in likers if s.result and "data" in s.result
    )
    assert f"Total: {total} likes" in report.answer


def bookmarking(sb: Sandbox, before: Snapshot, report: Report) -> None:
    new = set(sb.state.bookmarks.targets(before["me"])) - before["bookmarks"]
    assert len(new) == 3
    added = {s.args["tweet_id"] for s in report.steps if s.ok and "tweet_id" in s.args}
    assert added == new


def spaces(sb: Sandbox, before: Snapshot, report: Report) -> None:
    read = [s.args["id"] for s in report.steps if s.tool == "twitter_space_get"]
    assert read
    for space_id in read:
        assert sb.state.spaces[space_id].title in report.answer


def media(sb: Sandbox, before: Snapshot, report: Report) -> None:
    (post,) = _new_posts(sb, before)
    assert post.media_keys
    assert sb.state.media[post.media_keys[0]].alt_text


EXPECT: dict[str, Callable[[Sandbox, Snapshot, Report], None]] = {
    "publishing": publishing,
    "audience-growth": audience,
    "content-monitoring": monitoring,
    "thread-composer": thread,
    "dm-outreach": dm_outreach,
    "list-curation": list_curation,
    "engagement-tracker": engagement,
    "bookmarking": bookmarking,
    "spaces-discovery": spaces,
    "media-posting": media,
}
