"""Spaces: lookup by id(s) and creator, title search, shared posts, ticket buyers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .._app import Ctx, route
from .._errors import forbidden, not_found_error, resource_not_found
from .._state import Space
from ._common import visible

JsonDict = dict[str, Any]


def _ids(ctx: Ctx, name: str) -> list[str]:
    return [i for i in ctx.query.get(name, "").split(",") if i]


def _spaces(ctx: Ctx, spaces: Iterable[Space], errors: list[JsonDict]) -> JsonDict:
    renderer = ctx.renderer()
    data = [renderer.space(s) for s in spaces]
    return renderer.envelope(data, errors=errors, meta={"result_count": len(data)})


def _get_space(ctx: Ctx) -> Space:
    space = ctx.world.spaces.get(ctx.params["id"])
    if space is None:
        raise resource_not_found("space", "id", ctx.params["id"])
    return space


@route("GET", "/2/spaces/{id}")
def get_space(ctx: Ctx) -> JsonDict:
    space = ctx.world.spaces.get(ctx.params["id"])
    renderer = ctx.renderer()
    if space is None:
        error = not_found_error("space", "id", ctx.params["id"])
        return renderer.envelope(None, errors=[error])
    return renderer.envelope(renderer.space(space))


@route("GET", "/2/spaces")
def get_spaces(ctx: Ctx) -> JsonDict:
    found, errors = [], []
    for space_id in _ids(ctx, "ids"):
        space = ctx.world.spaces.get(space_id)
        if space is None:
            errors.append(not_found_error("space", "ids", space_id))
        else:
            found.append(space)
    body = _spaces(ctx, found, errors)
    body.pop("meta")
    return body


@route("GET", "/2/spaces/by/creator_ids")
def by_creator(ctx: Ctx) -> JsonDict:
    creators = _ids(ctx, "user_ids")
    spaces = [s for s in ctx.world.spaces.values() if s.creator_id in creators]
    spaces.sort(key=lambda s: s.created_at, reverse=True)
    return _spaces(ctx, spaces, [])


@route("GET", "/2/spaces/search")
def search_spaces(ctx: Ctx) -> JsonDict:
    words = ctx.query.get("query", "").lower().split()
    state = ctx.query.get("state", "all")
    hits = [
        s
        for s in ctx.world.spaces.values()
        if all(w in s.title.lower() for w in words)
        and (state == "all" or s.state == state)
    ]
    hits.sort(key=lambda s: s.participant_count, reverse=True)
    return _spaces(ctx, hits[: ctx.max_results()], [])


@route("GET", "/2/spaces/{id}/tweets", reads_posts=True)
def space_tweets(ctx: Ctx) -> JsonDict:
    space = _get_space(ctx)
    viewer = ctx.principal.user_id if ctx.principal else None
    world = ctx.world
    tweets = [
        world.tweets[i]
        for i in reversed(space.tweet_ids)
        if i in world.tweets and visible(world, world.tweets[i], viewer)
    ]
    page = ctx.page(tweets)
    renderer = ctx.renderer()
    return renderer.envelope(renderer.tweets(page), meta=page.meta)


@route("GET", "/2/spaces/{id}/buyers")
def buyers(ctx: Ctx) -> JsonDict:
    space = _get_space(ctx)
    if space.creator_id != ctx.user_id:
        raise forbidden("Only the creator of a ticketed Space can see its buyers.")
    page = ctx.page(space.buyer_ids)
    renderer = ctx.renderer()
    users = [ctx.world.users[i] for i in page if i in ctx.world.users]
    return renderer.envelope(renderer.users(users), meta=page.meta)
