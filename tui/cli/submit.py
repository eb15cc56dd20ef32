"""`punch submit`: send the timesheet period that holds a day for approval, after showing
what is in it (hours per day, the problems the weekly review finds) and asking. On
services with timesheets (ClickTime; Clockify workspaces with approvals); elsewhere it says
there is nothing to submit."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from tui.cli.common import (
    EXIT_OK,
    add_command,
    backend_title,
    fail,
    open_cli_backend,
    say,
    usage_error,
)
from tui.config import Settings

if TYPE_CHECKING:
    from tui.domain.periods import TimesheetPeriod
    from tui.store import Store

EXIT_CODES = {
    0: "submitted (or, with --dry-run, shown)",
    1: "not submitted: the service refused, the timesheet is already submitted or approved, "
    "the answer was no, or this backend has no timesheets",
    2: "a bad command line (the usage is shown), or no terminal to ask in and no --yes",
}


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    submit = add_command(
        commands,
        common,
        "submit",
        help="submit the timesheet for approval",
        summary="Submit the timesheet that holds a day for approval, after showing it and asking.",
        details=(
            "Shows the timesheet period that holds DAY (hours per day and the problems the "
            "weekly review finds), asks, and submits it. The period is the service's own (a "
            "week, two weeks, a month), not always the shown week."
        ),
        examples=(
            "punch submit",
            "punch submit --date 2026-11-16 --comment 'Sick Fri'",
            "punch submit --dry-run          show it, submit nothing",
            "punch submit --yes              no question: for scripts",
        ),
        exit_codes=EXIT_CODES,
    )
    submit.add_argument(
        "--date", metavar="DAY", help="a day of the period: YYYY-MM-DD, today, mon… (default today)"
    )
    submit.add_argument("--comment", metavar="TEXT", help="a note for the approver")
    answer = submit.add_mutually_exclusive_group()
    answer.add_argument("--yes", action="store_true", help="submit without asking")
    answer.add_argument("--dry-run", action="store_true", help="show what would be submitted")
    submit.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from tui.domain.days import DayError, parse_day

    if args.date is not None:
        try:
            parse_day(args.date, date.today())  # checked before anything is opened
        except DayError as err:
            return usage_error(args, f"--date: {err}")
    if not (args.yes or args.dry_run) and not sys.stdin.isatty():
        return usage_error(
            args, "punch submit asks before it submits: add --yes to submit without asking"
        )
    return asyncio.run(_submit(args, settings))


async def _submit(args: argparse.Namespace, settings: Settings) -> int:
    from tui.backends.base import TimesheetPeriods
    from tui.backends.errors import BackendError
    from tui.domain.days import parse_day
    from tui.store import Store

    try:
        backend = await open_cli_backend(args, settings)
    except BackendError as err:
        return fail(str(err), False)
    try:
        title = backend_title(backend.name)
        if not isinstance(backend, TimesheetPeriods):
            return fail(f"{title} has no timesheets to submit for approval", False)
        store = Store(backend, settings, remember_workspace=not args.demo)
        await store.open()
        snap = store.snapshot
        if snap.severity == "error" or snap.workspace is None:
            return fail(snap.message or "No workspace to submit from", False)
        if not snap.capabilities.submit_timesheet:
            return fail(
                f"The {title} workspace {snap.workspace.name} does not use timesheet approval; "
                "there is nothing to submit",
                False,
            )
        day = parse_day(args.date, snap.today) if args.date else snap.today
        try:
            period = await backend.timesheet_period(snap.workspace.id, day)
            if not period.submittable:
                return fail(f"The timesheet of {_span(period)} is already {period.state}", False)
            say(await _preview(store, period))
            if args.dry_run:
                return EXIT_OK
            if not args.yes and not _confirmed(f"Submit the timesheet of {_span(period)}?"):
                return fail("Not submitted", False)
            done = await backend.submit_timesheet(snap.workspace.id, period, args.comment)
        except BackendError as err:
            return fail(str(err), False)
        say(f"Submitted the timesheet of {_span(done)} for approval; it is now {done.state}.")
        return EXIT_OK
    finally:
        await backend.aclose()


async def _preview(store: Store, period: TimesheetPeriod) -> str:
    from tui.domain.review import build_review
    from tui.reports.period_report import by_table
    from tui.store.review import expectations, load_period

    snap = store.snapshot
    entries = await load_period(store, period.start, period.last)
    days = [period.start + timedelta(days=n) for n in range((period.end - period.start).days)]
    review = build_review(
        entries,
        days,
        snap.tz,
        now=store.now(),
        expect=expectations(store.settings),
        catalog=snap.catalog,
        tag_names={t.id: t.name for t in snap.tags},
        rules=snap.rules,
        running=snap.running,
    )
    state = "rejected: fix and submit again" if period.state == "rejected" else period.state
    return f"Timesheet {_span(period)} ({state})\n{by_table(review, 'day', snap)}"


def _span(period: TimesheetPeriod) -> str:
    """The period's days as the command line writes days (the TUI keeps its own label)."""
    from tui.domain.day_text import days_text

    return days_text(period.start, period.last)


def _confirmed(question: str) -> bool:
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")
