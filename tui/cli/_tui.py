"""`punch` with no command: the one part of the command line that imports Textual (through
the app factory), so every other command starts without it."""

from __future__ import annotations

import argparse

from tui.cli.common import EXIT_OK
from tui.config import Settings


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
    return app.return_code or EXIT_OK
