"""`punch serve`: the timesheet in a browser tab, one punch process per tab (textual-serve).

textual-serve is the optional ``serve`` extra and is imported only once this command runs.
Every other command builds this parser too and must not pay for it, nor for the standard
modules serving needs (socket, secrets…): those are imported in the functions below.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from tui.cli.common import EXIT_ERROR, EXIT_OK, add_command, fail
from tui.config import Settings

INSTALL_HINT = "punch serve needs the serve extra: pip install 'punchcard[serve]'"
WIDE_OPEN = {"", "0.0.0.0", "::"}
SERVE_EXTRA = {"textual_serve", "aiohttp", "aiohttp_jinja2", "jinja2"}  # what it brings in

NOTES = """\
access: every URL carries a random token, new on each start and printed only here;
a request without it is refused (403). This holds on loopback too: other users of a
shared machine can reach 127.0.0.1. Keep the printed URL to yourself.
--host with any address but loopback lets everyone who can reach that address and has
the URL use your timesheet (with your backend's login): use an SSH tunnel instead.

Each browser tab runs its own punch on the same store and profile as `punch` would open;
tabs show each other's edits within a second and keep to one rate limit together."""
EXAMPLES = (
    "punch serve                   http://127.0.0.1:<a free port>/<token>/",
    "punch serve --port 8566       a fixed port, e.g. for an SSH tunnel from your machine:",
    "                              ssh -L 8566:127.0.0.1:8566 host",
    "                              then on host: punch serve --port 8566",
    "punch serve --demo            the demo store, seeded once now and shared by every tab",
)


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    serve = add_command(
        commands,
        common,
        "serve",
        help="open the timesheet in a browser (needs the serve extra)",
        summary="Serve the timesheet to a web browser until Ctrl+C.",
        details=(
            "Listens on loopback only unless --host names another address. Needs: pip install "
            "'punchcard[serve]'."
        ),
        notes=NOTES,
        examples=EXAMPLES,
        exit_codes={
            EXIT_OK: "stopped with Ctrl+C (or SIGTERM)",
            EXIT_ERROR: "the serve extra is missing, the backend cannot be opened, or the "
            "address cannot be used",
        },
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="ADDRESS",
        help="address to listen on (default: 127.0.0.1; others get a warning)",
    )
    serve.add_argument(
        "--port",
        type=_port,
        default=0,
        metavar="N",
        help="port to listen on (default: a free one)",
    )
    serve.set_defaults(run=run)


def _port(text: str) -> int:
    port = int(text)
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text} is not a port (0-65535)")
    return port


def is_loopback(host: str) -> bool:
    """True when every address ``host`` names is a loopback one (127.0.0.0/8, ::1)."""
    import ipaddress
    import socket

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    if host in WIDE_OPEN:
        return False
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    return all(ipaddress.ip_address(info[4][0]).is_loopback for info in infos)


def tab_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs for each tab: this interpreter's punch, with the
    flags of this run, so a venv install works without punch on $PATH. ``exec`` lets that
    punch replace the shell, so signals reach it directly."""
    import shlex

    argv = [sys.executable, "-m", "tui"]
    if args.demo:  # seeded once as `punch serve` starts: every tab shares that demo
        argv += ["--demo", "--keep-demo"]
    if args.backend:
        argv += ["--backend", args.backend]
    return "exec " + shlex.join(argv)


def url(host: str, port: int, token: str) -> str:
    import socket

    shown = socket.gethostname() if host in WIDE_OPEN else host
    if ":" in shown:  # an IPv6 address
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/{token}/"


def run(args: argparse.Namespace, settings: Settings) -> int:
    try:
        from tui.cli import _serve_web
    except ModuleNotFoundError as err:
        if (err.name or "").partition(".")[0] not in SERVE_EXTRA:
            raise
        print(INSTALL_HINT, file=sys.stderr)
        return EXIT_ERROR
    import asyncio
    import contextlib
    import secrets

    problem = asyncio.run(_backend_problem(args, settings))
    if problem:
        return fail(problem, False)
    try:
        sock = _serve_web.listen(args.host, args.port)
    except OSError as err:
        return fail(f"cannot listen on {args.host}:{args.port}: {err.strerror or err}", False)
    token = secrets.token_urlsafe(32)
    server = _serve_web.TokenServer(tab_command(args), token, title="punchcard")
    address = url(args.host, sock.getsockname()[1], token)

    def ready() -> None:
        if not is_loopback(args.host):
            print(
                f"punch serve: WARNING: listening on {args.host}, not on loopback: anyone "
                "who can reach it and has this URL gets your timesheet and your backend "
                "login. Prefer an SSH tunnel to a loopback port.",
                file=sys.stderr,
            )
        print(f"punchcard in your browser: {address}", flush=True)
        print("Each tab runs its own punch. Press Ctrl+C to stop.", flush=True)

    # Ctrl+C before the loop's own handler is in place ends the run just as cleanly.
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve_web.serve(server, sock, ready))
    return EXIT_OK


async def _backend_problem(args: argparse.Namespace, settings: Settings) -> str | None:
    """Why no tab could open the backend (unknown, not logged in), found once up front
    rather than in every tab; None when it opens. The demo is seeded here, once, for every
    tab: a second tab sees the first one's demo edits instead of a fresh demo."""
    from tui import locations
    from tui.backends.errors import BackendError
    from tui.cli.common import open_cli_backend, zone
    from tui.store.open_backend import open_backend

    try:
        if args.demo:
            locations.private_dir(locations.data_dir())
            backend = await open_backend(demo=True, fresh_demo=True, tz=zone(settings))
        else:
            backend = await open_cli_backend(args, settings)
    except OSError as err:
        return f"Cannot open the data folder: {err.filename}: {err.strerror}"
    except BackendError as err:
        return str(err)
    await backend.aclose()
    return None
