"""Pagination: page tokens followed, bounds kept, pages merged in X's shape."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest

import xkit
from xkit.tools import REGISTRY

SEARCH = "twitter_recent_search"
QUERY = {"query": "from:XDevelopers"}
JACK = {"id": "12", "username": "jack"}
DEV = {"id": "2244994945", "username": "XDevelopers"}


def page(
    ids: list[str],
    token: str | None,
    users: list[dict[str, Any]],
    **extra: Any,
) -> dict[str, Any]:
    meta: dict[str, Any] = {"result_count": len(ids)}
    if token:
        meta["next_token"] = token
    body: dict[str, Any] = {
        "data": [{"id": i, "text": f"post {i}"} for i in ids],
        "includes": {"users": users},
        "meta": meta,
        **extra,
    }
    return body


PAGES = {
    None: page(["1", "2"], "t2", [JACK]),
    "t2": page(["3", "4"], "t3", [JACK, DEV]),
    "t3": page(
        ["5"],
        None,
        [DEV],
        errors=[{"title": "Not Found Error", "resource_id": "6"}],
    ),
}


class Pager:
    """Serves :data:`PAGES` keyed by the request's page token."""

    def __init__(self, param: str = "pagination_token", fail_on: str = "") -> None:
        self.param = param
        self.fail_on = fail_on
        self.tokens: list[str | None] = []
        self.transport = httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        token = request.url.params.get(self.param)
        self.tokens.append(token)
        if token and token == self.fail_on:
            return httpx.Response(404, json={"title": "Not Found Error"})
        headers = {"x-rate-limit-remaining": str(10 - len(self.tokens))}
        return httpx.Response(200, json=PAGES[token], headers=headers)


@pytest.fixture
def paginate(mode: str) -> Callable[..., Any]:
    """``paginate(toolkit, name, args, **bounds)`` through the chosen driver."""

    def call(tk: xkit.Toolkit, name: str, args: Any, **bounds: Any) -> Any:
        if mode == "sync":
            return tk.paginate(name, args, **bounds)
        return asyncio.run(tk.apaginate(name, args, **bounds))

    return call


def toolkit(pager: Pager) -> xkit.Toolkit:
    return xkit.Toolkit(
        access_token="user", bearer_token="app", transport=pager.transport
    )


def test_three_pages_are_merged(paginate: Callable[..., Any]) -> None:
    pager = Pager()
    result = paginate(toolkit(pager), SEARCH, QUERY)
    assert [p["id"] for p in result["data"]] == ["1", "2", "3", "4", "5"]
    assert result["includes"] == {"users": [JACK, DEV]}
    assert result["errors"] == [{"title": "Not Found Error", "resource_id": "6"}]
    assert result["meta"] == {"result_count": 1}
    assert result["rate_limit"] == {"remaining": 7}
    assert result["pagination"] == {"pages": 3, "stopped": "end", "next_token": None}
    assert pager.tokens == [None, "t2", "t3"]


def test_max_pages_stops_early_and_says_where_to_resume(
    paginate: Callable[..., Any],
) -> None:
    pager = Pager()
    result = paginate(toolkit(pager), SEARCH, QUERY, max_pages=2)
    assert [p["id"] for p in result["data"]] == ["1", "2", "3", "4"]
    assert result["pagination"] == {
        "pages": 2,
        "stopped": "max_pages",
        "next_token": "t3",
    }
    assert pager.tokens == [None, "t2"]


def test_max_items_truncates_and_stops(paginate: Callable[..., Any]) -> None:
    pager = Pager()
    result = paginate(toolkit(pager), SEARCH, QUERY, max_items=3)
    assert [p["id"] for p in result["data"]] == ["1", "2", "3"]
    assert result["pagination"]["stopped"] == "max_items"
    assert result["pagination"]["next_token"] == "t3"
    assert pager.tokens == [None, "t2"]


def test_max_items_reached_on_the_last_page_is_the_end(
    paginate: Callable[..., Any],
) -> None:
    result = paginate(toolkit(Pager()), SEARCH, QUERY, max_items=5)
    assert len(result["data"]) == 5
    assert result["pagination"]["stopped"] == "end"


def test_a_given_start_token_is_used(paginate: Callable[..., Any]) -> None:
    pager = Pager()
    result = paginate(toolkit(pager), SEARCH, {**QUERY, "pagination_token": "t2"})
    assert [p["id"] for p in result["data"]] == ["3", "4", "5"]
    assert pager.tokens == ["t2", "t3"]


def test_next_token_tools_use_their_own_parameter(
    paginate: Callable[..., Any],
) -> None:
    pager = Pager(param="next_token")
    tk = toolkit(pager)
    result = paginate(tk, "twitter_full_archive_search", QUERY)
    assert result["pagination"]["pages"] == 3
    assert pager.tokens == [None, "t2", "t3"]


