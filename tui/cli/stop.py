"""`punch stop`: stop the running timer."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from tui.cli import _timer
from tui.cli.common import EXIT_ERROR, EXIT_OK, say
from tui.config import Settings

if TYPE_CHECKING:
    from tui.store import Store


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    stop = commands.add_parser(
        "stop",
        parents=[common],
        help="stop the running timer",
        description="Stop the running timer, wherever it was started.",
        epilog=f"{_timer.TIMES}\n\n{_timer.EXIT_CODES}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
