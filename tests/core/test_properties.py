"""Property tests over every tool's input schema.

Any JSON-like input either validates or raises :class:`xkit.ValidationFailed`,
never another exception; invalid input never produces a request. Inputs come
from each tool's own JSON Schema (a small generator for the subset pydantic
emits), from mutations of such inputs, and from arbitrary JSON values.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import xkit
from xkit._inputs import parse_input
from xkit.tools import REGISTRY

GENERIC = {"data": {"id": "1146654567674912769", "text": "hi"}, "meta": {}}
ME = {"data": {"id": "2244994945", "username": "xkit_dev"}}

json_values: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def from_schema(node: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values matching ``node`` (anyOf, enum, type, pattern, bounds, objects)."""
    if "enum" in node:
        return st.sampled_from(node["enum"])
    if "anyOf" in node:
        return st.one_of([from_schema(option) for option in node["anyOf"]])
    kind = node.get("type")
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(node.get("minimum"), node.get("maximum"))
    if kind == "number":
        return st.floats(node.get("minimum"), node.get("maximum"), allow_nan=False)
    if kind == "string":
        low, high = node.get("minLength", 0), node.get("maxLength")
        if "pattern" not in node:
            return st.text(min_size=low, max_size=high if high is not None else 40)
        return st.from_regex(node["pattern"]).filter(
            lambda s: low <= len(s) and (high is None or len(s) <= high)
        )
    if kind == "array":
        return st.lists(
            from_schema(node.get("items", {})),
            min_size=node.get("minItems", 0),
            max_size=node.get("maxItems", 4),
        )
    if kind == "object":
        props = node.get("properties", {})
        required = set(node.get("required", []))
        return st.fixed_dictionaries(
            {k: from_schema(v) for k, v in props.items() if k in required},
            optional={k: from_schema(v) for k, v in props.items() if k not in required},
        )
    return json_values


def example_of(name: str) -> dict[str, Any]:
    """The tool's documented valid input (a ClassVar of each input model)."""
    return dict(REGISTRY[name].input_model.example)  # type: ignore[attr-defined]


def python_names(name: str) -> list[str]:
    model = REGISTRY[name].input_model
    aliases = [f.alias for f in model.model_fields.values() if f.alias]
    return [*model.model_fields, *aliases]


def inputs(name: str) -> st.SearchStrategy[Any]:
    """Schema-shaped inputs, their mutations, and arbitrary JSON for tool ``name``."""
    schema = REGISTRY[name].input_schema
    shaped = from_schema(schema)
    names = python_names(name)
    keys = st.text(max_size=12)
    if names:
        keys = st.sampled_from(names) | keys
    mutated = st.builds(
        lambda base, key, value: {**base, key: value}, shaped, keys, json_values
    )
    dropped = shaped.flatmap(
        lambda base: st.sets(st.sampled_from(sorted(base) or [""])).map(
            lambda gone: {k: v for k, v in base.items() if k not in gone}
        )
    )
    loose = st.dictionaries(keys, json_values, max_size=6)
    # The valid example with one field redrawn from its schema: mostly valid.
    example = example_of(name)
    props = schema.get("properties", {})
    near = (
        st.sampled_from(sorted(props)).flatmap(
            lambda key: from_schema(props[key]).map(lambda v: {**example, key: v})
        )
        if props
        else st.just(example)
    )
    return st.one_of(near, shaped, mutated, dropped, loose, json_values)


class Watch:
    """A transport that answers valid calls and fails any request it must not see."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.allowed = False
        self.transport = httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        assert self.allowed, f"request for invalid input: {request.url}"
        self.requests.append(request)
        if request.url.path == "/2/users/me":
            return httpx.Response(200, json=ME)
        return httpx.Response(200, json=GENERIC)


def fetch_forbidden() -> httpx.Client:
    raise AssertionError("no media fetch may happen in a property test")


def toolkit(watch: Watch) -> xkit.Toolkit:
    tk = xkit.Toolkit(
        access_token="user", bearer_token="app", transport=watch.transport
    )
    tk._sync_fetch_client = fetch_forbidden  # type: ignore[method-assign]
    tk._async_fetch_client = fetch_forbidden  # type: ignore[assignment, method-assign]
    return tk


def call(tk: xkit.Toolkit, name: str, args: Any, mode: str) -> Any:
    if mode == "sync":
        return tk.call(name, args)
    return asyncio.run(tk.acall(name, args))


@pytest.mark.parametrize("name", sorted(REGISTRY))
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_input_validates_or_fails_validation_without_a_request(
    name: str, data: st.DataObject
) -> None:
    spec = REGISTRY[name]
    args = data.draw(inputs(name), label="args")
    mode = data.draw(st.sampled_from(["sync", "async"]), label="mode")
    json.dumps(args)  # the input really is JSON-like

    try:
        parsed = parse_input(name, spec.input_model, args)
    except xkit.ValidationFailed as error:
        assert error.tool == name and error.errors
        assert "Traceback" not in str(error)
        parsed = None

    watch = Watch()
    tk = toolkit(watch)
    if parsed is None:
        with pytest.raises(xkit.ValidationFailed):
            call(tk, name, args, mode)
        assert watch.requests == []
        return
    if spec.flow is not None:
        return  # composed flows (media, streams) may fetch or poll: not here
    watch.allowed = True
    try:
        call(tk, name, args, mode)
    except xkit.ValidationFailed:  # pragma: no cover - the failure being guarded
        pytest.fail(f"{name}: valid input {args!r} failed validation in the call")
    except xkit.XkitError:
        pass  # e.g. the generic answer does not fit this tool; typed, so fine


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_example_is_valid_and_schema_shaped(name: str) -> None:
    spec = REGISTRY[name]
    example = example_of(name)
    parse_input(name, spec.input_model, example)
    properties = spec.input_schema.get("properties", {})
    assert set(example) <= set(properties), "examples use the wire names"


@settings(max_examples=60, deadline=None)
@given(args=json_values, name=st.sampled_from(sorted(REGISTRY)))
def test_non_object_arguments_fail_validation(args: Any, name: str) -> None:
    spec = REGISTRY[name]
    if isinstance(args, dict) or args is None:
        return
    with pytest.raises(xkit.ValidationFailed) as info:
        parse_input(name, spec.input_model, args)
    assert "JSON object" in str(info.value)
