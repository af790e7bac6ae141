"""Deterministic world generation: the same seed always yields the same world.

`build_world(seed, now)` creates users and posts here, then hands over to
`_world_social.populate` for relations, lists, DMs, Spaces and the rest.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from . import _corpus as corpus
from ._state import Media, Place, Poll, Tweet, User, World
from ._text import extract_entities, snowflake, wrap_urls
from ._world_social import add_demo_spaces, populate

__all__ = ["DEFAULT_USERNAME", "build_world", "make_tweet"]

DEFAULT_USERNAME = "xkit_dev"
USER_COUNT = 60
RECENT_POSTS = 560
ARCHIVE_POSTS = 80
HANDLE_WORDS = ("dev", "codes", "data", "ai", "climate", "oss", "orbit", "io", "lab")
SHOWCASE = (
    ("pydata_daily", "PyData Daily", "python"),
    ("agents_weekly", "AI Agents Weekly", "ai_agents"),
    ("climate_now", "Climate Now", "climate"),
    ("oss_digest", "Open Source Digest", "open_source"),
    ("orbit_news", "Orbit News", "space"),
)


def build_world(seed: int, now: datetime) -> World:
    rng = random.Random(seed)
    world = World()
    _add_places(world)
    users = _add_users(world, rng, now)
    _add_posts(world, rng, now, users)
    populate(world, rng, now)
    # Drawn last, so every id made above stays the same for the same seed.
    _engagement_on_default(world, rng, now, users)
    add_demo_spaces(world, rng, now)
    return world


def _engagement_on_default(
    world: World, rng: random.Random, now: datetime, users: list[User]
) -> None:
    """Retweets and likes on the default user's recent posts (for its demos)."""
    default, others = users[0], [u for u in users[1:] if not u.protected]
    recent = now - timedelta(days=6)
    own = [
        t
        for t in world.tweets_by(default.id)
        if t.kind == "original" and t.created_at >= recent
    ]
    for source in own[-6:]:
        span = int((now - source.created_at).total_seconds())
        for fan in rng.sample(others, rng.randrange(1, 5)):
            when = source.created_at + timedelta(seconds=rng.randrange(1, span))
            _retweet(world, source, fan, when)
        for fan in rng.sample(others, rng.randrange(1, 4)):
            world.likes.add(fan.id, source.id)


def _add_places(world: World) -> None:
    for pid, full, name, country, code in corpus.PLACES:
        world.places[pid] = Place(pid, full, name, country, code)


def _user_id(rng: random.Random) -> str:
    return str(rng.randrange(10**14, 10**18))


def _add_users(world: World, rng: random.Random, now: datetime) -> list[User]:
    handles: list[tuple[str, str, str | None]] = [
        (DEFAULT_USERNAME, "xkit Developer", None)
    ]
    handles += [(h, n, t) for h, n, t in SHOWCASE]
    seen = {h for h, _, _ in handles}
    while len(handles) < USER_COUNT:
        first, last = rng.choice(corpus.FIRST_NAMES), rng.choice(corpus.LAST_NAMES)
        handle = f"{first.lower()}_{rng.choice(HANDLE_WORDS)}"[:15]
        if handle in seen:
            handle = f"{first.lower()}{last.lower()}"[:13] + str(rng.randrange(10, 99))
        if handle not in seen:
            seen.add(handle)
            handles.append((handle, f"{first} {last}", None))
    users: list[User] = []
    for index, (handle, name, _topic) in enumerate(handles):
        created = now - timedelta(
            days=rng.randrange(120, 5000), seconds=rng.randrange(86400)
        )
        user = User(
            id=_user_id(rng),
            username=handle,
            name=name,
            created_at=created,
            description=rng.choice(corpus.BIOS),
            location=rng.choice(corpus.LOCATIONS) if rng.random() < 0.8 else None,
            url=f"https://example.com/{handle}" if rng.random() < 0.4 else None,
            verified=index < 6 or rng.random() < 0.15,
            protected=index >= 6 and rng.random() < 0.07,
            profile_image_url=(
                f"https://pbs.twimg.com/profile_images/{handle}_normal.jpg"
            ),
        )
        if user.username == DEFAULT_USERNAME:
            user.description = (
                "The xkit sandbox demo account. Python, AI agents and APIs."
            )
            user.location = "Remote"
        if user.verified:
            user.verified_type = "blue" if index else "none"
        users.append(user)
        world.users[user.id] = user
    return users


def make_tweet(
    world: World, author: User, text: str, when: datetime, **extra: object
) -> Tweet:
    """Create a post with id, entities and conversation (no duplicate check)."""
    world.next_seq += 1
    tweet_id = snowflake(when, world.next_seq)
    text, links = wrap_urls(text)

    def id_for(name: str) -> str | None:
        found = world.user_by_username(name)
        return found.id if found else None

    tweet = Tweet(id=tweet_id, author_id=author.id, text=text, created_at=when)
    for key, value in extra.items():
        setattr(tweet, key, value)
    tweet.entities = extract_entities(text, links, id_for)
    parent = world.tweets.get(tweet.in_reply_to_tweet_id or "")
    tweet.conversation_id = parent.conversation_id if parent else tweet_id
    world.tweets[tweet_id] = tweet
    return tweet


