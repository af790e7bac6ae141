"""``xkit auth``: log users in from a terminal, show and remove stored logins."""

from __future__ import annotations

import time
import webbrowser
from typing import Annotated

import typer

from .._errors import XkitError
from ..tools import REGISTRY
from ._callback import CallbackServer
from ._config import OAuthConfig
from ._login import OAuthClient
from ._toolkit import default_scopes, default_store

__all__ = ["app"]

app = typer.Typer(
    help="Log X users in, and show or remove their stored logins.",
    no_args_is_help=True,
)

User = Annotated[str, typer.Option("--user", help="The app's key for the user.")]


def _client() -> OAuthClient:
    config = OAuthConfig.from_env()
    return OAuthClient(config, default_store(config))


def _fail(error: Exception) -> typer.Exit:
    typer.echo(f"Error: {error}", err=True)
    return typer.Exit(1)


def _scopes(values: list[str] | None) -> list[str]:
    if not values:
        reads = [name for name, spec in REGISTRY.items() if spec.method == "GET"]
        return sorted(default_scopes(reads))
    return sorted({s for v in values for s in v.replace(",", " ").split()})


@app.command()
def login(
    user: User = "default",
    scopes: Annotated[
        list[str] | None,
        typer.Option("--scopes", help="Scopes to request (default: read scopes)."),
    ] = None,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Print the URL instead.")
    ] = False,
    port: Annotated[
        int | None, typer.Option("--port", help="Callback port (0: any free).")
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait.")] = 300.0,
) -> None:
    """Authorize xkit for a user in the browser and store the login."""
    try:
        client = _client()
        with CallbackServer(client.config.redirect_uri, port) as server:
            client.config = client.config.with_redirect_uri(server.redirect_uri)
            request = client.begin_login(user, _scopes(scopes))
            typer.echo("Open this URL to authorize xkit:")
            typer.echo(request.url)
            if not no_browser:
                webbrowser.open(request.url)
            typer.echo(f"Waiting for the callback on {server.redirect_uri} ...")
            query = server.wait(timeout)
        record = client.complete_login(query, user_key=user)
    except (XkitError, TimeoutError, OSError) as error:
        raise _fail(error) from None
    typer.echo(
        f"Logged in as @{record.username} (X id {record.x_user_id}) "
        f"for user key {user!r}."
    )
    typer.echo(f"Granted scopes: {' '.join(sorted(record.scopes))}")


@app.command()
def status(
    user: Annotated[str | None, typer.Option("--user", help="One user key.")] = None,
) -> None:
    """Show stored logins (never the tokens)."""
    try:
        client = _client()
        keys = [user] if user else client.store.user_keys(client.config.client_id)
        if not keys:
            typer.echo("No stored logins. Run: xkit auth login --user KEY")
            return
        for key in keys:
            record = client.status(key)
            if record is None:
                typer.echo(f"{key}: not logged in")
                continue
            left = record.expires_at - time.time()
            expiry = f"expires in {left / 60:.0f} min" if left > 0 else "expired"
            typer.echo(
                f"{key}: @{record.username} (X id {record.x_user_id}), "
                f"{record.status}, {expiry}, scopes: {' '.join(sorted(record.scopes))}"
            )
    except XkitError as error:
        raise _fail(error) from None


@app.command()
def logout(user: User = "default") -> None:
    """Revoke a user's login at X and remove it from the store."""
    try:
        revoked = _client().logout(user)
    except XkitError as error:
        raise _fail(error) from None
    if revoked:
        typer.echo(f"Logged out {user!r}: revoked at X and removed.")
    else:
        typer.echo(
            f"X did not confirm the revocation for {user!r}; the login is marked "
            "revoke_pending. Run xkit auth logout again later."
        )
        raise typer.Exit(1)
