"""The sandbox served by uvicorn on 127.0.0.1: the CLI and a third-party client."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import uvicorn
from typer.testing import CliRunner

from xkit.sandbox import Sandbox
from xkit.sandbox._cli import app


@pytest.fixture
def served() -> Iterator[tuple[Sandbox, str]]:
    sb = Sandbox()
    config = uvicorn.Config(sb.asgi_app(), host="127.0.0.1", port=0, log_level="error")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield sb, f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_cli_token_gets_user_and_app_tokens(served: tuple[Sandbox, str]) -> None:
    _, url = served
    runner = CliRunner()
    result = runner.invoke(app, ["token", "--url", url, "--user", "orbit_news"])
    assert result.exit_code == 0, result.output
    tokens = json.loads(result.output)
    assert {"access_token", "refresh_token", "expires_in", "scope"} <= tokens.keys()
    me = httpx.get(
        f"{url}/2/users/me",
        headers={"authorization": f"Bearer {tokens['access_token']}"},
    )
    assert me.json()["data"]["username"] == "orbit_news"
    app_result = runner.invoke(app, ["token", "--url", url, "--app"])
    bearer = json.loads(app_result.output)["access_token"]
    counts = httpx.get(
        f"{url}/2/tweets/counts/recent",
        params={"query": "python"},
        headers={"authorization": f"Bearer {bearer}"},
    )
    assert counts.status_code == 200


def test_served_media_sample_is_a_png(served: tuple[Sandbox, str]) -> None:
    _, url = served
    response = httpx.get(f"{url}/sandbox/media/sample.png")
    assert response.headers["content-type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_xdk_client_works_against_the_served_sandbox(
    served: tuple[Sandbox, str],
) -> None:
    xdk = pytest.importorskip("xdk")
    sb, url = served
    client = xdk.Client(base_url=url, access_token=sb.issue_token())
    me = client.users.get_me()
    me_id = _get(me.data, "id")
    assert _get(me.data, "username") == sb.default_username
    created = client.posts.create(body={"text": "Hello from xdk #xdkdemo"})
    assert _get(created.data, "id") in sb.state.tweets
    pages = list(client.posts.search_recent(query="#xdkdemo"))
    assert _get(pages[0].data[0], "id") == _get(created.data, "id")
    target = next(t for t in sb.state.tweets.values() if t.author_id != me_id)
    liked = client.users.like_post(me_id, body={"tweet_id": target.id})
    assert _get(liked.data, "liked") is True
    followers: list[str] = []
    for page in client.users.get_followers(me_id, max_results=10):
        followers += [_get(u, "id") for u in page.data or []]
    assert len(followers) == len(sb.state.follows.sources(me_id))


def _get(item: Any, name: str) -> Any:
    """xdk returns models for some payloads and dicts for others."""
    return item[name] if isinstance(item, dict) else getattr(item, name)
