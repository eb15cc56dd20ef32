"""What every subcommand shares: exit codes, error output, opening the store."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from tui.config import Settings, machine_timezone

if TYPE_CHECKING:  # only for types: `punch status` must not import any backend
    from tui.backends.base import Backend

EXIT_OK = 0
EXIT_ERROR = 1  # the backend or the store refused, or the config is broken
EXIT_USAGE = 2  # the command line itself was wrong (argparse exits 2 too)
EXIT_NOT_RUNNING = 3  # stop/continue: no timer is running, or nothing to continue
EXIT_NO_MATCH = 4  # a project, task or tag name matches nothing, or more than one


def fail(message: str, as_json: bool, code: int = EXIT_ERROR) -> int:
    """One clear line on stderr (a JSON object with --json), and the exit code."""
    if as_json:
        print(json.dumps({"error": message}), file=sys.stderr)
    else:
        print(f"punch: {message}", file=sys.stderr)
    return code


def zone(settings: Settings) -> ZoneInfo:
    return ZoneInfo(settings.timezone) if settings.timezone else machine_timezone()


async def open_cli_backend(args: argparse.Namespace, settings: Settings) -> Backend:
    from tui.store.open_backend import open_backend

    # A command prints once and exits: it asks the service, and the replica only offline.
    return await open_backend(settings.backend, demo=args.demo, tz=zone(settings), reads="fallback")
