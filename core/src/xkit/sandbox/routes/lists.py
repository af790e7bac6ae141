"""Lists: create, update and delete; members, followers, follows and pins.

Only a list's owner may change it or its members (403 otherwise). Private lists are
seen by their owner alone: to anyone else they do not exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .._app import Ctx, route
from .._errors import forbidden, invalid_request, not_found_error, resource_not_found
from .._state import List, World
from ._common import get_user
from .timelines import _window

JsonDict = dict[str, Any]
NAME_LIMIT = 25
DESCRIPTION_LIMIT = 100
MEMBER_LIMIT = 5000
PIN_LIMIT = 5


def _viewer(ctx: Ctx) -> str | None:
    return ctx.principal.user_id if ctx.principal else None


def _seen(item: List, viewer: str | None) -> bool:
    return not item.private or item.owner_id == viewer


def _get_list(ctx: Ctx, list_id: str, parameter: str = "id") -> List:
    item = ctx.world.lists.get(list_id)
    if item is None or not _seen(item, _viewer(ctx)):
        raise resource_not_found("list", parameter, list_id)
    return item


def _owned(ctx: Ctx, list_id: str) -> List:
    item = _get_list(ctx, list_id)
    if item.owner_id != ctx.user_id:
        raise forbidden(
            f"You are not allowed to modify list [{list_id}]: only its owner can."
        )
    return item


def _fields(body: JsonDict, *, creating: bool) -> JsonDict:
    found: JsonDict = {}
    name = body.get("name")
    if name is not None or creating:
        if not isinstance(name, str) or not 1 <= len(name.strip()) <= NAME_LIMIT:
            raise invalid_request(
                f"`name` must be 1 to {NAME_LIMIT} characters.", {"name": [str(name)]}
            )
        found["name"] = name.strip()
    description = body.get("description")
    if description is not None:
        if not isinstance(description, str) or len(description) > DESCRIPTION_LIMIT:
            raise invalid_request(
                f"`description` must be at most {DESCRIPTION_LIMIT} characters.",
                {"description": [str(description)[:50]]},
            )
        found["description"] = description
    private = body.get("private")
    if private is not None:
        if not isinstance(private, bool):
            raise invalid_request(
                "`private` must be true or false.", {"private": [str(private)]}
            )
        found["private"] = private
    return found


def _lists(ctx: Ctx, items: Iterable[List]) -> JsonDict:
    viewer = _viewer(ctx)
    page = ctx.page([i for i in items if _seen(i, viewer)])
    renderer = ctx.renderer()
    return renderer.envelope([renderer.list(i) for i in page], meta=page.meta)


def _users(ctx: Ctx, user_ids: list[str]) -> JsonDict:
    page = ctx.page(user_ids)
    renderer = ctx.renderer()
    users = [ctx.world.users[i] for i in page if i in ctx.world.users]
    return renderer.envelope(renderer.users(users), meta=page.meta)


def _by_ids(world: World, ids: Iterable[str]) -> list[List]:
    return [world.lists[i] for i in ids if i in world.lists]


# -- the list itself ------------------------------------------------------------


@route("POST", "/2/lists")
def create_list(ctx: Ctx) -> JsonDict:
    fields = _fields(ctx.body(), creating=True)
    item = List(
        id=ctx.world.new_id(ctx.now),
        owner_id=ctx.user_id,
        created_at=ctx.now,
        **fields,
    )
    ctx.world.lists[item.id] = item
    return {"data": {"id": item.id, "name": item.name}}


@route("PUT", "/2/lists/{id}")
def update_list(ctx: Ctx) -> JsonDict:
    item = _owned(ctx, ctx.params["id"])
    for name, value in _fields(ctx.body(), creating=False).items():
        setattr(item, name, value)
    return {"data": {"updated": True}}


@route("DELETE", "/2/lists/{id}")
def delete_list(ctx: Ctx) -> JsonDict:
    item = _owned(ctx, ctx.params["id"])
    world = ctx.world
    for edges in (world.list_members, world.list_followers, world.pinned_lists):
        edges.drop(item.id)
    del world.lists[item.id]
    return {"data": {"deleted": True}}


@route("GET", "/2/lists/{id}")
def lookup_list(ctx: Ctx) -> JsonDict:
    list_id = ctx.params["id"]
    item = ctx.world.lists.get(list_id)
    renderer = ctx.renderer()
    if item is None or not _seen(item, _viewer(ctx)):
        return renderer.envelope(None, errors=[not_found_error("list", "id", list_id)])
    return renderer.envelope(renderer.list(item))


@route("GET", "/2/lists/{id}/tweets", reads_posts=True)
def list_tweets(ctx: Ctx) -> JsonDict:
    item = _get_list(ctx, ctx.params["id"])
    members = set(ctx.world.list_members.targets(item.id))
    return _window(
        ctx, [t for t in ctx.world.tweets.values() if t.author_id in members]
    )


# -- members and followers ------------------------------------------------------


@route("GET", "/2/lists/{id}/members")
def list_members(ctx: Ctx) -> JsonDict:
    item = _get_list(ctx, ctx.params["id"])
    return _users(ctx, ctx.world.list_members.targets(item.id))


@route("POST", "/2/lists/{id}/members")
def add_member(ctx: Ctx) -> JsonDict:
    item = _owned(ctx, ctx.params["id"])
    user_id = str(ctx.require(ctx.body(), "user_id"))
    get_user(ctx.world, user_id, "user_id")
    members = ctx.world.list_members
    if not members.has(item.id, user_id) and members.count_targets(item.id) >= (
        MEMBER_LIMIT
    ):
        raise forbidden(f"A list can have at most {MEMBER_LIMIT} members.")
    if ctx.world.blocks.has(user_id, item.owner_id):
        raise forbidden("You cannot add a user who blocks you to a list.")
    members.add(item.id, user_id)
    return {"data": {"is_member": True}}


@route("DELETE", "/2/lists/{id}/members/{user_id}")
def remove_member(ctx: Ctx) -> JsonDict:
    item = _owned(ctx, ctx.params["id"])
    ctx.world.list_members.remove(item.id, ctx.params["user_id"])
    return {"data": {"is_member": False}}


@route("GET", "/2/lists/{id}/followers")
def list_followers(ctx: Ctx) -> JsonDict:
    item = _get_list(ctx, ctx.params["id"])
    return _users(ctx, ctx.world.list_followers.sources(item.id))


# -- a user's lists -------------------------------------------------------------


@route("GET", "/2/users/{id}/owned_lists")
def owned_lists(ctx: Ctx) -> JsonDict:
    user = get_user(ctx.world, ctx.params["id"])
    owned = [i for i in ctx.world.lists.values() if i.owner_id == user.id]
    return _lists(ctx, sorted(owned, key=lambda i: i.created_at, reverse=True))


@route("GET", "/2/users/{id}/followed_lists")
def followed_lists(ctx: Ctx) -> JsonDict:
    user = get_user(ctx.world, ctx.params["id"])
    return _lists(ctx, _by_ids(ctx.world, ctx.world.list_followers.targets(user.id)))


@route("GET", "/2/users/{id}/list_memberships")
def list_memberships(ctx: Ctx) -> JsonDict:
    user = get_user(ctx.world, ctx.params["id"])
    return _lists(ctx, _by_ids(ctx.world, ctx.world.list_members.sources(user.id)))


@route("GET", "/2/users/{id}/pinned_lists")
def pinned_lists(ctx: Ctx) -> JsonDict:
    pinned = _by_ids(ctx.world, ctx.world.pinned_lists.targets(ctx.own()))
    renderer = ctx.renderer()
    data = [renderer.list(i) for i in pinned]
    return renderer.envelope(data, meta={"result_count": len(data)})


@route("POST", "/2/users/{id}/followed_lists")
def follow_list(ctx: Ctx) -> JsonDict:
    me = ctx.own()
    item = _get_list(ctx, str(ctx.require(ctx.body(), "list_id")), "list_id")
    if ctx.world.blocks.has(item.owner_id, me):
        raise forbidden("You cannot follow a list whose owner blocks you.")
    ctx.world.list_followers.add(me, item.id)
    return {"data": {"following": True}}


@route("DELETE", "/2/users/{id}/followed_lists/{list_id}")
def unfollow_list(ctx: Ctx) -> JsonDict:
    ctx.world.list_followers.remove(ctx.own(), ctx.params["list_id"])
    return {"data": {"following": False}}


@route("POST", "/2/users/{id}/pinned_lists")
def pin_list(ctx: Ctx) -> JsonDict:
    me = ctx.own()
    item = _get_list(ctx, str(ctx.require(ctx.body(), "list_id")), "list_id")
    pins = ctx.world.pinned_lists
    if not pins.has(me, item.id) and pins.count_targets(me) >= PIN_LIMIT:
        raise forbidden(f"You can pin at most {PIN_LIMIT} lists; unpin one first.")
    pins.add(me, item.id)
    return {"data": {"pinned": True}}


@route("DELETE", "/2/users/{id}/pinned_lists/{list_id}")
def unpin_list(ctx: Ctx) -> JsonDict:
    ctx.world.pinned_lists.remove(ctx.own(), ctx.params["list_id"])
    return {"data": {"pinned": False}}
