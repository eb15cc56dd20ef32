"""`punch logout`: forget the saved Clockify key and profile."""

from __future__ import annotations

import argparse
import os
from typing import Any

from tui.cli.common import EXIT_OK, fail
from tui.config import Settings


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    logout = commands.add_parser(
        "logout", parents=[common], help="forget the saved Clockify key and profile"
    )
    logout.add_argument("service", nargs="?", default="clockify", choices=["clockify"])
    logout.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from tui.profiles import ProfileError, forget_clockify

    try:
        removed = forget_clockify()
    except ProfileError as err:
        return fail(f"Could not remove the profile: {err}", False)
    if removed:
        print("Forgot " + ", ".join(removed) + ".")
    else:
        print("No Clockify login was saved.")
    if os.environ.get("CLOCKIFY_API_KEY", "").strip():
        print("CLOCKIFY_API_KEY is still set in this environment; unset it to stop using it.")
    return EXIT_OK
