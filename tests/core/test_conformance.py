"""Every tool's request checked against the official OpenAPI file itself.

Data-driven over the registry: each tool is called with its own valid
``example`` through a recording transport, and every request it makes must
match an operation of the spec: method and path, query names declared by the
operation, JSON body valid against the operation's request schema.
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import jsonschema
import pytest

import xkit
from xkit.tools import REGISTRY

ME = {"data": {"id": "2244994945", "name": "Dev", "username": "xkit_dev"}}
GENERIC = {
    "data": {
        "id": "1146654567674912769",
        "media_key": "3_1146654567674912769",
        "expires_after_secs": 86400,
        "processing_info": {"state": "succeeded"},
    }
}
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
    b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def answer(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if path == "/2/users/me":
        return httpx.Response(200, json=ME)
    if path.endswith("/label/stream"):
        return httpx.Response(200, content=b'{"data": {"id": "1"}}\n')
    if not path.startswith("/2/"):
        return httpx.Response(200, content=PNG, headers={"content-type": "image/png"})
    return httpx.Response(200, json=GENERIC)


class Spec:
    """Operations of the OpenAPI file, matched by method and concrete path."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.ops: list[tuple[str, re.Pattern[str], str, dict[str, Any]]] = []
        for template, item in doc["paths"].items():
            rx = re.compile("^" + re.sub(r"{\w+}", "[^/]+", template) + "$")
            for method, op in item.items():
                if isinstance(op, dict) and "responses" in op:
                    self.ops.append((method.upper(), rx, template, op))

    def match(self, method: str, path: str) -> tuple[str, dict[str, Any]]:
        found = [(t, op) for m, rx, t, op in self.ops if m == method and rx.match(path)]
        assert found, f"no operation in the spec for {method} {path}"
        # Prefer literal templates over placeholders (/2/users/by before {id}).
        found.sort(key=lambda item: item[0].count("{"))
        return found[0]

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            target: Any = self.doc
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target[part]
            node = target
        return node

    def query_names(self, op: dict[str, Any]) -> set[str]:
        params = (self.resolve(p) for p in op.get("parameters", []))
        return {p["name"] for p in params if p.get("in") == "query"}

    def body_schema(self, op: dict[str, Any]) -> dict[str, Any] | None:
        body = op.get("requestBody")
        if not body:
            return None
        content = self.resolve(body).get("content", {})
        media = content.get("application/json")
        if media is None:
            return None
        return {**media["schema"], "components": self.doc["components"]}


@pytest.fixture(scope="module")
def spec_index(openapi: dict[str, Any]) -> Spec:
    return Spec(openapi)


def check_request(spec_index: Spec, request: httpx.Request) -> str:
    template, op = spec_index.match(request.method, request.url.path)
    declared = spec_index.query_names(op)
    sent = set(request.url.params.keys())
    assert sent <= declared, f"undeclared query {sent - declared} for {template}"
    for param in (spec_index.resolve(p) for p in op.get("parameters", [])):
        if param.get("in") == "query" and param.get("required"):
            assert param["name"] in sent, f"missing required query {param['name']}"
    schema = spec_index.body_schema(op)
    if request.content and "json" in request.headers.get("content-type", ""):
        assert schema is not None, f"{template} takes no JSON body"
        jsonschema.validate(json.loads(request.content), schema)
    return template


def toolkit(transport: httpx.MockTransport) -> xkit.Toolkit:
    return xkit.Toolkit(
        access_token="user-token",
        bearer_token="app-token",
        base_url="https://api.x.com",
        transport=transport,
    )


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_tool_request_matches_the_official_spec(
    name: str, spec_index: Spec, recorder: Any, invoke: Any
) -> None:
    tool = REGISTRY[name]
    rec = recorder(answer)
    args = dict(tool.input_model.example)
    if name == "twitter_media_upload":
        # A URL on the API origin is fetched through the recorded transport;
        # any other host would need DNS (the URL guard is tested elsewhere).
        args["media"] = "https://api.x.com/media/sample.png"
    invoke(toolkit(rec.transport), name, args)

    api = [r for r in rec.requests if r.url.path.startswith("/2/")]
    assert api, f"{name} sent no API request"
    templates = [check_request(spec_index, r) for r in api]
    assert tool.path in templates, f"{name} never called {tool.method} {tool.path}"
    if tool.me is not None:
        assert "/2/users/me" in templates


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_tool_scopes_and_auth_match_the_spec(name: str, spec_index: Spec) -> None:
    tool = REGISTRY[name]
    op = next(
        op for m, rx, t, op in spec_index.ops if m == tool.method and t == tool.path
    )
    schemes = {k for entry in op.get("security", []) for k in entry}
    oauth = {
        s for entry in op.get("security", []) for s in entry.get("OAuth2UserToken", [])
    }
    if tool.auth is xkit.AuthKind.APP:
        assert schemes == {"BearerToken"}
    elif tool.auth is xkit.AuthKind.NONE:
        assert not schemes
    else:
        assert "OAuth2UserToken" in schemes or "BearerToken" in schemes
        assert tool.scopes == oauth
    assert tool.operation_id == op["operationId"]
