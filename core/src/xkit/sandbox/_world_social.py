"""Seeded relations and the other resources: follows, likes, lists, DMs, Spaces..."""

from __future__ import annotations

import random
import string
from datetime import datetime, timedelta

from . import _corpus as corpus
from ._state import (
    ComplianceJob,
    DmConversation,
    DmEvent,
    List,
    Space,
    Tweet,
    User,
    World,
)
from ._text import snowflake

__all__ = ["SPACE_TOPICS", "add_demo_spaces", "populate"]

SPACE_TOPICS = {
    "python": ("848920371311001600", "Technology", "Technology and computing"),
    "ai_agents": ("1301154081553661952", "Artificial intelligence", "AI and agents"),
    "climate": ("839544254006517760", "Climate change", "Climate science"),
    "open_source": ("1037043637838516224", "Open source", "Open source software"),
    "space": ("847878884917886977", "Space", "Space exploration"),
    "misc": ("781974596752842752", "Lifestyle", "Everyday life"),
}
DM_LINES = (
    "Hey! Loved your post about AI agents.",
    "Are you going to the Python meetup next week?",
    "Can you review my open source PR when you have time?",
    "Sure, sending the link now.",
    "Thanks, that helped a lot!",
    "Let's do a Space about climate data sometime.",
    "Did you see the launch yesterday?",
)
LIST_NAMES = (
    ("Python people", "Pythonistas worth following"),
    ("AI agents", "Builders and researchers working on agents"),
    ("Climate voices", "Scientists and journalists on climate"),
    ("Open source maintainers", "People who keep the lights on"),
    ("Space exploration", "Launches, telescopes and missions"),
    ("Friends", "People I know in real life"),
    ("Reading list", "Good long-form writers"),
    ("Conference speakers", "Speakers from this year"),
)


def populate(world: World, rng: random.Random, now: datetime) -> None:
    users = list(world.users.values())
    _follows(world, rng, users)
    _likes_and_bookmarks(world, rng, users)
    _lists(world, rng, users, now)
    _dms(world, rng, users, now)
    _spaces(world, rng, users, now)
    _jobs(world, rng, now)
    for day in range(30):
        date = (now - timedelta(days=day)).date().isoformat()
        world.usage[date] = rng.randrange(200, 5000)
    _dm_settings_and_space_posts(world, rng, users)


def _follows(world: World, rng: random.Random, users: list[User]) -> None:
    default, others = users[0], users[1:]
    for follower in rng.sample(others, 42):
        world.follows.add(follower.id, default.id)
    for followed in rng.sample(others, 22):
        world.follows.add(default.id, followed.id)
    for user in others:
        for followed in rng.sample(users, rng.randrange(4, 24)):
            if followed.id != user.id:
                world.follows.add(user.id, followed.id)
    for muted in rng.sample(others, 3):
        world.mutes.add(default.id, muted.id)
    for blocked in rng.sample(others, 2):
        world.blocks.add(default.id, blocked.id)
    for user in rng.sample(others, 10):
        world.mutes.add(user.id, rng.choice(others).id)


def _likes_and_bookmarks(world: World, rng: random.Random, users: list[User]) -> None:
    default = users[0]
    posts = [t for t in world.tweets.values() if not t.retweeted_tweet_id]
    for tweet in posts:
        for liker in rng.sample(users, rng.choice((0, 0, 1, 2, 3, 5, 8, 13))):
            if liker.id != tweet.author_id:
                world.likes.add(liker.id, tweet.id)
    for tweet in rng.sample(posts, 30):
        world.likes.add(default.id, tweet.id)
    for tweet in rng.sample(posts, 15):
        world.bookmarks.add(default.id, tweet.id)
    for user in rng.sample(users[1:], 15):
        for tweet in rng.sample(posts, 3):
            world.bookmarks.add(user.id, tweet.id)


