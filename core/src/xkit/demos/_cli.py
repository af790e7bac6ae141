"""``xkit demo``: run one of the use-case demo agents."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer

from .._errors import XkitError
from .._executor import ApprovalRequest
from ._output import as_json, as_text
from ._runner import DemoError, run_demo
from .usecases import USECASES

__all__ = ["app"]


class Framework(StrEnum):
    langchain = "langchain"
    llamaindex = "llamaindex"


def _ask(request: ApprovalRequest) -> bool:
    """The approval hook of ``--live`` runs: a y/N prompt before each write."""
    body = json.dumps(request.request, ensure_ascii=False, default=str)
    typer.echo(f"\nThe agent wants to call {request.tool}: {body}", err=True)
    return typer.confirm("Send it?", default=False, err=True)


def _list() -> None:
    width = max(map(len, USECASES))
    for slug, uc in USECASES.items():
        typer.echo(f"{slug:<{width}}  {uc.summary}")
        typer.echo(f"{'':<{width}}  tools: {' -> '.join(uc.chain)}")


def app(
    usecase: Annotated[
        str | None, typer.Argument(help="The demo to run (see --list).")
    ] = None,
    framework: Annotated[
        Framework, typer.Option("--framework", "-f", help="Agent framework.")
    ] = Framework.langchain,
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            "-m",
            help="A real model as PROVIDER:MODEL (e.g. openai:gpt-4o-mini); "
            "default: the scripted offline model.",
        ),
    ] = None,
    live: Annotated[
        bool,
        typer.Option("--live", help="Use the real X API (asks before each write)."),
    ] = False,
    user: Annotated[
        str, typer.Option("--user", help="Stored login to act for with --live.")
    ] = "default",
    as_json_: Annotated[
        bool, typer.Option("--json", help="Print a JSON report.")
    ] = False,
    list_: Annotated[
        bool, typer.Option("--list", help="List the demos and exit.")
    ] = False,
) -> None:
    """Run a demo agent on the sandbox (default) or, with --live, on X."""
    if list_:
        _list()
        return
    if usecase is None:
        typer.echo("Name a demo to run, or use --list.", err=True)
        raise typer.Exit(2)
    try:
        report = run_demo(
            usecase,
            framework=framework.value,
            model=model,
            live=live,
            user=user,
            approval=_ask if live else None,
        )
    except (DemoError, XkitError) as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(as_json(report) if as_json_ else as_text(report))
    if not report.ok:
        raise typer.Exit(1)
