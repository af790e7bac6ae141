"""Fixtures for the sandbox tests: a fresh world, clients and a spec validator."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from xkit.sandbox import Sandbox

BASE = "https://api.x.com"


@pytest.fixture
def sb() -> Sandbox:
    return Sandbox(seed=0)


def make_client(sb: Sandbox, token: str | None) -> httpx.Client:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(base_url=BASE, transport=sb.transport(), headers=headers)


@pytest.fixture
def connect() -> Callable[[Sandbox, str | None], httpx.Client]:
    """`connect(sandbox, token)`: an in-process client for any sandbox."""
    return make_client


@pytest.fixture
def client(sb: Sandbox) -> Iterator[httpx.Client]:
    with make_client(sb, sb.issue_token()) as http:
        yield http


@pytest.fixture
def app_client(sb: Sandbox) -> Iterator[httpx.Client]:
    with make_client(sb, sb.issue_app_token()) as http:
        yield http


@pytest.fixture
def me(sb: Sandbox) -> str:
    return sb.default_user.id


def _escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


class SpecValidator:
    """Validates a response against the spec schema for its operation and status."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        resource = Resource.from_contents(spec, default_specification=DRAFT202012)
        self.registry = Registry().with_resource("urn:x-spec", resource)
        problem = spec["components"]["schemas"]["Problem"]
        self.problems: dict[str, str] = problem["discriminator"]["mapping"]

    def check_schema(self, ref: str, body: Any) -> None:
        schema = {"$ref": "urn:x-spec" + ref}
        validator = jsonschema.Draft202012Validator(schema, registry=self.registry)
        validator.validate(body)

    def __call__(self, response: httpx.Response, method: str, path: str) -> None:
        responses = self.spec["paths"][path][method.lower()]["responses"]
        status = str(response.status_code)
        status = status if status in responses else "default"
        media = response.headers["content-type"].split(";")[0]
        content = responses[status]["content"]
        if media not in content:
            media = next(iter(content))
        pointer = "/".join(
            _escape(part)
            for part in ("#", "paths", path, method.lower(), "responses", status)
        )
        body = response.json()
        self.check_schema(f"{pointer}/content/{_escape(media)}/schema", body)
        if response.headers["content-type"].startswith("application/problem+json"):
            self.check_schema(self.problems[body["type"]], body)


def fill(value: Any, ids: dict[str, str]) -> Any:
    """`value` with `{placeholders}` replaced from `ids` (recursively in dicts)."""
    if isinstance(value, str):
        return value.format(**ids) if "{" in value else value
    if isinstance(value, dict):
        return {k: fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, ids) for v in value]
    return value


def token_for(sb: Sandbox, kind: str) -> str | None:
    makers: dict[str, Callable[[], str | None]] = {
        "user": lambda: sb.issue_token(),
        "app": sb.issue_app_token,
        "readonly": lambda: sb.issue_token(scopes=["tweet.read", "users.read"]),
        "bogus": lambda: "not-a-token",
        "none": lambda: None,
    }
    return makers[kind]()


# (spec path, method, concrete path, query, body, token kind, expected status)
Row = tuple[str, str, str, str, Any, str, int]


@pytest.fixture
def run_row(
    sb: Sandbox, validate: SpecValidator
) -> Callable[[Row, dict[str, str]], httpx.Response]:
    """Send one table row to `sb`; check its status and its body against the spec."""

    def run(row: Row, ids: dict[str, str]) -> httpx.Response:
        spec_path, method, path, query, body, token, status = row
        with make_client(sb, token_for(sb, token)) as http:
            url = fill(path, ids) + ("?" + fill(query, ids) if query else "")
            response = http.request(method, url, json=fill(body, ids))
        assert response.status_code == status, response.text
        validate(response, method, spec_path)
        if token not in {"none", "bogus"} and not path.endswith("openapi.json"):
            assert "x-rate-limit-remaining" in response.headers
        return response

    return run


@pytest.fixture(scope="session")
def validate(openapi: dict[str, Any]) -> SpecValidator:
    return SpecValidator(openapi)
