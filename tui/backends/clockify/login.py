"""`punch login clockify`: ask for the API key (hidden) and the server, check the key with
Clockify, and choose the workspace. The command line saves what this returns."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from tui.backends.clockify.profile import ClockifyProfile
from tui.backends.login import LoginDone, LoginFailed, LoginPrompts
from tui.backends.proxy_login import ProxyCredentials, ask_proxy, proxy_profile, wanted_via
from tui.backends.ways_in import WayIn
from tui.domain.models import Workspace


class Credentials:
    __slots__ = ("api_key", "base_url")

    def __init__(self, api_key: str, base_url: str) -> None:
        self.api_key = api_key
        self.base_url = base_url

    def __repr__(self) -> str:
        return f"Credentials(base_url={self.base_url!r}, api_key='********')"


WAYS_IN = ("direct", "membrane", "maton")


def ask(options: Mapping[str, Any], prompts: LoginPrompts) -> Credentials | ProxyCredentials:
    via = wanted_via(options, WAYS_IN, "Clockify")
    if via in ("membrane", "maton"):
        return ask_proxy(via, options, prompts, service="Clockify", login="clockify")  # type: ignore[arg-type]
    key = prompts.secret(
        "Clockify API key: ",
        "Your API key is at https://app.clockify.me/manage-api-keys (it is not shown as you type).",
    )
    if not key:
        raise LoginFailed("No API key given; nothing was saved.")
    return Credentials(key, _choose_server(options.get("server"), prompts))


def _choose_server(given: str | None, prompts: LoginPrompts) -> str:
    from tui.backends.clockify.servers import SERVERS, server_url

    if given:
        return server_url(given)
    names = list(SERVERS)
    prompts.say("Which Clockify server holds your account?")
    for number, name in enumerate(names, 1):
        prompts.say(f"  {number}. {SERVERS[name][1]}")
    prompts.say(f"  {len(names) + 1}. Another address (a subdomain workspace or an API gateway)")
    while True:
        answer = prompts.ask(f"Server [1-{len(names) + 1}, Enter for 1]: ") or "1"
        if answer.isdigit() and 1 <= int(answer) <= len(names):
            return SERVERS[names[int(answer) - 1]][0]
        if answer == str(len(names) + 1):
            url = prompts.ask(
                "Base URL (for example https://gateway.example.com/clockify/api/v1): "
            )
            if url:
                return server_url(url)
        elif answer.lower() in SERVERS or answer.startswith(("http://", "https://")):
            return server_url(answer)
        prompts.say("Type one of the numbers shown.")


def _choose_workspace(
    wanted: str | None, workspaces: list[Workspace], prompts: LoginPrompts
) -> Workspace:
    if wanted:
        wanted = wanted.strip()
        for workspace in workspaces:
            if (
                wanted in (workspace.id, workspace.name)
                or wanted.casefold() == workspace.name.casefold()
            ):
                return workspace
        raise LoginFailed(
            f"No workspace called {wanted!r}; yours: " + ", ".join(w.name for w in workspaces)
        )
    if len(workspaces) == 1 or not prompts.interactive:
        return workspaces[0]  # the backend lists the account's preferred one first
    prompts.say("Which workspace should punch open?")
    for number, workspace in enumerate(workspaces, 1):
        prompts.say(f"  {number}. {workspace.name}")
    while True:
        answer = prompts.ask(f"Workspace [1-{len(workspaces)}, Enter for 1]: ") or "1"
        if answer.isdigit() and 1 <= int(answer) <= len(workspaces):
            return workspaces[int(answer) - 1]
        prompts.say("Type one of the numbers shown.")


async def check(
    credentials: Credentials | ProxyCredentials, options: Mapping[str, Any], prompts: LoginPrompts
) -> LoginDone:
    from tui.backends.clockify import ClockifyBackend
    from tui.backends.clockify.servers import server_label
    from tui.backends.errors import BackendError
    from tui.backends.proxy_login import choose_connection

    auth: Literal["api-key", "bearer"] = "bearer" if options.get("bearer") else "api-key"
    allow_http = bool(options.get("allow_http"))
    way: WayIn | None = None
    if isinstance(credentials, ProxyCredentials):
        way = credentials.way
        if way.via == "membrane":
            way = await choose_connection(credentials, prompts, allow_http=allow_http)
        credentials = Credentials(credentials.token, way.base_url())
        auth = "bearer"
    try:
        backend = ClockifyBackend(
            credentials.api_key, credentials.base_url, auth=auth, allow_http=allow_http, via=way
        )
    except BackendError as err:
        raise LoginFailed(
            str(err).replace("set allow_http = true in the profile", "pass --allow-http")
        ) from None
    try:
        user = await backend.get_user()  # GET /user: is the key good?
        workspaces = await backend.list_workspaces()
    except BackendError as err:
        raise LoginFailed(f"{err} Nothing was saved.") from None
    finally:
        await backend.aclose()
    if not workspaces:
        raise LoginFailed("This Clockify account has no workspace; create one on clockify.me.")
    workspace = _choose_workspace(options.get("workspace"), workspaces, prompts)
    settings = ClockifyProfile(
        base_url=backend.base_url, workspace_id=workspace.id, auth=auth, allow_http=allow_http
    ).settings()
    where = server_label(backend.base_url)
    if way is not None:
        settings = {"workspace_id": workspace.id, **proxy_profile(way, allow_http)}
        where = f"{way.proxy} ({way.address.strip().rstrip('/')})"
        if way.connection:
            where += f", connection {way.connection}"
    email = f" ({user.email})" if user.email else ""
    lines = [
        f"Logged in to Clockify as {user.name}{email}.",
        f"Workspace: {workspace.name} · through: {where}"
        if way
        else f"Workspace: {workspace.name} · server: {where}",
    ]
    if user.timezone:
        lines.append(f"Days and weeks follow your Clockify profile: {user.timezone}.")
    return LoginDone(
        profile=settings,
        secret=credentials.api_key,
        workspace_id=workspace.id,
        lines=tuple(lines),
        secret_label=f"The {way.proxy} token" if way else "The API key",
    )
