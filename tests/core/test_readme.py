"""The README's tool table and Quickstart stay true."""

from __future__ import annotations

import re
from pathlib import Path

from xkit.cli._tools import markdown_table
from xkit.tools import REGISTRY

README = Path(__file__).parents[2] / "README.md"


def test_tool_table_matches_the_registry() -> None:
    text = README.read_text()
    table = text.split("<!-- tools:start -->\n", 1)[1].split("\n<!-- tools:end -->")[0]
    assert table == markdown_table(list(REGISTRY.values()))


def test_quickstart_has_exactly_two_commands() -> None:
    text = README.read_text()
    section = text.split("## Quickstart", 1)[1]
    block = re.search(r"```(?:bash)?\n(.*?)```", section, re.S)
    assert block is not None
    lines = [ln for ln in block.group(1).splitlines() if ln.strip()]
    assert len(lines) == 2
    assert "pytest" in lines[1]
