"""Rows another program may have written into the store: read defensively.

punch only writes what it has validated, but the file is the user's: a script, a sync tool
or a hand edit can leave text where a time belongs, an end before a start, NULLs, a week
start of 9 or an unknown time zone. Such a row is never allowed to break a read: a value
that can be shown safely is (a NULL description is empty, a fractional second is cut), and
a row that cannot be is left out and reported on the ``notices`` logger, which the CLI
prints on stderr and the TUI says on its status line.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from tui.backends.errors import notices
from tui.backends.local import schema
from tui.domain.models import DEFAULT_PROJECT_COLOR, TimeEntry, User

# The days every command can show (1900-01-01 to 9998-12-31), so a week around any stored
# instant can still be reckoned in any time zone.
EARLIEST = -2208988800
LATEST = 253370764799
_COLOR_CHARS = frozenset("0123456789abcdefABCDEF")

NO_START = "a start that is not a time"
UNREADABLE_STARTS = (
    "typeof(start_at) NOT IN ('integer', 'real') OR start_at < ? OR start_at > ?",
    (EARLIEST, LATEST),
)


def instant(value: object) -> datetime | None:
    """A stored instant, or None when it is not one (text, NULL, NaN, out of range)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        value = math.floor(value)  # whole seconds, as punch writes them
    if not EARLIEST <= value <= LATEST:
        return None
    return schema.from_epoch(int(value))


def text(value: object, default: str = "") -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return default if value is None else str(value)


def optional_id(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def entry(row: sqlite3.Row, tag_ids: Sequence[str]) -> TimeEntry | str:
    """The entry a row holds, or why it cannot be shown."""
    entry_id, workspace_id = row["id"], row["workspace_id"]
    if not isinstance(entry_id, str) or not isinstance(workspace_id, str):
        return "no id"
    start = instant(row["start_at"])
    if start is None:
        return NO_START
    end = None
    if row["end_at"] is not None:
        end = instant(row["end_at"])
        if end is None:
            return "an end that is not a time"
        if end < start:
            return "an end before its start"
    billable = row["billable"]
    return TimeEntry(
        id=entry_id,
        workspace_id=workspace_id,
        start=start,
        end=end,
        description=text(row["description"]),
        project_id=optional_id(row["project_id"]),
        task_id=optional_id(row["task_id"]),
        tag_ids=tuple(t for t in tag_ids if isinstance(t, str)),
        billable=isinstance(billable, int | float) and bool(billable),
    )


def report(count: int, why: str) -> None:
    """Entries of the week just read that were left out."""
    if count:
        many = count != 1
        notices.warning(
            f"{count} time entr{'ies' if many else 'y'} of this week cannot be shown ({why}) "
            f"and {'are' if many else 'is'} left out."
        )


def report_unreadable(count: int) -> None:
    """Entries no week can show."""
    if count:
        many = count != 1
        notices.warning(
            f"{count} time entr{'ies' if many else 'y'} in the data file "
            f"{'have' if many else 'has'} a start that is not a time and "
            f"{'are' if many else 'is'} never shown."
        )


def user(row: sqlite3.Row) -> User:
    """The person row, with a week start or a time zone that cannot be used dropped (the
    settings' own are used instead) and said."""
    week_start = row["week_start"]
    if week_start is not None and not (
        isinstance(week_start, int) and not isinstance(week_start, bool) and 0 <= week_start <= 6
    ):
        notices.warning(
            f"The data file's week start {text(week_start)[:20]!r} is not a day (0 = Monday to "
            "6); the configured week start is used."
        )
        week_start = None
    zone = row["timezone"]
    if zone is not None and not _is_zone(zone):
        notices.warning(
            f"The data file's time zone {text(zone)[:40]!r} is unknown; this machine's is used."
        )
        zone = None
    return User(
        id=text(row["id"], "me"),
        name=text(row["name"]) or "me",
        email=row["email"] if isinstance(row["email"], str) else None,
        timezone=zone,
        week_start=week_start,
    )


def _is_zone(value: object) -> bool:
    if not isinstance(value, str) or not value or len(value) > 64:
        return False
    try:
        ZoneInfo(value)
    except (ValueError, OSError, KeyError):  # ZoneInfoNotFoundError is a KeyError
        return False
    return True


def catalog_values(table: str, data: dict[str, object]) -> dict[str, object] | None:
    """A catalog row's values made safe, or None when it has no id to be known by."""
    if not isinstance(data.get("id"), str) or not data["id"]:
        return None
    data["name"] = text(data.get("name")) or "(no name)"
    for key in ("workspace_id", "project_id"):
        if key in data and not isinstance(data[key], str):
            return None
    if "client_id" in data:
        data["client_id"] = optional_id(data["client_id"])
    if table == "project":
        color = data.get("color")
        sound = isinstance(color, str) and len(color) == 7 and color[0] == "#"
        if not (sound and set(color[1:]) <= _COLOR_CHARS):  # type: ignore[index]
            data["color"] = DEFAULT_PROJECT_COLOR
    return data
