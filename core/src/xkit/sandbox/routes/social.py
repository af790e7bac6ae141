"""Follows, mutes and blocks."""

from __future__ import annotations

from typing import Any

from .._app import Ctx, route
from .._errors import forbidden, invalid_request
from .._state import Edges
from ._common import get_user

JsonDict = dict[str, Any]


def _users(ctx: Ctx, user_ids: list[str]) -> JsonDict:
    page = ctx.page(user_ids)
    renderer = ctx.renderer()
    users = [ctx.world.users[i] for i in page if i in ctx.world.users]
    return renderer.envelope(renderer.users(users), meta=page.meta)


def _target_user(ctx: Ctx, me: str) -> str:
    target = str(ctx.require(ctx.body(), "target_user_id"))
    get_user(ctx.world, target, "target_user_id")
    if target == me:
        raise invalid_request(
            "You cannot target yourself.", {"target_user_id": [target]}
        )
    return target


@route("GET", "/2/users/{id}/followers")
def followers(ctx: Ctx) -> JsonDict:
    user = get_user(ctx.world, ctx.params["id"])
    return _users(ctx, ctx.world.follows.sources(user.id))


@route("GET", "/2/users/{id}/following")
def following(ctx: Ctx) -> JsonDict:
    user = get_user(ctx.world, ctx.params["id"])
    return _users(ctx, ctx.world.follows.targets(user.id))


@route("POST", "/2/users/{id}/following")
def follow(ctx: Ctx) -> JsonDict:
    me = ctx.own()
    target = _target_user(ctx, me)
    world = ctx.world
    if world.blocks.has(target, me):
        raise forbidden("You are unable to follow more people at this time.")
    if world.follows.has(me, target):
        return {"data": {"following": True, "pending_follow": False}}
    if world.users[target].protected:
        world.pending_follows.add(me, target)
        return {"data": {"following": False, "pending_follow": True}}
    world.follows.add(me, target)
    return {"data": {"following": True, "pending_follow": False}}


@route("DELETE", "/2/users/{source_user_id}/following/{target_user_id}")
def unfollow(ctx: Ctx) -> JsonDict:
    me = ctx.own("source_user_id")
    ctx.world.follows.remove(me, ctx.params["target_user_id"])
    ctx.world.pending_follows.remove(me, ctx.params["target_user_id"])
    return {"data": {"following": False}}


def _toggle(edges: Edges, me: str, target: str, on: bool) -> None:
    (edges.add if on else edges.remove)(me, target)


@route("GET", "/2/users/{id}/muting")
def muted(ctx: Ctx) -> JsonDict:
    return _users(ctx, ctx.world.mutes.targets(ctx.own()))


@route("POST", "/2/users/{id}/muting")
def mute(ctx: Ctx) -> JsonDict:
    me = ctx.own()
    _toggle(ctx.world.mutes, me, _target_user(ctx, me), True)
    return {"data": {"muting": True}}


@route("DELETE", "/2/users/{source_user_id}/muting/{target_user_id}")
def unmute(ctx: Ctx) -> JsonDict:
    me = ctx.own("source_user_id")
    _toggle(ctx.world.mutes, me, ctx.params["target_user_id"], False)
    return {"data": {"muting": False}}


@route("GET", "/2/users/{id}/blocking")
def blocked(ctx: Ctx) -> JsonDict:
    return _users(ctx, ctx.world.blocks.targets(ctx.own()))
