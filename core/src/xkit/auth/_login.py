"""Logging a user in: the authorization URL, the callback, the code exchange.

:meth:`OAuthClient.begin_login` keeps the PKCE verifier and the one-time
``state`` in the store; :meth:`OAuthClient.complete_login` checks the callback
before anything is sent (``error=`` first, then ``state``: missing, unknown,
used, expired or started for another user), exchanges the code with the same
redirect URI, asks ``GET /2/users/me`` whose account it is, and stores it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

import httpx
from authlib.common.security import generate_token
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge

from .._drivers import AsyncClients, SyncClients, arun, run
from .._errors import ConfigurationError
from .._steps import Call, Flow
from ._config import OAuthConfig
from ._endpoint import OAuthProblem, fetch_me, revoke, token_request
from ._errors import AuthorizationDenied, LoginFailed, StateMismatch
from ._persist import persist
from ._record import PendingLogin, TokenRecord, expires_at_from, parse_scopes
from ._secret import Secret
from ._store import TokenStore

__all__ = ["LoginRequest", "OAuthClient", "parse_callback"]

T = TypeVar("T")
REQUIRED = frozenset({"offline.access", "tweet.read", "users.read"})
"""Always requested: a refresh token, and ``GET /2/users/me`` for the account."""
VERIFIER_LENGTH = 86  # ~512 bits from a 62-symbol alphabet
STATE_LENGTH = 43  # ~256 bits


@dataclass(frozen=True, slots=True)
class LoginRequest:
    """Where to send the user, and the ``state`` that will come back."""

    url: str
    state: str
    user_key: str
    expires_at: float

    def __repr__(self) -> str:
        return f"LoginRequest(user_key={self.user_key!r}, url=<authorize url>)"


def parse_callback(callback: str | Mapping[str, str]) -> dict[str, str]:
    """The callback's query parameters; a repeated parameter is refused."""
    if isinstance(callback, Mapping):
        return {str(k): str(v) for k, v in callback.items()}
    query = urlsplit(callback).query if "?" in callback else callback.lstrip("?")
    parsed = parse_qs(query, keep_blank_values=True)
    if any(len(v) > 1 for v in parsed.values()):
        raise StateMismatch("The login callback repeats a parameter; it was refused.")
    return {k: v[0] for k, v in parsed.items()}