def _topic_text(
    rng: random.Random, topic: str, world: World, users: list[User]
) -> tuple[str, str]:
    pool = corpus.TOPICS[topic]
    lang = (
        "en"
        if rng.random() < 0.8
        else rng.choice([k for k in pool if len(k) == 2 and k != "en"] or ["en"])
    )
    template = rng.choice(pool[lang])
    text = template.format(
        tag=rng.choice(pool["tags"]),
        lib=rng.choice(corpus.LIBS),
        url=f"https://example.com/{topic}/{rng.randrange(1000, 9999)}",
    )
    if rng.random() < 0.15:
        text += f" cc @{rng.choice(users).username}"
    return text, lang


def _add_posts(
    world: World, rng: random.Random, now: datetime, users: list[User]
) -> None:
    topic_of = {h: t for h, _, t in SHOWCASE}
    moments = sorted(
        [
            now - timedelta(seconds=rng.randrange(60, 7 * 86400 - 60))
            for _ in range(RECENT_POSTS)
        ]
        + [
            now - timedelta(days=rng.randrange(8, 60), seconds=rng.randrange(86400))
            for _ in range(ARCHIVE_POSTS)
        ]
    )
    default = users[0]
    texts: set[tuple[str, str]] = set()
    for index, when in enumerate(moments):
        author = default if index % 45 == 7 else rng.choice(users)
        topic = topic_of.get(author.username) or rng.choice(corpus.TOPIC_NAMES)
        earlier = [
            t for t in list(world.tweets.values())[-120:] if not t.retweeted_tweet_id
        ]
        roll = rng.random()
        if earlier and roll < 0.10:
            _retweet(world, rng.choice(earlier), author, when)
            continue
        text, lang = _topic_text(rng, topic, world, users)
        if (author.id, text) in texts:
            text += f" ({index})"
        texts.add((author.id, text))
        extra: dict[str, object] = {
            "lang": lang,
            "impression_count": rng.randrange(20, 50000),
        }
        if earlier and roll < 0.27:
            parent = rng.choice(earlier)
            replied = world.users[parent.author_id]
            text = f"@{replied.username} {rng.choice(corpus.REPLIES)} {text}"
            extra.update(in_reply_to_tweet_id=parent.id, in_reply_to_user_id=replied.id)
        elif earlier and roll < 0.35:
            quoted = rng.choice(earlier)
            extra["quoted_tweet_id"] = quoted.id
        elif roll < 0.39:
            question, options = rng.choice(corpus.POLLS)
            text = question
            extra["poll_id"] = _poll(world, rng, options, when)
        elif roll < 0.49:
            extra["media_keys"] = _media(world, rng, author, when)
        if rng.random() < 0.05:
            extra["place_id"] = rng.choice(list(world.places))
        make_tweet(world, author, text, when, **extra)
    for user in users:
        own = [t for t in world.tweets_by(user.id) if t.kind == "original"]
        if own and rng.random() < 0.35:
            user.pinned_tweet_id = rng.choice(own).id


def _retweet(world: World, source: Tweet, author: User, when: datetime) -> None:
    if world.retweets.has(author.id, source.id) or source.author_id == author.id:
        return
    original = world.users[source.author_id]
    text = f"RT @{original.username}: {source.text}"
    make_tweet(
        world, author, text, when, retweeted_tweet_id=source.id, lang=source.lang
    )
    world.retweets.add(author.id, source.id)


def _poll(
    world: World, rng: random.Random, options: tuple[str, ...], when: datetime
) -> str:
    poll_id = str(rng.randrange(10**18, 10**19))
    minutes = rng.choice((60, 360, 1440, 4320))
    world.polls[poll_id] = Poll(
        id=poll_id,
        options=list(options),
        duration_minutes=minutes,
        end_datetime=when + timedelta(minutes=minutes),
        votes=[rng.randrange(0, 400) for _ in options],
    )
    return poll_id


def _media(world: World, rng: random.Random, owner: User, when: datetime) -> list[str]:
    keys: list[str] = []
    kind = rng.choices(("photo", "video", "animated_gif"), (8, 2, 1))[0]
    prefix = {"photo": "3", "video": "7", "animated_gif": "16"}[kind]
    for _ in range(rng.randrange(1, 4) if kind == "photo" else 1):
        media_id = str(rng.randrange(10**18, 10**19))
        key = f"{prefix}_{media_id}"
        world.media[key] = Media(
            media_key=key,
            type=kind,
            width=rng.choice((1200, 1080, 1920)),
            height=rng.choice((675, 1080, 1350)),
            url=f"https://pbs.twimg.com/media/{media_id[-10:]}.jpg"
            if kind == "photo"
            else None,
            alt_text=rng.choice(
                (None, "A chart", "A photo of the launch pad", "Screenshot")
            ),
            duration_ms=rng.randrange(5000, 120000) if kind == "video" else None,
            owner_id=owner.id,
            media_category={"photo": "tweet_image", "video": "tweet_video"}.get(
                kind, "tweet_gif"
            ),
            media_type="image/jpeg" if kind == "photo" else "video/mp4",
            created_at=when,
        )
        keys.append(key)
    return keys
