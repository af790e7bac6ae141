"""``xkit tools list`` and ``xkit tools show``."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from .._selection import lookup
from .._spec import ToolSpec
from ..tools import REGISTRY

app = typer.Typer(no_args_is_help=True)


def describe(spec: ToolSpec) -> dict[str, Any]:
    """The public JSON description of a tool."""
    return {
        "name": spec.name,
        "description": spec.description,
        "input_schema": spec.input_schema,
        "method": spec.method,
        "path": spec.path,
        "scopes": sorted(spec.scopes),
        "auth": spec.auth.value,
        "read_only": spec.read_only,
        "destructive": spec.destructive,
        "toolsets": sorted(spec.toolsets),
    }


def markdown_table(specs: list[ToolSpec]) -> str:
    """The Markdown table of tools that the README embeds."""
    rows = ["| tool | request | scopes | kind |", "| --- | --- | --- | --- |"]
    for spec in specs:
        kind = "read" if spec.read_only else "write"
        kind = "destructive" if spec.destructive else kind
        scopes = " ".join(sorted(spec.scopes)) or f"({spec.auth.value})"
        if spec.auth.value == "app":
            scopes = "app-only bearer"
        rows.append(
            f"| `{spec.name}` | `{spec.method} {spec.path}` | {scopes} | {kind} |"
        )
    return "\n".join(rows)


@app.command("list")
def list_tools(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the README's tool table.")
    ] = False,
    toolset: Annotated[
        str | None, typer.Option(help="Only the tools of this toolset.")
    ] = None,
) -> None:
    """List every tool."""
    specs = [s for s in REGISTRY.values() if toolset is None or toolset in s.toolsets]
    if as_json:
        typer.echo(json.dumps([describe(s) for s in specs], indent=2))
        return
    if markdown:
        typer.echo(markdown_table(specs))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("tool", "method", "path", "kind", box=None)
    for spec in specs:
        kind = "read" if spec.read_only else "write"
        kind = "destructive" if spec.destructive else kind
        table.add_row(spec.name, spec.method, spec.path, kind)
    Console().print(table)
    typer.echo(f"{len(specs)} tools")


@app.command("show")
def show(name: Annotated[str, typer.Argument(help="Tool name.")]) -> None:
    """Show one tool's description, scopes and input schema as JSON."""
    try:
        spec = lookup(name)
    except Exception as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(json.dumps(describe(spec), indent=2))
