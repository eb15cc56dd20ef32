"""The part of `punch login NAME --via membrane|maton` every service shares: the proxy's token
(from its environment variable, else asked for, hidden), its address, and for Membrane the
choice of one of the user's connections to the service. The service's own flow then checks
the way in with its "who am I" call through the proxy."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, Literal

from tui.backends.login import LoginFailed, LoginPrompts
from tui.backends.ways_in import MEMBRANE_CONSOLE, WayIn, proxy_way_in

HINTS = {
    "membrane": (
        "Membrane token: ",
        f"Create a client token in Membrane's console ({MEMBRANE_CONSOLE}, Settings → Access "
        "→ Client Tokens); it is not shown as you type.",
    ),
    "maton": (
        "Maton API key: ",
        "Your Maton API key is at https://maton.ai/settings (it is not shown as you type).",
    ),
}


class ProxyCredentials:
    """A token for a proxy and the way in it opens; ``repr`` never shows the token."""

    __slots__ = ("token", "way")

    def __init__(self, way: WayIn, token: str) -> None:
        self.way = way
        self.token = token

    def __repr__(self) -> str:
        return f"ProxyCredentials(way={self.way!r}, token='********')"


def wanted_via(options: Mapping[str, Any], offered: tuple[str, ...], login: str) -> str:
    """``--via``, else ``PUNCHCARD_VIA``, else direct; one this service offers."""
    via = (options.get("via") or os.environ.get("PUNCHCARD_VIA", "") or "direct").strip().lower()
    if via not in offered:
        raise LoginFailed(
            f"{login} has no way in called {via!r}; choose one of: {', '.join(offered)}."
        )
    return via


def ask_proxy(
    via: Literal["membrane", "maton"],
    options: Mapping[str, Any],
    prompts: LoginPrompts,
    *,
    service: str,
    login: str,
) -> ProxyCredentials:
    env = dict(os.environ)
    given = (options.get("connection") or "").strip()
    if given:
        env["MEMBRANE_CONNECTION" if via == "membrane" else "MATON_CONNECTION"] = given
    server = (options.get("server") or "").strip()
    if via == "maton" and server.startswith(("http://", "https://")):
        env["CLOCKIFY_BASE_URL"] = server  # --server names the gateway's address
    env.pop("MEMBRANE_TOKEN" if via == "membrane" else "MATON_API_KEY", None)
    way, _ = proxy_way_in(
        via, env=env, saved=None, service=service, login=login, address_env="CLOCKIFY_BASE_URL"
    )
    var = "MEMBRANE_TOKEN" if via == "membrane" else "MATON_API_KEY"
    token = os.environ.get(var, "").strip()
    if token:
        prompts.say(f"Using the {way.proxy} token in {var}.")
    else:
        token = prompts.secret(*HINTS[via])
    if not token:
        raise LoginFailed(f"No {way.proxy} token given; nothing was saved.")
    return ProxyCredentials(way, token)


async def choose_connection(
    credentials: ProxyCredentials, prompts: LoginPrompts, *, allow_http: bool = False
) -> WayIn:
    """The Membrane connection to the service: the one given, else the only ready one, else
    the user's pick among the ready ones (the others are listed with what they need)."""
    from dataclasses import replace

    from tui.backends.errors import BackendError
    from tui.backends.membrane import list_connections

    way = credentials.way
    try:
        found = await list_connections(way, credentials.token, allow_http=allow_http)
    except BackendError as err:
        raise LoginFailed(f"{err} Nothing was saved.") from None
    if way.connection:
        match = next((c for c in found if way.connection in (c.id, c.integration)), None)
        if match is None:
            theirs = ", ".join(f"{c.id} ({c.name})" for c in found) or "none"
            raise LoginFailed(
                f"Membrane has no connection {way.connection!r}; pick another (yours: {theirs})."
            )
        if not match.ready:
            raise LoginFailed(
                f"The Membrane connection {match.name} ({match.id}) {match.condition()}; "
                f"reconnect {way.service} at {MEMBRANE_CONSOLE}, then log in again."
            )
        return replace(way, connection=match.id)
    serving = [c for c in found if c.serves(way.service)]
    if not serving:
        raise LoginFailed(
            f"This Membrane token sees no {way.service} connection; connect {way.service} in "
            f"Membrane's console ({MEMBRANE_CONSOLE}), then log in again."
        )
    ready = [c for c in serving if c.ready]
    prompts.say(f"Your {way.service} connections in Membrane:")
    for number, connection in enumerate(serving, 1):
        prompts.say(f"  {number}. {connection.name} ({connection.id}) — {connection.condition()}")
    if not ready:
        raise LoginFailed(
            f"None of them is ready; reconnect {way.service} in Membrane's console "
            f"({MEMBRANE_CONSOLE}), then log in again."
        )
    if len(ready) == 1:
        return replace(way, connection=ready[0].id)
    if not prompts.interactive:
        raise LoginFailed("Several connections are ready; choose one with --connection ID.")
    while True:
        answer = prompts.ask(f"Connection [1-{len(serving)}]: ")
        if answer.isdigit() and 1 <= int(answer) <= len(serving):
            chosen = serving[int(answer) - 1]
            if chosen.ready:
                return replace(way, connection=chosen.id)
            prompts.say(f"That one {chosen.condition()}; pick a ready one.")
        else:
            prompts.say("Type one of the numbers shown.")


def proxy_profile(way: WayIn, allow_http: bool) -> dict[str, Any]:
    """What the profile keeps of a way in (the token goes to the keyring or secrets file)."""
    settings: dict[str, Any] = {
        "via": way.via,
        "base_url": way.address.strip().rstrip("/"),
        "connection": way.connection,
    }
    if allow_http:
        settings["allow_http"] = True
    return settings