class OAuthClient:
    """Logs users in and out for one OAuth client, keeping logins in ``store``.

    Args:
        config: the client settings (default: :meth:`OAuthConfig.from_env`).
        store: where logins and started logins live.
        transport, async_transport: httpx transports (e.g. a sandbox's).
    """

    def __init__(
        self,
        config: OAuthConfig,
        store: TokenStore,
        *,
        transport: httpx.BaseTransport | None = None,
        async_transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.config = config
        self.store = store
        self._transport = transport
        self._async_transport = async_transport
        self._clock = clock

    def __repr__(self) -> str:
        return f"OAuthClient({self.config!r}, store={self.store!r})"

    # -- starting -------------------------------------------------------------

    def begin_login(
        self,
        user_key: str,
        scopes: Iterable[str],
        *,
        expected_user_id: str | None = None,
    ) -> LoginRequest:
        """Start a login for ``user_key``; send the user to ``.url``.

        :data:`REQUIRED` scopes are always added (a refresh token, and reading
        ``users/me`` to learn whose login it is). With ``expected_user_id``, a
        login by another X account is refused.
        """
        if not user_key:
            raise ConfigurationError("begin_login needs a user key.")
        config = self.config
        wanted = sorted(set(scopes) | REQUIRED)
        verifier = generate_token(VERIFIER_LENGTH)
        state = generate_token(STATE_LENGTH)
        challenge = create_s256_code_challenge(verifier)
        url = prepare_grant_uri(
            config.authorize_url,
            config.client_id,
            "code",
            redirect_uri=config.redirect_uri,
            scope=wanted,
            state=state,
            code_challenge=challenge,
            code_challenge_method="S256",
        )
        _check_grant_url(url, challenge, state, config.redirect_uri)
        expires_at = self._clock() + config.login_ttl
        self.store.save_login(
            PendingLogin(
                state=Secret(state),
                code_verifier=Secret(verifier),
                client_id=config.client_id,
                user_key=user_key,
                scopes=frozenset(wanted),
                redirect_uri=config.redirect_uri,
                expires_at=expires_at,
                expected_user_id=expected_user_id,
            )
        )
        return LoginRequest(url, state, user_key, expires_at)

    # -- finishing ------------------------------------------------------------

    def complete_login(
        self, callback: str | Mapping[str, str], *, user_key: str | None = None
    ) -> TokenRecord:
        """Finish a login from the callback URL (or its query parameters).

        ``user_key``, when given, must be the one that started the login.
        """
        return self._run(self.login_flow(callback, user_key))

    async def acomplete_login(
        self, callback: str | Mapping[str, str], *, user_key: str | None = None
    ) -> TokenRecord:
        return await self._arun(self.login_flow(callback, user_key))

    def login_flow(
        self, callback: str | Mapping[str, str], user_key: str | None
    ) -> Flow[TokenRecord]:
        params = parse_callback(callback)
        state = params.get("state", "")
        pending = None
        if state and len(state) <= 500:  # consumed even when the answer is an error
            found = yield Call(self.store.take_login, (state, self._clock()), True)
            pending = found if isinstance(found, PendingLogin) else None
        if "error" in params:
            error = params["error"] if params["error"].isidentifier() else "error"
            raise AuthorizationDenied(
                f"The X authorization was not granted ({error}). Nothing was "
                "stored; start the login again if this was a mistake.",
                error=error,
            )
        if (
            pending is None
            or not pending.state.matches(state)
            or pending.client_id != self.config.client_id
            or (user_key is not None and user_key != pending.user_key)
        ):
            raise StateMismatch(
                "The login callback does not match a login started here (state "
                "missing, unknown, already used, expired or for another user). "
                "Nothing was stored; start the login again."
            )
        code = params.get("code")
        if not code:
            raise LoginFailed("The login callback has no authorization code.")
        try:
            payload = yield from token_request(
                self.config,
                "authorization_code",
                code=code,
                redirect_uri=pending.redirect_uri,
                code_verifier=pending.code_verifier.reveal(),
            )
        except OAuthProblem as problem:
            raise LoginFailed(
                f"X refused the authorization code ({problem.error}). Codes are "
                "single-use and expire within 30 s: start the login again."
            ) from None
        except httpx.HTTPError as exc:
            raise LoginFailed(
                f"Could not reach X's token endpoint ({type(exc).__name__}). "
                "Start the login again."
            ) from None
        return (yield from self._save(pending, payload))

    def _save(
        self, pending: PendingLogin, payload: Mapping[str, Any]
    ) -> Flow[TokenRecord]:
        access = str(payload["access_token"])
        refresh = payload.get("refresh_token")
        me = yield from fetch_me(self.config, access)
        if pending.expected_user_id and me["id"] != pending.expected_user_id:
            yield from revoke(self.config, access, "access_token")
            raise LoginFailed(
                f"The login was made with X account @{me['username']}, not the "
                "expected one. Nothing was stored; log in with the right account."
            )
        record = TokenRecord(
            client_id=self.config.client_id,
            user_key=pending.user_key,
            access_token=Secret(access),
            refresh_token=Secret(refresh) if isinstance(refresh, str) else None,
            expires_at=expires_at_from(payload, self._clock()),
            scopes=parse_scopes(payload.get("scope")) or pending.scopes,
            x_user_id=me["id"],
            username=me["username"],
        )
        stored: TokenRecord = yield from persist(self.store.put, record)
        return stored

    # -- logging out ----------------------------------------------------------

    def logout(self, user_key: str) -> bool:
        """Revoke the login at X and remove it. True if X confirmed the
        revocation; on failure the record stays, marked ``revoke_pending``."""
        return self._run(self.logout_flow(user_key))

    async def alogout(self, user_key: str) -> bool:
        return await self._arun(self.logout_flow(user_key))

    def logout_flow(self, user_key: str) -> Flow[bool]:
        key = (self.config.client_id, user_key)
        record = yield Call(self.store.get, key, True)
        if record is None:
            return True
        assert isinstance(record, TokenRecord)
        if record.refresh_token is not None:
            token, hint = record.refresh_token.reveal(), "refresh_token"
        else:
            token, hint = record.access_token.reveal(), "access_token"
        if (yield from revoke(self.config, token, hint)):
            yield Call(self.store.delete, key, True)
            return True
        yield from persist(self.store.put, record.evolve(status="revoke_pending"))
        return False

    def status(self, user_key: str) -> TokenRecord | None:
        return self.store.get(self.config.client_id, user_key)

    # -- drivers --------------------------------------------------------------

    def _run(self, flow: Flow[T]) -> T:
        with httpx.Client(transport=self._transport) as client:
            return run(flow, SyncClients(api=client, fetch=_no_fetch))

    async def _arun(self, flow: Flow[T]) -> T:
        transport: Any = self._async_transport or self._transport
        async with httpx.AsyncClient(transport=transport) as client:
            return await arun(flow, AsyncClients(api=client, fetch=_no_fetch))


def _no_fetch() -> Any:
    raise RuntimeError("the OAuth flows fetch no media")


def _check_grant_url(url: str, challenge: str, state: str, redirect_uri: str) -> None:
    """Fail loudly unless the URL carries S256 PKCE, the state and the redirect."""
    query = parse_qs(urlsplit(url).query)
    expected = {
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "state": state,
        "redirect_uri": redirect_uri,
        "response_type": "code",
    }
    for name, value in expected.items():
        if query.get(name) != [value]:
            raise ConfigurationError(
                f"The authorization URL is missing {name!r}; refusing to log in "
                "without S256 PKCE and state."
            )
