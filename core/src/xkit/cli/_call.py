"""``xkit call NAME --args '{...}'``."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from .._errors import ToolNotFound, ValidationFailed, XkitError


def _toolkit(sandbox: bool, user: str | None, dry_run: bool) -> Any:
    from .._toolkit import Toolkit

    if sandbox:
        return Toolkit(sandbox=True, sandbox_user=user, dry_run=dry_run)
    if user is not None:
        from ..auth import toolkit_for_user  # the OAuth layer's stored logins

        return toolkit_for_user(user, dry_run=dry_run)
    return Toolkit.from_env(dry_run=dry_run)


def call(
    name: Annotated[str, typer.Argument(help="Tool name, e.g. twitter_user_me.")],
    args: Annotated[
        str, typer.Option("--args", help="Arguments as a JSON object.")
    ] = "{}",
    user: Annotated[
        str | None, typer.Option("--user", help="Act as this stored login.")
    ] = None,
    sandbox: Annotated[
        bool, typer.Option("--sandbox", help="Use the embedded sandbox, not X.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the write request; send nothing.")
    ] = False,
) -> None:
    """Call one tool and print its JSON result."""
    try:
        parsed = json.loads(args)
    except json.JSONDecodeError as exc:
        typer.echo(f"error: --args is not valid JSON ({exc.msg})", err=True)
        raise typer.Exit(2) from None
    try:
        result = _toolkit(sandbox, user, dry_run).call(name, parsed)
    except (ValidationFailed, ToolNotFound) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    except XkitError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
