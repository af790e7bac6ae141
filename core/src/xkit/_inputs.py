"""The base class of every tool's input model, and its validation boundary.

Input models are hand-written pydantic classes (one per tool, in ``xkit.tools``).
Fields whose wire name has a dot (``tweet.fields``) get a Python name
(``tweet_fields``) plus an alias; both spellings are accepted on input because
frameworks and models differ in which one they send.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError

from ._errors import FieldError, ValidationFailed

__all__ = ["ToolInput", "parse_input"]


class ToolInput(BaseModel):
    """Base of all tool input models: frozen, strict about unknown names."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        str_strip_whitespace=True,
    )

    #: Groups of fields of which exactly one / at least one must be given,
    #: checked by :meth:`_check_groups`; stated here so schemas can mention them.
    one_of: ClassVar[tuple[tuple[str, ...], ...]] = ()
    any_of: ClassVar[tuple[tuple[str, ...], ...]] = ()

    def wire_args(self) -> dict[str, Any]:
        """The given arguments keyed by wire name, without unset optional fields."""
        return self.model_dump(by_alias=True, exclude_none=True)


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
        errors = [
            FieldError(".".join(str(p) for p in e["loc"]), _rule(e))
            for e in exc.errors(include_url=False, include_input=False)
        ]
        raise ValidationFailed(tool, errors) from None
