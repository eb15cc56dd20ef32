"""`punch report`: the review's numbers for any run of days, as a table, JSON or CSV.

Exit codes: 0 done; 1 the store or the config refused (one line on stderr, JSON with
--json); 2 the command line is wrong (a bad date, an unknown --by, --json with --csv): the
usage and one line.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime, timedelta
from typing import Any

from tui.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    add_command,
    fail,
    open_cli_backend,
    say,
    usage_error,
)
from tui.config import Settings

BY = ("project", "client", "task", "tag", "day")
LONGEST = 731  # days: two years, leap day included

NOTES = (
    "DATE is YYYY-MM-DD, today, yesterday or a weekday (mon: the last one before today). "
    "Days are local days in your time zone; an entry crossing midnight counts on both days; "
    "a running timer is not counted."
)


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    report = add_command(
        commands,
        common,
        "report",
        help="time, targets, billable time and breakdowns of a run of days",
        summary="The weekly review's numbers for any run of days.",
        notes=NOTES,
        examples=(
            "punch report                                   this week, by project",
            "punch report --from 2026-11-01 --to 2026-11-30 --by client",
            "punch report --by day --csv",
            "punch report --from mon --by task --json",
        ),
        exit_codes={EXIT_OK: "printed", EXIT_ERROR: "the store, the backend or the config failed"},
        json_errors=True,
    )
    report.add_argument(
        "--from", dest="first", metavar="DATE", help="first day (default: this week's first)"
    )
    report.add_argument(
        "--to", dest="last", metavar="DATE", help="last day, included (default: --from + 6 days)"
    )
    report.add_argument(
        "--by", default="project", metavar="|".join(BY), help="what the table lists"
    )
    report.add_argument("--json", action="store_true", help="print every number as JSON")
    report.add_argument("--csv", action="store_true", help="print the --by table as CSV")
    report.set_defaults(run=run)


class UsageError(ValueError):
    pass


def _day(text: str, today: date, option: str) -> date:
    from tui.domain.days import DayError, parse_day

    try:
        return parse_day(text, today)
    except DayError as err:
        raise UsageError(f"{option}: {err}") from None


def period(args: argparse.Namespace, today: date, week_start: int) -> tuple[date, date]:
    """The first and last day the command line asks for."""
    from tui.domain.weeks import week_start_date

    if args.first is not None:
        first = _day(args.first, today, "--from")
    elif args.last is not None:
        first = _day(args.last, today, "--to") - timedelta(days=6)
    else:
        first = week_start_date(today, week_start)
    last = _day(args.last, today, "--to") if args.last is not None else first + timedelta(days=6)
    if last < first:
        raise UsageError(f"--to {last} is before --from {first}")
    if (last - first).days + 1 > LONGEST:
        raise UsageError(f"at most {LONGEST} days at a time; {first} to {last} is longer")
    return first, last


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.by not in BY:
        return usage_error(args, f"--by must be one of {', '.join(BY)}; not {args.by!r}")
    if args.json and args.csv:
        return usage_error(args, "choose one of --json and --csv")
    if args.first is not None or args.last is not None:  # check before opening any store
        try:
            period(args, date.today(), 0)
        except UsageError as err:
            return usage_error(args, str(err))
    import asyncio  # here, not at the top: every `punch status` imports this module

    return asyncio.run(_report(args, settings))


async def _report(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    from tui.backends.errors import BackendError
    from tui.store import Store

    try:
        backend = await open_cli_backend(args, settings)
    except BackendError as err:
        return fail(str(err), args.json)
    store = Store(backend, settings, remember_workspace=not args.demo)
    try:
        await store.open()
        if store.snapshot.severity == "error":
            return fail(store.snapshot.message, args.json)
        snap = store.snapshot
        try:
            first, last = period(args, snap.today, snap.week_start_day)
        except UsageError as err:  # a word counts from the store's today (its time zone)
            return usage_error(args, str(err))
        from tui.store.review import load_period, load_time_off

        try:
            entries, time_off = await asyncio.gather(
                load_period(store, first, last), load_time_off(store, first, last)
            )
        except BackendError as err:
            return fail(str(err), args.json)
        say(_render(args, store, entries, time_off, first, last))
        return EXIT_OK
    finally:
        await backend.aclose()


def _render(
    args: argparse.Namespace,
    store: Any,
    entries: Any,
    time_off: dict[date, int],
    first: date,
    last: date,
) -> str:
    from tui.cli.common import dumps_json
    from tui.domain.review import build_review
    from tui.reports.export import review_payload
    from tui.reports.period_report import by_csv, by_table
    from tui.store.review import expectations

    snap = store.snapshot
    now: datetime = store.now()
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    review = build_review(
        entries,
        days,
        snap.tz,
        now=now,
        expect=expectations(store.settings),
        catalog=snap.catalog,
        tag_names={t.id: t.name for t in snap.tags},
        rules=snap.rules,
        running=snap.running,
        time_off=time_off,
    )
    if args.json:
        return dumps_json({**review_payload(review, snap), "by": args.by})
    if args.csv:
        return by_csv(review, args.by, snap).rstrip("\n")
    return by_table(review, args.by, snap)
