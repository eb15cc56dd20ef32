"""`punch login clockify`: ask for the API key (hidden), check it with Clockify, choose the
server and the workspace, and save a profile. The key goes to the OS keyring when one is
usable, else to a file only its owner can read; never to config.toml."""

from __future__ import annotations

import argparse
import sys
from typing import Any, Literal

from tui.cli.common import EXIT_OK, fail
from tui.config import Settings

CLICKTIME_MISSING = (
    "ClickTime is not available in this version of punch; `punch login clockify` connects "
    "a Clockify account."
)


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    login = commands.add_parser(
        "login",
        parents=[common],
        help="connect a Clockify account",
        description="Connect an account; the API key is checked before it is saved.",
    )
    login.add_argument("service", choices=["clockify", "clicktime"], help="what to log in to")
    login.add_argument(
        "--server",
        metavar="NAME|URL",
        help="global, euc1, use2, euw2, apse2, developer, or a base URL (asked if not given)",
    )
    login.add_argument("--workspace", metavar="ID|NAME", help="the workspace to open")
    login.add_argument(
        "--bearer",
        action="store_true",
        help="send 'Authorization: Bearer <key>' (for an API gateway) instead of X-Api-Key",
    )
    login.add_argument(
        "--allow-http",
        action="store_true",
        help="allow a plain http:// server that is not this machine (the key travels unencrypted)",
    )
    login.add_argument(
        "--key-stdin",
        action="store_true",
        help="read the API key from the first line of standard input (for scripts)",
    )
    login.set_defaults(run=run)


def _say(text: str) -> None:
    print(text, file=sys.stderr)


def _ask(prompt: str) -> str:
    print(prompt, end="", file=sys.stderr, flush=True)
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.strip()


def _read_key(args: argparse.Namespace) -> str:
    if args.key_stdin:
        return sys.stdin.readline().strip()
    import getpass

    _say(
        "Your API key is at https://app.clockify.me/manage-api-keys (it is not shown as you type)."
    )
    return getpass.getpass("Clockify API key: ", stream=sys.stderr).strip()


def _choose_server(args: argparse.Namespace) -> str:
    from tui.backends.clockify.servers import SERVERS, server_url

    if args.server:
        return server_url(args.server)
    names = list(SERVERS)
    _say("Which Clockify server holds your account?")
    for number, name in enumerate(names, 1):
        _say(f"  {number}. {SERVERS[name][1]}")
    _say(f"  {len(names) + 1}. Another address (a subdomain workspace or an API gateway)")
    while True:
        answer = _ask(f"Server [1-{len(names) + 1}, Enter for 1]: ") or "1"
        if answer.isdigit() and 1 <= int(answer) <= len(names):
            return SERVERS[names[int(answer) - 1]][0]
        if answer == str(len(names) + 1):
            url = _ask("Base URL (for example https://gateway.example.com/clockify/api/v1): ")
            if url:
                return server_url(url)
        elif answer.lower() in SERVERS or answer.startswith(("http://", "https://")):
            return server_url(answer)
        _say("Type one of the numbers shown.")


def _choose_workspace(
    args: argparse.Namespace, workspaces: list[Any], preferred: str | None
) -> Any:
    if args.workspace:
        wanted = args.workspace.strip()
        for workspace in workspaces:
            if (
                wanted in (workspace.id, workspace.name)
                or wanted.casefold() == workspace.name.casefold()
            ):
                return workspace
        raise LookupError(
            f"No workspace called {wanted!r}; yours: " + ", ".join(w.name for w in workspaces)
        )
    if len(workspaces) == 1 or not sys.stdin.isatty():
        return next((w for w in workspaces if w.id == preferred), workspaces[0])
    _say("Which workspace should punch open?")
    default = next((n for n, w in enumerate(workspaces, 1) if w.id == preferred), 1)
    for number, workspace in enumerate(workspaces, 1):
        _say(f"  {number}. {workspace.name}")
    while True:
        answer = _ask(f"Workspace [1-{len(workspaces)}, Enter for {default}]: ") or str(default)
        if answer.isdigit() and 1 <= int(answer) <= len(workspaces):
            return workspaces[int(answer) - 1]
        _say("Type one of the numbers shown.")


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.service == "clicktime":
        return fail(CLICKTIME_MISSING, False)
    import asyncio

    try:
        key = _read_key(args)
        if not key:
            return fail("No API key given; nothing was saved.", False)
        base_url = _choose_server(args)
        return asyncio.run(_login(args, key, base_url))
    except (EOFError, KeyboardInterrupt):
        return fail("Login cancelled; nothing was saved.", False)


async def _login(args: argparse.Namespace, key: str, base_url: str) -> int:
    from tui.backends.clockify import ClockifyBackend
    from tui.backends.clockify.servers import server_label
    from tui.backends.errors import BackendError
    from tui.config import load_state, save_state
    from tui.profiles import ClockifyProfile, ProfileError, save_clockify_profile

    auth: Literal["api-key", "bearer"] = "bearer" if args.bearer else "api-key"
    try:
        backend = ClockifyBackend(key, base_url, auth=auth, allow_http=args.allow_http)
    except BackendError as err:
        return fail(
            str(err).replace("set allow_http = true in the profile", "pass --allow-http"), False
        )
    try:
        user = await backend.get_user()  # GET /user: is the key good?
        workspaces = await backend.list_workspaces()
    except BackendError as err:
        return fail(f"{err} Nothing was saved.", False)
    finally:
        await backend.aclose()
    if not workspaces:
        return fail("This Clockify account has no workspace; create one on clockify.me.", False)
    try:
        workspace = _choose_workspace(args, workspaces, workspaces[0].id)
    except LookupError as err:
        return fail(str(err), False)
    profile = ClockifyProfile(
        base_url=backend.base_url,
        workspace_id=workspace.id,
        auth=auth,
        allow_http=args.allow_http,
    )
    try:
        where = save_clockify_profile(profile, key)
        save_state({**load_state(), "workspace": workspace.id})
    except (ProfileError, OSError) as err:
        return fail(f"Could not save the profile: {err}", False)
    email = f" ({user.email})" if user.email else ""
    print(f"Logged in to Clockify as {user.name}{email}.")
    print(f"Workspace: {workspace.name} · server: {server_label(backend.base_url)}")
    if user.timezone:
        print(f"Days and weeks follow your Clockify profile: {user.timezone}.")
    print(f"The API key is kept in {where}. `punch logout` forgets it.")
    return EXIT_OK
