"""Users: me, lookup by id(s) and username(s)."""

from __future__ import annotations

from typing import Any

from .._app import Ctx, route
from .._errors import not_found_error
from .._state import User

JsonDict = dict[str, Any]


def _lookup(ctx: Ctx, found: list[User], errors: list[JsonDict]) -> JsonDict:
    renderer = ctx.renderer()
    return renderer.envelope(renderer.users(found), errors=errors)


def _one(ctx: Ctx, user: User | None, parameter: str, value: str) -> JsonDict:
    if user is None:
        return {"errors": [not_found_error("user", parameter, value)]}
    renderer = ctx.renderer()
    return renderer.envelope(renderer.users([user])[0])


@route("GET", "/2/users/me")
def me(ctx: Ctx) -> JsonDict:
    return _one(ctx, ctx.world.users[ctx.user_id], "id", ctx.user_id)


@route("GET", "/2/users/{id}")
def user_by_id(ctx: Ctx) -> JsonDict:
    user_id = ctx.params["id"]
    return _one(ctx, ctx.world.users.get(user_id), "id", user_id)


@route("GET", "/2/users/by/username/{username}")
def user_by_username(ctx: Ctx) -> JsonDict:
    name = ctx.params["username"]
    return _one(ctx, ctx.world.user_by_username(name), "username", name)


@route("GET", "/2/users")
def users_by_ids(ctx: Ctx) -> JsonDict:
    found, errors = [], []
    for user_id in ctx.query["ids"].split(","):
        user = ctx.world.users.get(user_id)
        if user is None:
            errors.append(not_found_error("user", "ids", user_id))
        else:
            found.append(user)
    return _lookup(ctx, found, errors)


@route("GET", "/2/users/by")
def users_by_usernames(ctx: Ctx) -> JsonDict:
    found, errors = [], []
    for name in ctx.query["usernames"].split(","):
        user = ctx.world.user_by_username(name)
        if user is None:
            errors.append(not_found_error("user", "usernames", name))
        else:
            found.append(user)
    return _lookup(ctx, found, errors)
