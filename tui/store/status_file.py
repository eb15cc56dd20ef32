"""The small local file `punch status` reads: the running timer as the store last knew it.

The app and every other command write it (atomically: a temporary file, then a rename) when
the running entry, its names or today's total change, and after each successful check with
the backend. `punch status` only reads it, so a status line costs no network, no backend and
no Textual. Imports here stay at the standard library: `punch status` imports this module.

Format (JSON, ``version`` 1)::

    {"version": 1, "backend": "local", "workspace": "Personal", "timezone": "Europe/Berlin",
     "checked_at": "2026-11-18T09:30:00Z",   # last time the backend confirmed this state
     "clock_offset": 0.0,                     # server clock minus this machine's, seconds
     "today": "2026-11-18", "today_finished": 12600,   # finished seconds today, or null
     "running": null | {"id", "description", "client", "project", "task",
                        "tags": [...], "billable": bool, "start": "…Z"},
     "waiting_changes": 0}                     # journaled changes not yet on the service

Nothing secret goes in: no keys, no URLs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tui import locations

VERSION = 1


def status_path(demo: bool = False) -> Path:
    """The demo keeps its own file, so `punch --demo` never shows in the real status line."""
    return locations.data_dir() / ("status-demo.json" if demo else "status.json")


def write_status(path: Path, state: dict[str, Any]) -> None:
    """Replace the file whole (0600: it says what you work on): a reader sees the old state
    or the new one, never half."""
    locations.write_private(path, json.dumps({"version": VERSION, **state}, ensure_ascii=False))


def _no_constant(name: str) -> Any:
    """NaN and Infinity are not JSON; punch never writes them, so the file is damaged."""
    raise ValueError(name)


class StatusFileError(Exception):
    """The file exists but cannot be used; the message names it."""


def read_status(path: Path) -> dict[str, Any] | None:
    """The last written state, or None when nothing has written one yet."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return None
    except OSError as err:
        raise StatusFileError(f"{path}: {err.strerror or err}") from None
    except UnicodeDecodeError:  # a ValueError: damaged, or not ours
        raise StatusFileError(f"{path} is not text; the next punch command rewrites it") from None
    try:
        state = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):  # RecursionError: nested thousands deep
        raise StatusFileError(
            f"{path} is not valid JSON; the next punch command rewrites it"
        ) from None
    if not isinstance(state, dict) or state.get("version") != VERSION:
        raise StatusFileError(f"{path} was written by another version of punch")
    return state
