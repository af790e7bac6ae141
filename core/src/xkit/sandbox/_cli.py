"""`xkit sandbox ...` commands: `serve` and `token`. Typer is imported only here."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from typing import Annotated
from urllib.parse import parse_qs, urlsplit

import httpx
import typer

from ._spec import all_scopes
from ._world import DEFAULT_USERNAME

__all__ = ["app"]

app = typer.Typer(
    help="Run and use the in-memory X API v2 sandbox.", no_args_is_help=True
)
REDIRECT_URI = "http://127.0.0.1:8976/callback"


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8787,
    seed: Annotated[int, typer.Option(help="World seed; same seed, same world.")] = 0,
    token_ttl: Annotated[int, typer.Option(help="Access token lifetime (s).")] = 7200,
) -> None:
    """Serve the sandbox over HTTP until interrupted."""
    from ._serve import serve as run

    url = f"http://{host}:{port}"
    typer.echo(f"xkit sandbox (seed {seed}) listening on {url}")
    typer.echo(f"Get a user token:  xkit sandbox token --url {url}")
    typer.echo(f"Get an app token:  xkit sandbox token --url {url} --app")
    run(host=host, port=port, seed=seed, token_ttl=token_ttl)


def fetch_user_token(
    url: str, username: str | None, scopes: list[str]
) -> dict[str, object]:
    """Run the PKCE flow against a served sandbox, following its 302 directly."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    state = secrets.token_urlsafe(24)
    params = {
        "response_type": "code",
        "client_id": "xkit-sandbox",
        "redirect_uri": REDIRECT_URI,
        "scope": " ".join(scopes),
        "state": state,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "login_as": username or DEFAULT_USERNAME,
    }
    with httpx.Client(base_url=url, timeout=10) as client:
        answer = client.get("/i/oauth2/authorize", params=params)
        if answer.status_code != 302:
            raise typer.BadParameter(
                f"authorize failed: {answer.status_code} {answer.text}"
            )
        callback = parse_qs(urlsplit(answer.headers["location"]).query)
        if callback.get("state") != [state] or "code" not in callback:
            raise typer.BadParameter(
                f"unexpected callback: {answer.headers['location']}"
            )
        form = {
            "grant_type": "authorization_code",
            "code": callback["code"][0],
            "redirect_uri": REDIRECT_URI,
            "code_verifier": verifier,
            "client_id": "xkit-sandbox",
        }
        reply = client.post("/2/oauth2/token", data=form)
        reply.raise_for_status()
        body: dict[str, object] = reply.json()
        return body


def fetch_app_token(url: str) -> dict[str, object]:
    with httpx.Client(base_url=url, timeout=10) as client:
        reply = client.post(
            "/2/oauth2/token",
            data={"grant_type": "client_credentials"},
            auth=("xkit-sandbox-confidential", "sandbox-secret"),
        )
        reply.raise_for_status()
        body: dict[str, object] = reply.json()
        return body


@app.command()
def token(
    url: Annotated[
        str, typer.Option(help="Sandbox base URL.")
    ] = "http://127.0.0.1:8787",
    user: Annotated[str | None, typer.Option(help="Username to log in as.")] = None,
    scopes: Annotated[
        str | None, typer.Option(help="Space or comma separated scopes (default: all).")
    ] = None,
    app_only: Annotated[
        bool, typer.Option("--app", help="App-only bearer token.")
    ] = False,
) -> None:
    """Get a token from a served sandbox through its own OAuth endpoints; print JSON."""
    if app_only:
        body = fetch_app_token(url)
    else:
        wanted = (
            sorted(all_scopes()) if not scopes else scopes.replace(",", " ").split()
        )
        body = fetch_user_token(url, user, wanted)
    keys = ("access_token", "refresh_token", "expires_in", "scope", "token_type")
    typer.echo(json.dumps({k: body[k] for k in keys if k in body}, indent=2))
