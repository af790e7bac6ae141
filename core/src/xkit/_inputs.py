"""The base class of every tool's input model, and its validation boundary.

Input models are hand-written pydantic classes (one per tool, in ``xkit.tools``).
Fields whose wire name has a dot (``tweet.fields``) get a Python name
(``tweet_fields``) plus an alias; both spellings are accepted on input because
frameworks and models differ in which one they send.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from ._errors import FieldError, ValidationFailed

__all__ = ["ToolInput", "parse_input", "python_named", "validation_failed"]


def _compact_property(prop: dict[str, Any]) -> dict[str, Any]:
    """``anyOf: [X, null]`` with ``default: null`` becomes plain X.

    Optional fields are already optional by not being required; the null
    branch and the default only cost a model's context.
    """
    variants = prop.get("anyOf")
    if isinstance(variants, list) and {"type": "null"} in variants:
        rest = [v for v in variants if v != {"type": "null"}]
        if len(rest) == 1:
            inner = dict(rest[0])
            if "description" in prop:
                inner.pop("description", None)
            prop = {**inner, **{k: v for k, v in prop.items() if k != "anyOf"}}
    if prop.get("default", 0) is None:
        prop = {k: v for k, v in prop.items() if k != "default"}
    prop.pop("title", None)
    return prop


def compact_schema(
    schema: dict[str, Any], model: type[BaseModel] | None = None
) -> None:
    """Make a tool's JSON Schema lean for models, in place: no titles, no
    null branches, required parameters listed first."""
    schema.pop("title", None)
    props = schema.get("properties")
    if not isinstance(props, dict):
        return
    required = schema.get("required", [])
    order = [k for k in props if k in required] + [
        k for k in props if k not in required
    ]
    schema["properties"] = {k: _compact_property(props[k]) for k in order}


class ToolInput(BaseModel):
    """Base of all tool input models: frozen, strict about unknown names."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        str_strip_whitespace=True,
        # Build validators on first use: importing the registry stays cheap.
        defer_build=True,
        json_schema_extra=compact_schema,
    )

    #: Rules between fields, by wire name, checked after field validation:
    #: at least one of each ``any_of`` group, at most one of each ``exclusive``
    #: group, all or none of each ``together`` group, and for each
    #: ``requires`` pair (a, b): a only when b is given.
    any_of: ClassVar[tuple[tuple[str, ...], ...]] = ()
    exclusive: ClassVar[tuple[tuple[str, ...], ...]] = ()
    together: ClassVar[tuple[tuple[str, ...], ...]] = ()
    requires: ClassVar[tuple[tuple[str, str], ...]] = ()

    def wire_args(self) -> dict[str, Any]:
        """The given arguments keyed by wire name, without unset optional fields."""
        return self.model_dump(by_alias=True, exclude_none=True)

    def given(self, wire_name: str) -> bool:
        """Whether ``wire_name`` (alias or field name) has a non-empty value."""
        fields = type(self).model_fields
        name = wire_name
        if name not in fields:
            name = next(
                (n for n, f in fields.items() if f.alias == wire_name), wire_name
            )
        value: Any = getattr(self, name, None)
        return value is not None and value != "" and value != []

    @model_validator(mode="after")
    def _check_groups(self) -> Self:
        for group in self.any_of:
            if not any(self.given(n) for n in group):
                raise ValueError(f"give at least one of {_names(group)}")
        for group in self.exclusive:
            present = [n for n in group if self.given(n)]
            if len(present) > 1:
                raise ValueError(
                    f"{_names(group)} exclude each other; give at most one "
                    f"(got {_names(present, ' and ')})"
                )
        for group in self.together:
            present = [n for n in group if self.given(n)]
            if present and len(present) != len(group):
                raise ValueError(f"{_names(group, ' and ')} must be given together")
        for needy, needed in self.requires:
            if self.given(needy) and not self.given(needed):
                raise ValueError(f"'{needy}' needs '{needed}'")
        return self


def _names(names: Any, sep: str = ", ") -> str:
    return sep.join(f"'{n}'" for n in names)


@functools.cache
def python_named(model: type[ToolInput]) -> type[ToolInput]:
    """A view of ``model`` whose JSON Schema uses Python names, not the
    dotted wire names, for model providers that reject dots in keys."""

    class View(model):  # type: ignore[valid-type, misc]
        @classmethod
        def model_json_schema(
            cls, by_alias: bool = False, **kwargs: Any
        ) -> dict[str, Any]:
            schema: dict[str, Any] = super().model_json_schema(
                by_alias=by_alias, **kwargs
            )
            return schema

    View.__name__ = View.__qualname__ = model.__name__
    return View


def _rule(err: Mapping[str, Any]) -> str:
    kind = err.get("type", "")
    msg = str(err.get("msg", "invalid value"))
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "is not a parameter of this tool"
    if kind == "string_pattern_mismatch":
        return f"must match the pattern {ctx.get('pattern')}"
    if msg.startswith("Value error, "):
        msg = msg.removeprefix("Value error, ")
    return msg[:1].lower() + msg[1:]


def parse_input(
    tool: str, model: type[ToolInput], args: Mapping[str, Any] | ToolInput | None
) -> ToolInput:
    """Validate raw arguments against ``model`` or raise :class:`ValidationFailed`.

    Never raises anything else for any mapping input: a non-mapping is reported
    as a validation failure too.
    """
    if isinstance(args, model):
        return args
    if args is None:
        args = {}
    if not isinstance(args, Mapping):
        raise ValidationFailed(
            tool, [FieldError("", "arguments must be a JSON object")]
        )
    try:
        return model.model_validate(dict(args))
    except ValidationError as exc:
        raise validation_failed(tool, exc) from None


def validation_failed(tool: str, exc: ValidationError) -> ValidationFailed:
    """The :class:`ValidationFailed` (short, field-located) for a pydantic error."""
    errors = [
        FieldError(".".join(str(p) for p in e["loc"]), _rule(e))
        for e in exc.errors(include_url=False, include_input=False)
    ]
    return ValidationFailed(tool, errors)
