"""Demo tests: make the two adapters importable from the source tree."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
for module, src in (
    ("langchain_xkit", ROOT / "adapters" / "langchain" / "src"),
    ("llama_index.tools.xkit", ROOT / "adapters" / "llamaindex" / "src"),
):
    try:
        found = importlib.util.find_spec(module)
    except ModuleNotFoundError:
        found = None
    if found is None and str(src) not in sys.path:
        sys.path.append(str(src))