def _lists(world: World, rng: random.Random, users: list[User], now: datetime) -> None:
    default = users[0]
    for index, (name, description) in enumerate(LIST_NAMES * 2):
        owner = default if index < 3 else rng.choice(users[1:])
        world.next_seq += 1
        created = now - timedelta(days=rng.randrange(1, 400))
        item = List(
            id=str(rng.randrange(10**18, 10**19)),
            name=name,
            owner_id=owner.id,
            created_at=created,
            description=description,
            private=index % 5 == 4,
        )
        world.lists[item.id] = item
        for member in rng.sample(users, rng.randrange(3, 16)):
            world.list_members.add(item.id, member.id)
        for follower in rng.sample(users, rng.randrange(0, 10)):
            if follower.id != owner.id:
                world.list_followers.add(follower.id, item.id)
    followed = [i for i in world.lists.values() if i.owner_id != default.id][:4]
    for item in followed:
        world.list_followers.add(default.id, item.id)
    own = [i.id for i in world.lists.values() if i.owner_id == default.id]
    for list_id in own[:1] + [i.id for i in followed[:1]]:
        world.pinned_lists.add(default.id, list_id)


def _dms(world: World, rng: random.Random, users: list[User], now: datetime) -> None:
    default, others = users[0], users[1:]
    groups: list[tuple[list[str], bool]] = [
        ([default.id, peer.id], False) for peer in rng.sample(others, 6)
    ]
    groups += [([default.id, *(u.id for u in rng.sample(others, 3))], True)]
    groups += [([u.id for u in rng.sample(others, 2)], False) for _ in range(4)]
    for members, is_group in groups:
        if is_group:
            conv_id = str(rng.randrange(10**18, 10**19))
        else:
            conv_id = "-".join(sorted(members, key=int))
        world.dm_conversations[conv_id] = DmConversation(conv_id, members, is_group)
        when = now - timedelta(days=rng.randrange(1, 20))
        if is_group:
            _dm_event(
                world, conv_id, "ParticipantsJoin", when, members[0], None, members
            )
        for _ in range(rng.randrange(4, 12)):
            when += timedelta(minutes=rng.randrange(1, 600))
            if when >= now:
                break
            sender = rng.choice(members)
            _dm_event(
                world, conv_id, "MessageCreate", when, sender, rng.choice(DM_LINES), []
            )


def _dm_event(
    world: World,
    conv_id: str,
    kind: str,
    when: datetime,
    sender: str,
    text: str | None,
    participants: list[str],
) -> None:
    world.next_seq += 1
    event_id = snowflake(when, world.next_seq)
    world.dm_events[event_id] = DmEvent(
        id=event_id,
        dm_conversation_id=conv_id,
        event_type=kind,
        created_at=when,
        sender_id=sender,
        text=text,
        participant_ids=list(participants),
    )


def _space_id(rng: random.Random) -> str:
    alphabet = string.ascii_letters + string.digits
    return "1" + "".join(rng.choice(alphabet) for _ in range(12))


def _spaces(world: World, rng: random.Random, users: list[User], now: datetime) -> None:
    for topic_id, name, description in SPACE_TOPICS.values():
        world.topics[topic_id] = {
            "id": topic_id,
            "name": name,
            "description": description,
        }
    states = ("live", "scheduled", "ended")
    for index, (title, topic) in enumerate(corpus.SPACE_TITLES):
        state = states[index % 3]
        creator = users[0] if index == 5 else rng.choice(users)
        space = _new_space(
            rng, users, now, creator, title, topic, state, min_listeners=5
        )
        if space.is_ticketed:
            space.buyer_ids = [u.id for u in rng.sample(users, 8)]
        world.spaces[space.id] = space


