"""Exceptions raised by xkit.

Every exception's ``str()`` is a short message meant to be shown to an LLM as the
result of a failed tool call: what failed, why, and what to do next.  Programmers
catch the typed tree instead::

    XkitError
    ├── ConfigurationError        missing credentials, bad settings, app not enrolled
    ├── ToolNotFound              unknown tool name
    ├── ValidationFailed          arguments break the input schema (no request sent)
    ├── ApprovalDenied            the approval hook said no (no request sent)
    ├── BudgetExceeded            the session's action budget is used up (no request)
    ├── NotAllowed                an argument is off the allow-list (no request sent)
    ├── AuthError                 the credential is missing, invalid or lacks a scope
    │   ├── MissingScope          granted scopes do not cover the tool (no request sent)
    │   └── ReauthRequired        the user must log in again (refresh failed)
    ├── ApiError                  X answered with an error status
    │   ├── NotFound              404 / resource-not-found
    │   ├── Forbidden             403 that is not one of the cases below
    │   │   └── DuplicateContent  403 "duplicate content" on post create
    │   ├── RateLimited           429 with the reset time
    │   │   └── UsageCapExceeded  429 usage-capped (monthly cap, never retried)
    │   └── ServerError           5xx after retries
    ├── MediaError                media input rejected or processing failed
    │   ├── UnsafeUrl             media URL refused before connecting (SSRF guard)
    │   ├── MediaProcessingFailed     X says processing ``failed``
    │   └── MediaProcessingTimeout    X still processing when the wait ran out
    └── TransportError            the request could not be completed
        └── OutcomeUnknown        a write may or may not have happened

Secrets never appear in any message: messages are built from tool names, field
names, X's ``title``/``detail`` and numbers only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "ApiError",
    "ApprovalDenied",
    "AuthError",
    "BudgetExceeded",
    "ConfigurationError",
    "DuplicateContent",
    "FieldError",
    "Forbidden",
    "MediaError",
    "MediaProcessingFailed",
    "MediaProcessingTimeout",
    "MissingScope",
    "NotAllowed",
    "NotFound",
    "OutcomeUnknown",
    "RateLimited",
    "ReauthRequired",
    "ServerError",
    "ToolNotFound",
    "TransportError",
    "UnsafeUrl",
    "UsageCapExceeded",
    "ValidationFailed",
    "XkitError",
]


class XkitError(Exception):
    """Base class of every xkit exception.

    Attributes:
        retryable: whether calling again unchanged can succeed (after waiting).
    """

    retryable: bool = False

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConfigurationError(XkitError):
    """The toolkit is not configured to make this call (credentials, settings)."""


class ToolNotFound(XkitError):
    """No tool has this name."""


@dataclass(frozen=True, slots=True)
class FieldError:
    """One invalid argument: the wire name of the field and the rule it broke."""

    field: str
    rule: str


class ValidationFailed(XkitError):
    """The arguments do not satisfy the tool's input schema. No request was sent."""

    retryable = False

    def __init__(self, tool: str, errors: Sequence[FieldError]) -> None:
        self.tool = tool
        self.errors = tuple(errors)
        parts = "; ".join(
            f"{e.field!r}: {e.rule}" if e.field else e.rule for e in self.errors
        )
        n = len(self.errors)
        head = f"Invalid arguments for {tool} ({n} problem{'s' if n != 1 else ''}): "
        super().__init__(head + parts + ". Fix the arguments and call again.")


class ApprovalDenied(XkitError):
    """The approval hook rejected a write. No request was sent."""

    def __init__(self, tool: str, reason: str | None = None) -> None:
        self.tool = tool
        why = f" ({reason})" if reason else ""
        super().__init__(
            f"{tool} was not approved{why}; nothing was sent. "
            "Do not retry unless the user asks for it."
        )


class BudgetExceeded(XkitError):
    """This session's budget for an action is used up. No request was sent."""

    def __init__(self, tool: str, budget: str) -> None:
        self.tool = tool
        self.budget = budget
        super().__init__(
            f"{tool} refused: this session's budget for {budget!r} is used up; "
            "nothing was sent. Stop and tell the user what is left to do."
        )


class NotAllowed(XkitError):
    """An argument is outside the allow-list configured for this agent."""

    def __init__(self, tool: str, field: str, value: str) -> None:
        self.tool = tool
        self.field = field
        super().__init__(
            f"{tool} refused: {field}={value!r} is not on this agent's allow-list; "
            "nothing was sent. Do not retry with this value."
        )


class AuthError(XkitError):
    """The credential is missing, invalid, or not allowed to make this call."""


class MissingScope(AuthError):
    """The granted OAuth scopes do not cover this tool. No request was sent."""

    def __init__(self, tool: str, missing: Sequence[str]) -> None:
        self.tool = tool
        self.missing = tuple(sorted(missing))
        scopes = " ".join(self.missing)
        super().__init__(
            f"{tool} needs OAuth scope(s) {scopes} that this login was not granted. "
            f"Ask the user to re-authorize with: xkit auth login --scopes {scopes}"
        )


class ReauthRequired(AuthError):
    """The user's connection cannot be refreshed; they must log in again."""


class ApiError(XkitError):
    """X answered with an error status.

    Attributes:
        status: the HTTP status code.
        title: X's problem ``title`` (or a reason phrase).
        detail: X's problem ``detail``, truncated.
        problem_type: X's problem ``type`` URI, if any.
        body: the parsed error body (a dict), for programmers.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int,
        title: str = "",
        detail: str = "",
        problem_type: str = "",
        body: Any = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.title = title
        self.detail = detail
        self.problem_type = problem_type
        self.body = body


class NotFound(ApiError):
    """The resource does not exist or is not visible to this user."""


class Forbidden(ApiError):
    """X refused the action for this user or app."""


class DuplicateContent(Forbidden):
    """X refused a post whose text duplicates a recent post by the same user."""


class RateLimited(ApiError):
    """The rate-limit window is exhausted.

    Attributes:
        reset_at: Unix time at which the window resets, if X said.
        retry_after: seconds to wait from when the error was raised.
    """

    retryable = True

    def __init__(
        self,
        message: str,
        *,
        reset_at: float | None,
        retry_after: float | None,
        **kw: Any,
    ) -> None:
        super().__init__(message, **kw)
        self.reset_at = reset_at
        self.retry_after = retry_after


class UsageCapExceeded(RateLimited):
    """The app's monthly usage cap is reached. Waiting a few minutes will not help."""

    retryable = False


class ServerError(ApiError):
    """X failed with a 5xx status (after any retries)."""

    retryable = True


class MediaError(XkitError):
    """Media input was rejected, or X failed to process the upload."""


class TransportError(XkitError):
    """The request could not be completed (network, timeout, malformed response)."""

    retryable = True


class OutcomeUnknown(TransportError):
    """A write was sent but no answer came back: it may or may not have happened."""

    retryable = False


class UnsafeUrl(MediaError):
    """A media URL was refused before any connection (SSRF guard)."""


class MediaProcessingFailed(MediaError):
    """X could not process an uploaded video or GIF; the media id is unusable.

    Attributes:
        media_id: the id of the failed upload.
    """

    def __init__(self, message: str, *, media_id: str) -> None:
        super().__init__(message)
        self.media_id = media_id


class MediaProcessingTimeout(MediaError):
    """X was still processing an upload when xkit stopped waiting.

    The media may still succeed later; it must not be attached before its
    status says ``succeeded``.

    Attributes:
        media_id: the id of the upload, for checking its status later.
    """

    def __init__(self, message: str, *, media_id: str) -> None:
        super().__init__(message)
        self.media_id = media_id