def test_a_later_failing_page_keeps_what_was_fetched(
    paginate: Callable[..., Any],
) -> None:
    pager = Pager(fail_on="t3")
    result = paginate(toolkit(pager), SEARCH, QUERY)
    assert [p["id"] for p in result["data"]] == ["1", "2", "3", "4"]
    paging = result["pagination"]
    assert paging["stopped"] == "error"
    assert paging["next_token"] == "t3"
    assert "not found" in paging["error"]


def test_a_failing_first_page_raises(paginate: Callable[..., Any]) -> None:
    pager = Pager(fail_on="t2")
    with pytest.raises(xkit.NotFound):
        paginate(toolkit(pager), SEARCH, {**QUERY, "pagination_token": "t2"})


def test_a_repeated_token_ends_the_walk(paginate: Callable[..., Any]) -> None:
    looping = page(["1"], "same", [])

    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=looping)

    tk = xkit.Toolkit(access_token="u", transport=httpx.MockTransport(handle))
    result = paginate(tk, SEARCH, QUERY, max_pages=50)
    assert result["pagination"]["pages"] == 2
    assert result["pagination"]["stopped"] == "end"


def test_a_non_paginated_tool_is_refused_before_any_request(
    paginate: Callable[..., Any],
) -> None:
    pager = Pager()
    with pytest.raises(xkit.ConfigurationError) as info:
        paginate(toolkit(pager), "twitter_post_lookup", {"id": "20"})
    assert "twitter_post_lookup does not return pages" in str(info.value)
    assert pager.tokens == []


@pytest.mark.parametrize(
    ("bounds", "field"),
    [
        ({"max_pages": 0}, "max_pages"),
        ({"max_items": 0}, "max_items"),
        ({"max_pages": True}, "max_pages"),
    ],
)
def test_bad_bounds_are_validation_errors(
    paginate: Callable[..., Any], bounds: dict[str, Any], field: str
) -> None:
    pager = Pager()
    with pytest.raises(xkit.ValidationFailed) as info:
        paginate(toolkit(pager), SEARCH, QUERY, **bounds)
    assert field in str(info.value)
    assert pager.tokens == []


def test_invalid_arguments_are_refused_before_any_request(
    paginate: Callable[..., Any],
) -> None:
    pager = Pager()
    with pytest.raises(xkit.ValidationFailed):
        paginate(toolkit(pager), SEARCH, {"query": "x", "max_results": 1})
    assert pager.tokens == []


def test_unknown_tool_is_tool_not_found(paginate: Callable[..., Any]) -> None:
    with pytest.raises(xkit.ToolNotFound):
        paginate(toolkit(Pager()), "twitter_recent_serch", QUERY)


def test_pages_iterates_page_by_page() -> None:
    pager = Pager()
    pages = toolkit(pager).pages(SEARCH, QUERY)
    first = next(pages)
    assert [p["id"] for p in first["data"]] == ["1", "2"]
    assert pager.tokens == [None]  # lazily: one request per page
    assert [len(p["data"]) for p in pages] == [2, 1]
    assert pager.tokens == [None, "t2", "t3"]


async def test_apages_iterates_page_by_page() -> None:
    pager = Pager()
    seen = [p async for p in toolkit(pager).apages(SEARCH, QUERY, max_pages=2)]
    assert [len(p["data"]) for p in seen] == [2, 2]
    assert pager.tokens == [None, "t2"]


def test_pages_refuses_a_non_paginated_tool() -> None:
    with pytest.raises(xkit.ConfigurationError):
        next(toolkit(Pager()).pages("twitter_user_me"))


PAGINATED = sorted(name for name, spec in REGISTRY.items() if spec.page_token)


def test_the_registry_has_paginated_tools() -> None:
    assert len(PAGINATED) >= 20


@pytest.mark.parametrize("name", PAGINATED)
def test_every_paginated_tool_follows_its_token(
    name: str, paginate: Callable[..., Any]
) -> None:
    spec = REGISTRY[name]
    param = spec.page_token
    assert param is not None
    sent: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/2/users/me":
            return httpx.Response(200, json={"data": {"id": "2244994945"}})
        sent.append(request)
        token = "tok" + "x" * 16 if len(sent) == 1 else None
        return httpx.Response(200, json=page([str(len(sent))], token, [DEV]))

    tk = xkit.Toolkit(
        access_token="user", bearer_token="app", transport=httpx.MockTransport(handle)
    )
    example = dict(spec.input_model.example)  # type: ignore[attr-defined]
    result = paginate(tk, name, example)
    assert [item["id"] for item in result["data"]] == ["1", "2"]
    assert result["includes"] == {"users": [DEV]}
    assert len(sent) == 2
    assert param not in sent[0].url.params
    assert sent[1].url.params[param] == "tok" + "x" * 16
    first = dict(sent[0].url.params)
    second = {k: v for k, v in sent[1].url.params.items() if k != param}
    assert first == second, "the other arguments stay the same on every page"
