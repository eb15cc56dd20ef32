"""`punch week`: the week the grid shows, as a table or as JSON."""

from __future__ import annotations

import argparse
import asyncio
import json
from datetime import UTC, date, datetime
from typing import Any

from tui.cli.common import EXIT_OK, fail, open_cli_backend
from tui.config import Settings


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    week = commands.add_parser("week", parents=[common], help="print a week of the timesheet")
    week.add_argument(
        "--date",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="any day of the week to print (default: today)",
    )
    week.add_argument("--json", action="store_true", help="print JSON")
    week.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    return asyncio.run(_week(args, settings))


async def _week(args: argparse.Namespace, settings: Settings) -> int:
    from tui.backends.errors import BackendError
    from tui.domain.weeks import week_start_date
    from tui.store import Store
    from tui.store.week_report import week_payload, week_table

    try:
        backend = await open_cli_backend(args, settings)
    except BackendError as err:
        return fail(str(err), args.json)
    store = Store(backend, settings, remember_workspace=not args.demo)
    try:
        await store.open()
        if args.date is not None and not _failed(store):
            await store.load_week(week_start_date(args.date, store.snapshot.week_start_day))
        if _failed(store):
            return fail(store.snapshot.message, args.json)
        now = datetime.now(UTC)
        if args.json:
            print(json.dumps(week_payload(store.snapshot, now), ensure_ascii=False))
        else:
            print(week_table(store.snapshot, now))
        return EXIT_OK
    finally:
        await backend.aclose()


def _failed(store: Any) -> bool:
    return bool(store.snapshot.severity == "error")
