"""``xkit call NAME --args '{...}'``."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer

from .._errors import ToolNotFound, ValidationFailed, XkitError


def _toolkit(sandbox: bool, user: str | None, **options: Any) -> Any:
    from .._toolkit import Toolkit

    if sandbox:
        return Toolkit(sandbox=True, sandbox_user=user, **options)
    if user is not None:
        from ..auth import toolkit_for_user  # the OAuth layer's stored logins

        return toolkit_for_user(user, **options)
    return Toolkit.from_env(**options)


@contextmanager
def _upload_progress() -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr for media uploads (silent when not a TTY)."""
    from rich.console import Console
    from rich.progress import DownloadColumn, Progress, TransferSpeedColumn

    console = Console(stderr=True)
    with Progress(
        *Progress.get_default_columns(),
        DownloadColumn(),
        TransferSpeedColumn(),
        console=console,
        disable=not console.is_terminal,
        transient=True,
    ) as bar:
        task = bar.add_task("uploading", total=None)

        def update(sent: int, total: int) -> None:
            bar.update(task, completed=sent, total=total)

        yield update


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
        with _upload_progress() as progress:
            toolkit = _toolkit(sandbox, user, dry_run=dry_run, progress=progress)
            result = toolkit.call(name, parsed)
    except (ValidationFailed, ToolNotFound) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    except XkitError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
