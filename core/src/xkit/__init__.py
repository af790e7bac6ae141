"""xkit: X (Twitter) API v2 tools for LLM agents.

One registry of tools (:mod:`xkit.tools`), one executor for sync and async
calls, and adapters for LangChain and LlamaIndex in their own distributions.
"""

from __future__ import annotations

from ._credentials import Credentials, StaticCredentials
from ._errors import (
    ApiError,
    ApprovalDenied,
    AuthError,
    ConfigurationError,
    DuplicateContent,
    FieldError,
    Forbidden,
    MediaError,
    MissingScope,
    NotFound,
    OutcomeUnknown,
    RateLimited,
    ReauthRequired,
    ServerError,
    ToolNotFound,
    TransportError,
    UsageCapExceeded,
    ValidationFailed,
    XkitError,
)
from ._executor import ApprovalRequest, RetryPolicy
from ._export import to_anthropic_tools, to_openai_tools
from ._inputs import ToolInput
from ._shaping import shape_error, shape_result
from ._spec import AuthKind, ToolSpec
from ._toolkit import DEFAULT_BASE_URL, Toolkit

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_BASE_URL",
    "ApiError",
    "ApprovalDenied",
    "ApprovalRequest",
    "AuthError",
    "AuthKind",
    "ConfigurationError",
    "Credentials",
    "DuplicateContent",
    "FieldError",
    "Forbidden",
    "MediaError",
    "MissingScope",
    "NotFound",
    "OutcomeUnknown",
    "RateLimited",
    "ReauthRequired",
    "RetryPolicy",
    "ServerError",
    "StaticCredentials",
    "ToolInput",
    "ToolNotFound",
    "ToolSpec",
    "Toolkit",
    "TransportError",
    "UsageCapExceeded",
    "ValidationFailed",
    "XkitError",
    "__version__",
    "shape_error",
    "shape_result",
    "to_anthropic_tools",
    "to_openai_tools",
]
