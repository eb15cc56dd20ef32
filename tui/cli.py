"""`punch`: with no command it opens the TUI; subcommands serve scripts and status lines.

Textual is imported only when the TUI opens, so commands for scripts start fast.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from datetime import UTC, date, datetime
from typing import Any

from tui import __version__

EXIT_OK = 0
EXIT_ERROR = 1  # the backend or the store refused
EXIT_USAGE = 2  # the command line itself was wrong (argparse uses 2 too)


def _common(top: bool) -> argparse.ArgumentParser:
    """Options that work before or after the command. Below the command they default to
    SUPPRESS, or `punch --demo week` would have its --demo reset by the subcommand."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--demo",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="use a freshly seeded demo store (your own store is not touched)",
    )
    common.add_argument(
        "--backend",
        default=os.environ.get("PUNCHCARD_BACKEND") if top else argparse.SUPPRESS,
        help="backend to use (default: local)",
    )
    return common


def _parser() -> argparse.ArgumentParser:
    common = _common(top=False)
    parser = argparse.ArgumentParser(
        prog="punch",
        parents=[_common(top=True)],
        description="A keyboard-first terminal timesheet. With no command, opens the timesheet.",
    )
    parser.add_argument("--version", action="version", version=f"punch {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    week = commands.add_parser("week", parents=[common], help="print a week of the timesheet")
    week.add_argument(
        "--date",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="any day of the week to print (default: today)",
    )
    week.add_argument("--json", action="store_true", help="print JSON")
    return parser


def _fail(message: str, as_json: bool, code: int = EXIT_ERROR) -> int:
    if as_json:
        print(json.dumps({"error": message}), file=sys.stderr)
    else:
        print(f"punch: {message}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from tui.config import ConfigError, load_settings

    as_json = bool(getattr(args, "json", False))
    try:
        settings = load_settings()
    except ConfigError as err:
        return _fail(str(err), as_json)
    if args.backend:
        settings = settings.model_copy(update={"backend": args.backend})
    if args.command == "week":
        return asyncio.run(_week(args, settings))
    return _run_tui(args, settings)


def _run_tui(args: argparse.Namespace, settings: Any) -> int:
    from tui.app import PunchcardApp

    app = PunchcardApp(settings=settings, demo=args.demo)
    app.run()
    return app.return_code or 0


async def _week(args: argparse.Namespace, settings: Any) -> int:
    from tui.backends.errors import BackendError
    from tui.domain.weeks import week_start_date
    from tui.store import Store
    from tui.store.week_report import week_payload, week_table

    try:
        store = Store(await _backend(args, settings), settings, remember_workspace=not args.demo)
    except BackendError as err:
        return _fail(str(err), args.json)
    try:
        await store.open()
        if args.date is not None and not _failed(store):
            await store.load_week(week_start_date(args.date, store.snapshot.week_start_day))
        if _failed(store):
            return _fail(store.snapshot.message, args.json)
        now = datetime.now(UTC)
        if args.json:
            print(json.dumps(week_payload(store.snapshot, now), ensure_ascii=False))
        else:
            print(week_table(store.snapshot, now))
        return EXIT_OK
    finally:
        await store.backend.aclose()


def _failed(store: Any) -> bool:
    return bool(store.snapshot.severity == "error")


async def _backend(args: argparse.Namespace, settings: Any) -> Any:
    from zoneinfo import ZoneInfo

    from tui.config import machine_timezone
    from tui.store.open_backend import open_backend

    tz = ZoneInfo(settings.timezone) if settings.timezone else machine_timezone()
    return await open_backend(settings.backend, demo=args.demo, tz=tz)
