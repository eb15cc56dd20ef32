"""`punch stop`: stop the running timer."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from tui.cli import _timer
from tui.cli.common import EXIT_ERROR, EXIT_NOT_RUNNING, EXIT_OK, add_command, say
from tui.config import Settings

if TYPE_CHECKING:
    from tui.store import Store


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    stop = add_command(
        commands,
        common,
        "stop",
        help="stop the running timer",
        summary="Stop the running timer, wherever it was started.",
        notes=_timer.TIMES,
        examples=("punch stop", "punch stop --at -10m", "punch stop --at 'yesterday 17:30'"),
        exit_codes={
            EXIT_OK: "stopped",
            EXIT_ERROR: _timer.REFUSED,
            EXIT_NOT_RUNNING: _timer.NOTHING_RUNS,
        },
        json_errors=True,
    )
    _timer.add_at(stop, "when it stopped")
    _timer.add_common(stop)
    stop.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    async def body(store: Store) -> int:
        at = _timer.moment(store, args.at)
        stopped = await store.stop_timer(at=at)
        if stopped is None:
            raise _timer.refused(store, EXIT_ERROR)
        if args.json:
            _timer.print_json({"stopped": _timer.entry_json(store, stopped)})
        else:
            say(store.snapshot.message)
        return EXIT_OK

    return _timer.run(args, settings, body)
