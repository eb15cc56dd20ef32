"""`punch`: with no command it opens the TUI; subcommands serve scripts and status lines.

Each subcommand lives in its own module here and registers itself through ``register``.
Textual is imported only when the TUI opens, so commands for scripts start fast.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import os
import pkgutil
import sys

from tui import __version__
from tui.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    CommandHelp,
    CommandParser,
    LazyChoices,
    fail,
    help_epilog,
    warn,
)

NOT_COMMANDS = {"common"}


def command_modules() -> list[str]:
    """Every module of this package but ``common`` adds a subcommand through
    ``register(commands, common)``; their imports stay light so `punch status` starts fast."""
    return sorted(
        info.name
        for info in pkgutil.iter_modules(__path__)
        if not info.name.startswith("_") and info.name not in NOT_COMMANDS
    )


class BackendChoices(LazyChoices):
    """``auto`` and the registry's names, as they are when --backend is checked: a backend
    registered later (a test's, a plugin's) is a choice too."""

    def _names(self) -> list[str]:
        from tui.backends import registry

        return [registry.AUTO, *registry.names()]


def _common(top: bool) -> argparse.ArgumentParser:
    """Options that work before or after the command. Below the command they default to
    SUPPRESS, or `punch --demo week` would have its --demo reset by the subcommand.
    A --backend that is given is checked against the registry; PUNCHCARD_BACKEND is
    checked when the backend is opened (it is no command line)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--demo",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="use the demo store (your own store is not touched): the TUI seeds it afresh, "
        "commands use it as the last run left it",
    )
    common.add_argument(
        "--backend",
        default=os.environ.get("PUNCHCARD_BACKEND") if top else argparse.SUPPRESS,
        metavar="NAME",
        choices=BackendChoices(),
        help="backend to use: %(choices)s (default: auto, the account you are logged in to, "
        "else local)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="punch",
        parents=[_common(top=True)],
        description="A keyboard-first terminal timesheet. With no command, opens the timesheet.",
        epilog=help_epilog(
            "`punch COMMAND --help` says what each command takes, with examples.",
            ("punch", "punch --demo", "punch start 'Fix login bug' -p acme/website", "punch week"),
            {
                EXIT_OK: "closed (a command: done)",
                EXIT_ERROR: "the config, the data folder or the backend cannot be used",
            },
            json_errors=False,
        ),
        formatter_class=CommandHelp,
    )
    parser.add_argument("--version", action="version", version=f"punch {__version__}")
    # For `punch serve`'s tabs: the demo it seeded once, shared by every tab, not re-seeded.
    parser.add_argument("--keep-demo", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=CommandParser)
    common = _common(top=False)
    for name in command_modules():
        importlib.import_module(f"tui.cli.{name}").register(commands, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; a reader that stops early (`punch week | head -3`) ends it quietly."""
    try:
        code = _main(argv)
        sys.stdout.flush()  # here, where a closed pipe can still be caught
    except BrokenPipeError:
        from tui.cli._timer import quiet_stdout

        quiet_stdout()
        return EXIT_OK
    finally:
        limits = sys.modules.get("tui.backends.http_limits")
        if limits is not None:  # a command's short patience ends with it (tests run many)
            limits.set_patience(limits.Patience())
    return code


def _main(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    from tui.config import ConfigError, load_settings

    as_json = bool(getattr(args, "json", False))
    try:
        settings = load_settings(warn=lambda problem: warn(problem, as_json))
    except ConfigError as err:
        return fail(str(err), as_json)
    if args.backend:
        settings = dataclasses.replace(settings, backend=args.backend)
    run = getattr(args, "run", None)
    if run is None:
        from tui.cli._tui import run_tui

        return run_tui(args, settings)
    code: int = run(args, settings)
    profiles = sys.modules.get("tui.profiles")  # only a command that read one has notes
    for note in profiles.take_notes() if profiles else ():
        warn(note, as_json)
    return code
