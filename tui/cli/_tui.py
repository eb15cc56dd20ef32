"""`punch` with no command: the one part of the command line that imports Textual (through
the app factory), so every other command starts without it."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from tui.cli.common import EXIT_OK
from tui.config import Settings

if TYPE_CHECKING:
    from tui.store.snapshot import Snapshot


def run_tui(args: argparse.Namespace, settings: Settings) -> int:
    from tui import locations
    from tui.app_factory import build_app
    from tui.cli.common import fail

    try:
        locations.private_dir(locations.data_dir())  # the store's folder: its owner's only
    except OSError as err:
        return fail(f"Cannot open the data folder: {err.filename}: {err.strerror}", False)
    app = build_app(settings, demo=args.demo, fresh_demo=not getattr(args, "keep_demo", False))
    app.run()
    if (farewell := still_running(app.snapshot)) is not None:
        print(farewell)
    return app.return_code or EXIT_OK


def still_running(snap: Snapshot | None) -> str | None:
    """One line on leaving with a timer running, so quitting never reads as stopping it."""
    if snap is None or snap.running is None:
        return None
    from tui.domain.day_text import moment_text
    from tui.domain.safe_text import safe_line
    from tui.store.timer import describe

    running = snap.running
    since = moment_text(running.start, snap.tz, snap.today)
    what = safe_line(describe(snap, running.fields()))
    return f"timer still running: {what} since {since} (punch stop stops it)"
