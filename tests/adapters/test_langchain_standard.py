"""langchain-tests standard suites for the LangChain tools.

The unit suite runs for every registry tool with the tool's own example. The
integration suite calls a representative set against a fresh embedded sandbox
per test, with arguments that exist in the sandbox's seeded world.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from _adapter_support import answer
from langchain_core.tools import BaseTool
from langchain_tests.integration_tests import ToolsIntegrationTests
from langchain_tests.unit_tests import ToolsUnitTests

import xkit
from langchain_xkit import XTool
from xkit.tools import REGISTRY

SPECS = list(REGISTRY.values())


class TestEveryToolUnit(ToolsUnitTests):
    spec: xkit.ToolSpec

    @pytest.fixture(autouse=True, params=SPECS, ids=[s.name for s in SPECS])
    def _spec(self, request: pytest.FixtureRequest) -> None:
        self.spec = request.param

    @property
    def tool_constructor(self) -> BaseTool:
        toolkit = xkit.Toolkit(
            access_token="user-token", transport=httpx.MockTransport(answer)
        )
        return XTool.from_spec(self.spec, toolkit)

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        return dict(self.spec.input_model.example)


# Seeded sandbox world (seed 0): the demo user and one of its posts.
DEMO_USER = "116454270088084590"
DEMO_POST = "2125692935730102459"
SANDBOX_CALLS: dict[str, dict[str, Any]] = {
    "twitter_user_me": {"user.fields": "description,public_metrics"},
    "twitter_user_lookup_by_username": {"username": "xkit_dev"},
    "twitter_post_lookup": {
        "id": DEMO_POST,
        "tweet.fields": "author_id,created_at",
        "expansions": "author_id",
    },
    "twitter_recent_search": {
        "query": "python",
        "max_results": 10,
        "tweet.fields": "author_id",
        "expansions": "author_id",
    },
    "twitter_post_create": {"text": "Integration test post from langchain-xkit"},
    "twitter_post_like": {"tweet_id": DEMO_POST},
    "twitter_followers_get": {"id": DEMO_USER, "max_results": 20},
    "twitter_user_follow": {"target_user_id": "728822021368979265"},
    "twitter_bookmark_add": {"tweet_id": DEMO_POST},
}


class TestSandboxIntegration(ToolsIntegrationTests):
    name: str

    @pytest.fixture(autouse=True, params=sorted(SANDBOX_CALLS))
    def _name(self, request: pytest.FixtureRequest) -> None:
        self.name = request.param

    @property
    def tool_constructor(self) -> BaseTool:
        toolkit = xkit.Toolkit(sandbox=True)  # a fresh world for every test
        return XTool.from_spec(toolkit.get(self.name), toolkit)

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        return dict(SANDBOX_CALLS[self.name])
