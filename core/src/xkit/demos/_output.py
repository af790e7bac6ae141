"""A demo report as a readable transcript or as JSON."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ._model import Step
from ._runner import Report

__all__ = ["as_dict", "as_json", "as_text", "summarize"]

_WIDTH = 100


def _short(text: str, width: int = _WIDTH) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _describe(obj: Mapping[str, Any]) -> str:
    for key in ("username", "title", "name", "text"):
        if obj.get(key):
            label = f"@{obj[key]}" if key == "username" else repr(_short(obj[key], 50))
            return f"{obj.get('id', '')} {label}".strip()
    pairs = [f"{k}={v}" for k, v in obj.items() if not isinstance(v, (dict, list))]
    return ", ".join(pairs[:4]) or "ok"


def summarize(step: Step) -> str:
    """One line about a step's outcome."""
    if not step.ok:
        return "error: " + _short(step.error or "")
    found = (step.result or {}).get("data")
    if isinstance(found, list):
        first = f" (first: {_describe(found[0])})" if found else ""
        return f"{len(found)} item(s){first}"
    if isinstance(found, dict):
        return _describe(found)
    meta = (step.result or {}).get("meta")
    if isinstance(meta, dict) and "result_count" in meta:
        return f"{meta['result_count']} item(s)"
    return _short(json.dumps(step.result))


def _args(args: Mapping[str, Any]) -> str:
    return _short(", ".join(f"{k}={v!r}" for k, v in args.items()), 160)


def as_text(report: Report) -> str:
    uc = report.usecase
    where = "live X API" if report.live else "sandbox"
    lines = [
        f"Demo: {uc.title} ({uc.slug})",
        f"Framework: {report.framework}   model: {report.model}   API: {where}",
        "",
    ]
    for number, step in enumerate(report.steps, 1):
        lines.append(f"{number:>2}. {step.tool}({_args(step.args)})")
        lines.append(f"    -> {summarize(step)}")
    lines += ["", "Answer:", report.answer.strip(), ""]
    mark = "OK" if report.verification.ok else "FAILED"
    lines.append(f"Verification: {mark} - {report.verification.message}")
    return "\n".join(lines)


def as_dict(report: Report) -> dict[str, Any]:
    return {
        "usecase": report.usecase.slug,
        "framework": report.framework,
        "model": report.model,
        "live": report.live,
        "steps": [
            {"tool": s.tool, "args": dict(s.args), "ok": s.ok, "error": s.error}
            for s in report.steps
        ],
        "answer": report.answer,
        "verified": report.verification.ok,
        "verification": report.verification.message,
    }


def as_json(report: Report) -> str:
    return json.dumps(as_dict(report), indent=2, ensure_ascii=False, default=str)
