"""`punch start`: start a timer (a running one stops at the same second: a switch)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from tui.cli import _timer
from tui.cli.common import EXIT_ERROR, EXIT_NO_MATCH, EXIT_OK, add_command, say
from tui.config import Settings

if TYPE_CHECKING:
    from tui.store import Store


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    start = add_command(
        commands,
        common,
        "start",
        help="start a timer (stops the running one at the same second)",
        summary="Start a timer; a timer already running stops when this one starts.",
        notes=f"{_timer.NAMES}\n\n{_timer.TIMES}",
        examples=(
            "punch start 'Fix login bug' -p 'acme › website' -t design --tag urgent",
            "punch start -p Website --at 9:15",
            "punch start 'Call with Jo' -p Globex --at 'yesterday 17:00'",
        ),
        exit_codes={EXIT_OK: "started", EXIT_ERROR: _timer.REFUSED, EXIT_NO_MATCH: _timer.NO_MATCH},
        json_errors=True,
    )
    start.add_argument("description", nargs="?", default="", help="what you are doing")
    start.add_argument("-p", "--project", metavar="PROJECT", help="project, or 'client › project'")
    start.add_argument("-t", "--task", metavar="TASK", help="task (of --project, if given)")
    start.add_argument(
        "--tag", action="append", default=[], metavar="TAG", help="a tag (repeat for more)"
    )
    billing = start.add_mutually_exclusive_group()
    billing.add_argument(
        "--billable", dest="billable", action="store_true", default=None, help="billable"
    )
    billing.add_argument(
        "--no-billable",
        dest="billable",
        action="store_false",
        help="not billable (default: the project's setting)",
    )
    _timer.add_at(start, "when it started")
    _timer.add_common(start)
    start.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    async def body(store: Store) -> int:
        fields = _timer.entry_fields(
            store,
            description=args.description,
            project=args.project,
            task=args.task,
            tags=args.tag,
            billable=args.billable,
        )
        at = _timer.moment(store, args.at)
        before = store.snapshot.running
        started = await store.start_timer(fields, at=at)
        if started is None:
            raise _timer.refused(store, EXIT_ERROR)
        stopped = None
        if before is not None and before.id != started.id:
            stopped = before.replace(end=started.start)
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
