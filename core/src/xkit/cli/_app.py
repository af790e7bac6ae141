"""Top-level ``xkit`` command: sub-commands are mounted from their modules."""

from __future__ import annotations

import importlib

import typer

from . import _call, _tools

__all__ = ["app", "main"]

app = typer.Typer(
    name="xkit",
    help="X (Twitter) API v2 tools for LLM agents.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(_tools.app, name="tools", help="List and inspect the tools.")
app.command("call", help="Call one tool and print its JSON result.")(_call.call)

# Optional groups, each owned by its own module; mounted when present.
for module, name, about in (
    ("xkit.sandbox._cli", "sandbox", "Run or query the embedded X API sandbox."),
    ("xkit.auth._cli", "auth", "Log users in with OAuth 2.0 and manage tokens."),
    ("xkit.demos._cli", "demo", "Run a demo agent for one of the use cases."),
):
    try:
        sub = importlib.import_module(module)
    except ModuleNotFoundError as exc:  # the group is not part of this build
        if exc.name != module and not module.startswith(str(exc.name)):
            raise
        continue
    if isinstance(sub.app, typer.Typer):
        app.add_typer(sub.app, name=name, help=about)
    else:
        app.command(name, help=about)(sub.app)


def main() -> None:
    app()
