"""`punch week`: the week the grid shows, as a table, JSON or CSV."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime
from typing import Any

from tui.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    add_command,
    fail,
    open_cli_backend,
    say,
    say_json,
    usage_error,
)
from tui.config import Settings


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    week = add_command(
        commands,
        common,
        "week",
        help="print a week of the timesheet",
        summary="Print a week of the timesheet: a row per client › project › task, a column a day.",
        examples=("punch week", "punch week --date 2026-11-16", "punch week --date mon --csv"),
        exit_codes={EXIT_OK: "printed", EXIT_ERROR: "the store, the backend or the config failed"},
        json_errors=True,
    )
    week.add_argument(
        "--date",
        metavar="DAY",
        help="any day of the week to print: YYYY-MM-DD, today, yesterday, mon… (default: today)",
    )
    output = week.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print JSON")
    output.add_argument(
        "--csv",
        action="store_true",
        help="print CSV: client, project, task, the 7 days and the total, in decimal hours",
    )
    week.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio  # here, not at the top: `punch status` builds this parser too

    from tui.domain.days import DayError, parse_day

    day: date | None = None
    if args.date is not None:  # checked before any store is opened
        try:
            day = parse_day(args.date, date.today())
        except DayError as err:
            return usage_error(args, f"--date: {err}")
    return asyncio.run(_week(args, settings, day))


def _csv(snap: Any) -> str:
    """Finished time only, like the JSON rows; hours with two decimals for spreadsheets."""
    import csv
    import io

    from tui.domain.time_off import with_time_off

    def hours(seconds: int) -> str:
        return f"{seconds / 3600:.2f}"

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    grid = with_time_off(snap.grid, snap.time_off)  # its own rows, in the day totals
    writer.writerow(["client", "project", "task", *(d.isoformat() for d in grid.days), "total"])
    for row in grid.rows:
        if row.total:
            cells = [hours(s) for s in row.seconds]
            writer.writerow(
                [row.client or "", row.project or "", row.task or "", *cells, hours(row.total)]
            )
    writer.writerow(["Total", "", "", *(hours(s) for s in grid.day_totals), hours(grid.total)])
    return out.getvalue().rstrip("\n")


async def _week(args: argparse.Namespace, settings: Settings, day: date | None) -> int:
    from tui.backends.errors import BackendError
    from tui.domain.weeks import week_start_date
    from tui.reports.week_report import week_payload, week_table
    from tui.store import Store
    from tui.store.status_file import status_path

    try:
        backend = await open_cli_backend(args, settings)
    except BackendError as err:
        return fail(str(err), args.json)
    store = Store(backend, settings, remember_workspace=not args.demo)
    store.keep_status_file(status_path(args.demo))  # `punch status` reads what this saw
    try:
        await store.open()
        if day is not None and not _failed(store):
            from tui.domain.days import parse_day

            day = parse_day(args.date, store.snapshot.today)  # a word counts from its today
            await store.load_week(week_start_date(day, store.snapshot.week_start_day))
        if _failed(store):
            return fail(store.snapshot.message, args.json)
        now = datetime.now(UTC)
        if args.json:
            say_json(week_payload(store.snapshot, now))
        elif args.csv:
            say(_csv(store.snapshot))
        else:
            say(week_table(store.snapshot, now))
        return EXIT_OK
    finally:
        await backend.aclose()


def _failed(store: Any) -> bool:
    return bool(store.snapshot.severity == "error")