def _new_space(
    rng: random.Random,
    users: list[User],
    now: datetime,
    creator: User,
    title: str,
    topic: str,
    state: str,
    *,
    min_listeners: int,
) -> Space:
    """A Space with its timings drawn for its state (the draw order is part of
    the seed's contract: changing it changes every later id)."""
    space = Space(
        id=_space_id(rng),
        creator_id=creator.id,
        title=title,
        state=state,
        created_at=now - timedelta(hours=rng.randrange(2, 72)),
        host_ids=[creator.id],
        speaker_ids=[u.id for u in rng.sample(users, 3)],
        topic_ids=[SPACE_TOPICS[topic][0]],
        is_ticketed=title.startswith("Ticketed"),
        participant_count=(
            rng.randrange(min_listeners, 900) if state != "scheduled" else 0
        ),
        subscriber_count=rng.randrange(0, 300),
    )
    if state == "scheduled":
        space.scheduled_start = now + timedelta(hours=rng.randrange(2, 96))
    else:
        space.started_at = now - timedelta(minutes=rng.randrange(10, 180))
    if state == "ended":
        space.ended_at = now - timedelta(minutes=rng.randrange(1, 9))
    return space


def _jobs(world: World, rng: random.Random, now: datetime) -> None:
    for kind, name in (("tweets", "Quarterly tweets check"), ("users", None)):
        job_id = str(rng.randrange(10**18, 10**19))
        world.compliance_jobs[job_id] = ComplianceJob(
            id=job_id, type=kind, name=name, created_at=now - timedelta(days=2)
        )


def _dm_settings_and_space_posts(
    world: World, rng: random.Random, users: list[User]
) -> None:
    """Run last, so the draws above (and every id they made) stay as they were.

    About a quarter of the accounts take DMs only from people they follow: the
    default user's followers still accept its DMs, strangers may answer 403.
    The ticketed Space belongs to the default user (only a creator sees buyers);
    live and ended Spaces get a few posts on their topic shared in them.
    """
    default = users[0]
    strangers = [u for u in users[1:] if not world.follows.has(u.id, default.id)]
    for user in users[1:]:
        if rng.random() < 0.25:
            user.dm_policy = "following"
    for user in strangers[:2]:
        user.dm_policy = "following"
    pools = _topic_posts(world)
    for space in world.spaces.values():
        if space.is_ticketed:
            space.creator_id = default.id
            space.host_ids = [default.id]
            space.buyer_ids = [i for i in space.buyer_ids if i != default.id]
        _share_posts(space, pools, rng)


def _topic_posts(world: World) -> dict[str, list[Tweet]]:
    """Original posts by topic (recognised by the topic's hashtags)."""
    tags = {
        tag.lstrip("#").lower(): topic
        for topic, pool in corpus.TOPICS.items()
        for tag in pool["tags"]
    }
    pools: dict[str, list[Tweet]] = {}
    for tweet in world.tweets.values():
        if tweet.kind != "original":
            continue
        found = {tags.get(h["tag"].lower()) for h in tweet.entities.get("hashtags", [])}
        for topic in sorted(t for t in found if t):
            pools.setdefault(topic, []).append(tweet)
    return pools


def _share_posts(
    space: Space, pools: dict[str, list[Tweet]], rng: random.Random
) -> None:
    """Live and ended Spaces share a few posts about the Space's topic."""
    if space.state == "scheduled":
        return
    topic = next(
        (name for name, (tid, _, _) in SPACE_TOPICS.items() if tid in space.topic_ids),
        "misc",
    )
    pool = pools.get(topic, [])
    shared = rng.sample(pool, min(len(pool), rng.randrange(3, 7)))
    space.tweet_ids = [t.id for t in sorted(shared, key=lambda t: int(t.id))]


def add_demo_spaces(world: World, rng: random.Random, now: datetime) -> None:
    """More Spaces per topic (drawn after everything else, so ids stay stable)."""
    users = list(world.users.values())
    pools = _topic_posts(world)
    for title, topic, state in corpus.MORE_SPACES:
        creator = rng.choice(users[1:])
        space = _new_space(
            rng, users, now, creator, title, topic, state, min_listeners=40
        )
        _share_posts(space, pools, rng)
        world.spaces[space.id] = space
