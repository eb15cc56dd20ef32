"""`punch` with no command: the one part of the command line that imports Textual (through
the app factory), so every other command starts without it."""

from __future__ import annotations

import argparse

from tui.cli.common import EXIT_OK
from tui.config import Settings


def run_tui(args: argparse.Namespace, settings: Settings) -> int:
    from tui.app_factory import build_app

    app = build_app(settings, demo=args.demo)
    app.run()
    return app.return_code or EXIT_OK
