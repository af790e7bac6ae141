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


@pytest.fixture(scope="session")
def validate(openapi: dict[str, Any]) -> SpecValidator:
    return SpecValidator(openapi)
