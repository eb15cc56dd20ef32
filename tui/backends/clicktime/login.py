"""`punch login clicktime`: ask for the API token (hidden), or with ``--email`` for the
e-mail address and password, which are used once with Basic auth on ``GET /Me`` to fetch the
token (API notes §2) and never stored; check the token with ``GET /Me``. The command line
saves what this returns (the token in the keyring, else a 0600 file)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from tui.backends.login import LoginDone, LoginFailed, LoginPrompts
from tui.backends.proxy_login import ProxyCredentials, ask_proxy, proxy_profile, wanted_via

TOKEN_HINT = (
    "Your token is in ClickTime under My Preferences → Authentication Token "
    "(it is not shown as you type)."
)


class Credentials:
    __slots__ = ("base_url", "email", "password", "token")

    def __init__(
        self, base_url: str, *, token: str = "", email: str = "", password: str = ""
    ) -> None:
        self.base_url = base_url
        self.token = token
        self.email = email
        self.password = password

    def __repr__(self) -> str:
        return f"Credentials(base_url={self.base_url!r}, secrets='********')"


WAYS_IN = ("direct", "membrane")


def ask(options: Mapping[str, Any], prompts: LoginPrompts) -> Credentials | ProxyCredentials:
    from tui.backends.clicktime.profile import DEFAULT_BASE_URL

    if wanted_via(options, WAYS_IN, "ClickTime") == "membrane":
        return ask_proxy("membrane", options, prompts, service="ClickTime", login="clicktime")

    base = os.environ.get("CLICKTIME_BASE_URL", "").strip() or DEFAULT_BASE_URL
    if options.get("email"):
        email = prompts.ask("ClickTime e-mail: ")
        password = prompts.secret("ClickTime password: ", "Used once to fetch your token.")
        if not email or not password:
            raise LoginFailed("An e-mail address and a password are needed; nothing was saved.")
        return Credentials(base, email=email, password=password)
    token = prompts.secret("ClickTime API token: ", TOKEN_HINT)
    if not token:
        raise LoginFailed("No token given; nothing was saved.")
    return Credentials(base, token=token)


async def fetch_token(
    base_url: str, email: str, password: str, *, allow_http: bool = False, transport: Any = None
) -> str:
    """The user's token from ``GET /Me`` with Basic auth (the one call that accepts it)."""
    import httpx

    from tui.backends.clicktime import paging, wire
    from tui.backends.clicktime.backend import ALLOW_HTTP_HINT
    from tui.backends.clicktime.errors import map_error
    from tui.backends.errors import AuthError
    from tui.backends.http import HttpClient, Secret, check_base_url

    url = check_base_url(base_url, allow_insecure=allow_http, setting=ALLOW_HTTP_HINT)
    http = HttpClient(
        url,
        auth=httpx.BasicAuth(email, password),
        service="ClickTime",
        error_mapper=map_error,
        secret=Secret(password),
        transport=transport,
    )
    try:
        me = wire.Me.model_validate(await paging.get_data(http, "/Me"))
    except AuthError:
        raise AuthError(
            "ClickTime did not accept that e-mail address and password (accounts that sign "
            "in with single sign-on have no password: paste the token instead)."
        ) from None
    finally:
        await http.aclose()
    token = me.auth_token.token.get_secret_value() if me.auth_token and me.auth_token.token else ""
    if not token:
        raise AuthError("ClickTime sent no token for this account; paste the token instead.")
    return token


async def check(
    credentials: Credentials | ProxyCredentials, options: Mapping[str, Any], prompts: LoginPrompts
) -> LoginDone:
    from tui import profiles

    allow_http = profiles.switched_on(os.environ.get("CLICKTIME_ALLOW_HTTP"))
    if isinstance(credentials, ProxyCredentials):
        return await _check_membrane(credentials, prompts, allow_http)
    from tui.backends.clicktime.backend import ClickTimeBackend
    from tui.backends.errors import BackendError

    try:
        token = credentials.token or await fetch_token(
            credentials.base_url, credentials.email, credentials.password, allow_http=allow_http
        )
        backend = ClickTimeBackend(token, credentials.base_url, allow_http=allow_http)
    except BackendError as err:
        raise LoginFailed(f"{err} Nothing was saved.") from None
    try:
        user = await backend.get_user()  # GET /Me with the token: is it good?
        workspace = (await backend.list_workspaces())[0]
    except BackendError as err:
        raise LoginFailed(f"{err} Nothing was saved.") from None
    finally:
        await backend.aclose()
    email = f" ({user.email})" if user.email else ""
    settings: dict[str, Any] = {"base_url": backend.base_url}
    if allow_http:
        settings["allow_http"] = True
    return LoginDone(
        profile=settings,
        secret=token,
        workspace_id=workspace.id,
        lines=(f"Logged in to ClickTime as {user.name}{email}.", f"Company: {workspace.name}"),
    )


async def _check_membrane(
    credentials: ProxyCredentials, prompts: LoginPrompts, allow_http: bool
) -> LoginDone:
    from tui.backends.clicktime.backend import ClickTimeBackend
    from tui.backends.errors import BackendError
    from tui.backends.proxy_login import choose_connection

    way = await choose_connection(credentials, prompts, allow_http=allow_http)
    try:
        backend = ClickTimeBackend(credentials.token, allow_http=allow_http, via=way)
    except BackendError as err:
        raise LoginFailed(f"{err} Nothing was saved.") from None
    try:
        user = await backend.get_user()  # GET /Me through the proxy: does the connection work?
        workspace = (await backend.list_workspaces())[0]
    except BackendError as err:
        raise LoginFailed(f"{err} Nothing was saved.") from None
    finally:
        await backend.aclose()
    email = f" ({user.email})" if user.email else ""
    address = way.address.strip().rstrip("/")
    return LoginDone(
        profile=proxy_profile(way, allow_http),
        secret=credentials.token,
        workspace_id=workspace.id,
        lines=(
            f"Logged in to ClickTime as {user.name}{email}.",
            f"Company: {workspace.name} · through: Membrane ({address}), connection "
            f"{way.connection}",
        ),
        secret_label="The Membrane token",
    )
