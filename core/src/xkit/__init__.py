"""xkit: X (Twitter) API v2 tools for LLM agents.

One registry of tools (:mod:`xkit.tools`), one executor for sync and async
calls, and adapters for LangChain and LlamaIndex in their own distributions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._errors import (
    ApiError,
    ApprovalDenied,
    AuthError,
    BudgetExceeded,
    ConfigurationError,
    DuplicateContent,
    FieldError,
    Forbidden,
    MediaError,
    MediaProcessingFailed,
    MediaProcessingTimeout,
    MissingScope,
    NotAllowed,
    NotFound,
    OutcomeUnknown,
    RateLimited,
    ReauthRequired,
    ServerError,
    ToolNotFound,
    TransportError,
    UnsafeUrl,
    UsageCapExceeded,
    ValidationFailed,
    XkitError,
)

if TYPE_CHECKING:
    from ._credentials import Credentials, StaticCredentials
    from ._executor import RetryPolicy
    from ._export import to_anthropic_tools, to_openai_tools
    from ._inputs import ToolInput, parse_input, validation_failed
    from ._safety import ApprovalRequest, Budgets
    from ._shaping import shape_error, shape_result
    from ._spec import AuthKind, ToolSpec
    from ._toolkit import DEFAULT_BASE_URL, Toolkit

# The rest loads on first use, so ``import xkit`` stays cheap (pydantic, httpx
# and the 81 tool models are only imported when a toolkit is needed).
_LAZY = {
    "Credentials": "._credentials",
    "StaticCredentials": "._credentials",
    "ApprovalRequest": "._safety",
    "Budgets": "._safety",
    "RetryPolicy": "._executor",
    "ToolInput": "._inputs",
    "parse_input": "._inputs",
    "validation_failed": "._inputs",
    "shape_error": "._shaping",
    "shape_result": "._shaping",
    "to_anthropic_tools": "._export",
    "to_openai_tools": "._export",
    "AuthKind": "._spec",
    "ToolSpec": "._spec",
    "DEFAULT_BASE_URL": "._toolkit",
    "Toolkit": "._toolkit",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'xkit' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


__version__ = "0.1.0"

__all__ = [
    "DEFAULT_BASE_URL",
    "ApiError",
    "ApprovalDenied",
    "ApprovalRequest",
    "AuthError",
    "AuthKind",
    "BudgetExceeded",
    "Budgets",
    "ConfigurationError",
    "Credentials",
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
    "RetryPolicy",
    "ServerError",
    "StaticCredentials",
    "ToolInput",
    "ToolNotFound",
    "ToolSpec",
    "Toolkit",
    "TransportError",
    "UnsafeUrl",
    "UsageCapExceeded",
    "ValidationFailed",
    "XkitError",
    "__version__",
    "parse_input",
    "shape_error",
    "shape_result",
    "to_anthropic_tools",
    "to_openai_tools",
    "validation_failed",
]
