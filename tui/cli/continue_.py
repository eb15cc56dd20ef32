"""`punch continue [N]`: start again one of the last distinct entries (1 = the latest)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from tui.cli import _timer
from tui.cli.common import EXIT_ERROR, EXIT_NOT_RUNNING, EXIT_OK, add_command, say
from tui.config import Settings

if TYPE_CHECKING:
    from tui.store import Store


def _number(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number from 1 to 10") from None
    if not 1 <= value <= 10:
        raise argparse.ArgumentTypeError(f"{value} is not a number from 1 to 10")
    return value


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    again = add_command(
        commands,
        common,
        "continue",
        help="continue one of the last 10 distinct entries",
        summary="Start a timer again for one of the last 10 distinct entries.",
        details=(
            "The entries of the past four weeks, newest first: description, project, task, "
            "tags and billing; what runs now is left out."
        ),
        notes=_timer.TIMES,
        examples=("punch continue --list", "punch continue", "punch continue 2 --at 13:05"),
        exit_codes={
            EXIT_OK: "started (or listed)",
            EXIT_ERROR: _timer.REFUSED,
            EXIT_NOT_RUNNING: "nothing recent to continue, or fewer entries than N",
        },
        json_errors=True,
    )
    again.add_argument(
        "number", nargs="?", type=_number, default=1, metavar="N", help="1 = the latest (default)"
    )
    again.add_argument("--list", action="store_true", help="list them, numbered; start nothing")
    _timer.add_at(again, "when it started")
    _timer.add_common(again)
    again.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    async def body(store: Store) -> int:
        if args.list:
            return await _list(store, args.json)
        at = _timer.moment(store, args.at)
        before = store.snapshot.running
        started = await store.continue_recent(args.number, at=at)
        if started is None:
            raise _timer.refused(store, EXIT_ERROR)
        stopped = before.replace(end=started.start) if before and before.id != started.id else None
        if args.json:
            _timer.print_json(
                {
                    "started": _timer.entry_json(store, started),
                    "stopped": _timer.entry_json(store, stopped),
                }
            )
        else:
            say(store.snapshot.message)
        return EXIT_OK

    return _timer.run(args, settings, body)


async def _list(store: Store, as_json: bool) -> int:
    from tui.domain.day_text import moment_text
    from tui.domain.timesheet import row_key

    recent = await store.recent_entries()
    if as_json:
        _timer.print_json({"recent": [_timer.entry_json(store, e) for e in recent]})
        return EXIT_OK
    if not recent:
        say("Nothing recent to continue")
    tz, today = store.snapshot.tz, store.snapshot.today
    for number, entry in enumerate(recent, start=1):
        label = store.snapshot.catalog.label(row_key(entry))
        what = f"{entry.description} · {label}" if entry.description else label
        if entry.tag_ids:
            what += f" [{', '.join(store.snapshot.tag_names(entry.tag_ids))}]"
        if entry.billable:
            what += " $"
        say(f"{number:>2}  {what} · {moment_text(entry.start, tz, today)}")
    return EXIT_OK
