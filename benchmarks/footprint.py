"""``import xkit`` time and the size of the tool schemas a model is sent.

    python benchmarks/footprint.py [--runs 15]

Import time: the median wall time of ``import xkit`` in fresh interpreters,
against ``import httpx`` (its one heavy dependency) measured the same way,
and a check that no agent framework is imported. Targets: at most 150 ms;
no ``langchain*`` / ``llama_index*`` module loaded.

Schema size: each tool as a function definition (name, description, JSON
Schema of the parameters; compact JSON, UTF-8), summed over all tools and
per toolset. Target: at most 40 KB for all tools.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from typing import Any

PROBE = """
import sys, time
started = time.perf_counter()
{module}
elapsed = time.perf_counter() - started
frameworks = sorted(m for m in sys.modules if m.split('.')[0] in
                    ('langchain', 'langchain_core', 'llama_index', 'langsmith'))
print(elapsed, ','.join(frameworks))
"""


def import_times(modules: list[str], runs: int) -> dict[str, tuple[float, str]]:
    """Median import seconds per module (runs interleaved) and frameworks loaded."""
    times: dict[str, list[float]] = {m: [] for m in modules}
    frameworks: dict[str, str] = {}
    for _ in range(runs):
        for module in modules:
            out = subprocess.run(
                [sys.executable, "-c", PROBE.format(module=module)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split(" ", 1)
            times[module].append(float(out[0]))
            frameworks[module] = out[1].strip()
    return {m: (statistics.median(times[m]), frameworks[m]) for m in modules}


def definition(spec: Any) -> dict[str, Any]:
    return {
        "name": spec.name,
        "description": spec.description,
        "parameters": spec.input_schema,
    }


def size(obj: Any) -> int:
    return len(json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode())


def described(node: Any) -> int:
    """Bytes of ``description`` strings inside a schema."""
    if isinstance(node, dict):
        own = len(str(node.get("description", "")).encode())
        return own + sum(described(v) for k, v in node.items() if k != "description")
    if isinstance(node, list):
        return sum(described(v) for v in node)
    return 0


def compacted(node: Any, outer_description: bool = False) -> Any:
    """The schema as it could be sent: ``anyOf [X, null]`` collapsed to X,
    ``"default": null`` dropped, and an inner description dropped where the
    property already has one. Only to size the saving; nothing uses it."""
    if isinstance(node, list):
        return [compacted(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: v for k, v in node.items() if not (k == "default" and v is None)}
    options = out.get("anyOf")
    if isinstance(options, list):
        kept = [o for o in options if o != {"type": "null"}]
        if len(kept) == 1 and isinstance(kept[0], dict):
            del out["anyOf"]
            inner = dict(kept[0])
            if "description" in out:
                inner.pop("description", None)
            out = {**inner, **out}
    if outer_description:
        out.pop("description", None)
    result: dict[str, Any] = {}
    for key, value in out.items():
        if key == "properties":
            result[key] = {k: compacted(v) for k, v in value.items()}
        elif key == "items":
            result[key] = compacted(value, outer_description="description" in out)
        else:
            result[key] = compacted(value)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    opts = parser.parse_args()

    statements = {
        "import httpx": "import httpx",
        "import xkit": "import xkit",
        "from xkit import Toolkit": "from xkit import Toolkit",
        "Toolkit() + tool registry": "import xkit; xkit.Toolkit(access_token='t')",
    }
    measured = import_times(list(statements.values()), opts.runs)
    httpx_s = measured["import httpx"][0]
    xkit_s, frameworks = measured[statements["Toolkit() + tool registry"]]
    print(f"import time, median of {opts.runs} fresh interpreters")
    for label, statement in statements.items():
        seconds = measured[statement][0]
        print(
            f"  {label:<27} {seconds * 1000:7.1f} ms  ({seconds / httpx_s:.2f}x httpx)"
        )
    print(f"  target: xkit ready to call (last line) <= 150 ms: {xkit_s * 1000:.0f} ms")
    print(f"  frameworks loaded by import xkit: {frameworks or 'none'}")

    from xkit.tools import REGISTRY, TOOLSETS

    sizes = {name: size(definition(spec)) for name, spec in REGISTRY.items()}
    total = sum(sizes.values())
    print(f"\ntool schemas as sent to a model ({len(sizes)} tools)")
    print(
        f"  all tools     {total:7d} bytes  ({total / 1024:.1f} KiB; target <= 40 KB)"
    )
    for name, members in sorted(TOOLSETS.items()):
        subtotal = sum(sizes[m] for m in members)
        print(f"  {name:<12} {subtotal:7d} bytes  ({len(members)} tools)")
    print("\n  largest tools: total = description + parameter descriptions + rest")
    for name, bytes_ in sorted(sizes.items(), key=lambda kv: -kv[1])[:10]:
        spec = REGISTRY[name]
        desc = len(spec.description.encode())
        params = described(spec.input_schema)
        count = len(spec.input_schema.get("properties", {}))
        print(
            f"  {name:<38} {bytes_:6d} = {desc:4d} + {params:5d} + "
            f"{bytes_ - desc - params:5d}  ({count} parameters)"
        )
    share = sum(described(s.input_schema) for s in REGISTRY.values()) / total
    print(f"\n  parameter descriptions are {share:.0%} of all schema bytes")
    lean = sum(
        size({**definition(spec), "parameters": compacted(spec.input_schema)})
        for spec in REGISTRY.values()
    )
    print(
        f"  without nullable wrappers, null defaults and repeated inner "
        f"descriptions: {lean} bytes ({lean / 1024:.1f} KiB, {lean / total:.0%})"
    )


if __name__ == "__main__":
    main()
