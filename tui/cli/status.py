"""`punch status`: the running timer for a shell prompt or a tmux status line.

It reads only the local status file that the app and the other commands keep fresh: no
network, no backend, no Textual, so it can run every few seconds. Keep the imports here to
the standard library and ``tui.store.status_file``.
"""

from __future__ import annotations

import argparse
import re
import string
from datetime import UTC, datetime, time, timedelta
from typing import Any

from tui.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    add_command,
    fail,
    say,
    say_json,
    usage_error,
)
from tui.config import Settings
from tui.domain.day_text import moment_text
from tui.domain.safe_text import safe_text

STALE = timedelta(minutes=10)
DAY_SECONDS = 86400.0
FIELDS = {
    "elapsed": "running time, h:mm:ss",
    "hm": "running time, h:mm",
    "title": "the description, else client › project › task",
    "description": "the description",
    "client": "client name",
    "project": "project name",
    "task": "task name",
    "path": "client › project › task",
    "tags": "tags, comma separated",
    "billable": "$ when billable",
    "start": "start, HH:MM in your zone",
    "today": "time today (finished and running), h:mm",
    "waiting": "changes waiting to be sent to the service (empty when none)",
    "workspace": "workspace name",
    "stale": "? when the state was last confirmed over 10 minutes ago",
}
NOTES = (
    "TEMPLATE fields: "
    + ", ".join(f"{{{name}}}" for name in FIELDS)
    + "; a field may take a width and alignment up to 200, e.g. {title:.30} or {hm:>6}."
    + "\n\nFor tmux: set -g status-right '#(punch status --format \"{hm} {title}\")'"
)


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    status = add_command(
        commands,
        common,
        "status",
        help="the running timer, from local state only (for status lines)",
        summary="Print the running timer as the app and the other punch commands last saw it.",
        details="Reads a local file only: fast enough for a status line.",
        notes=NOTES,
        examples=(
            "punch status",
            "punch status --format '{hm} {title:.30}' --idle 'no timer'",
            "punch status --json",
        ),
        exit_codes={
            EXIT_OK: "done (also when nothing runs)",
            EXIT_ERROR: "the status file cannot be read",
            EXIT_USAGE: "a bad command line or TEMPLATE (the usage is shown)",
        },
        json_errors=True,
    )
    status.add_argument("--json", action="store_true", help="print JSON")
    status.add_argument("--format", metavar="TEMPLATE", help="e.g. '{hm} {title}'")
    status.add_argument(
        "--idle",
        default="",
        metavar="TEXT",
        help="what --format prints when nothing runs (default: nothing)",
    )
    status.set_defaults(run=run)


def _clock(seconds: int) -> str:
    minutes, secs = divmod(max(0, seconds), 60)
    return f"{minutes // 60}:{minutes % 60:02d}:{secs:02d}"


def _hm(seconds: int) -> str:
    minutes = max(0, seconds) // 60
    return f"{minutes // 60}:{minutes % 60:02d}"


def _instant(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    # Near year 1 or 9999 a zone's offset leaves the calendar: no real timer starts there.
    return parsed if parsed.tzinfo and 1900 <= parsed.year <= 9998 else None


def _seconds(value: Any, limit: float) -> float:
    """A number from the file, if it is one and a sane size; else 0."""
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    return float(value) if ok and abs(value) <= limit else 0.0


def _text(value: Any) -> str:
    """A name from the file, safe to print; anything but text is no name."""
    return safe_text(value) if isinstance(value, str) else ""


def _zone(name: Any) -> Any:
    from zoneinfo import ZoneInfo

    try:
        return ZoneInfo(name) if isinstance(name, str) else UTC
    except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
        return UTC


def _server_now(state: dict[str, Any] | None, now: datetime) -> datetime:
    """``now`` on the service's clock, as the last writer measured it."""
    return now + timedelta(seconds=_seconds((state or {}).get("clock_offset"), DAY_SECONDS))


def _view(state: dict[str, Any] | None, now: datetime) -> dict[str, Any]:
    """What the status shows, computed at ``now`` from the last written state."""
    server_now = _server_now(state, now)
    state = state or {}
    tz = _zone(state.get("timezone"))
    today = server_now.astimezone(tz).date()
    finished = state.get("today_finished")
    finished = int(_seconds(finished, DAY_SECONDS)) if state.get("today") == str(today) else 0
    checked = _instant(state.get("checked_at"))
    waiting = state.get("waiting_changes", 0)
    view: dict[str, Any] = {
        "backend": state.get("backend"),
        "workspace": state.get("workspace"),
        "timezone": getattr(tz, "key", "UTC"),
        "checked_at": state.get("checked_at"),
        "stale": checked is None or now - checked > STALE,
        "today": finished,
        "running": None,
        "waiting_changes": waiting if isinstance(waiting, int) else 0,
    }
    running = state.get("running")
    start = _instant(running.get("start")) if isinstance(running, dict) else None
    if isinstance(running, dict) and start is not None:
        elapsed = max(0, int((server_now - start).total_seconds()))
        midnight = datetime.combine(today, time(), tzinfo=tz)
        view["today"] = finished + max(0, int((server_now - max(start, midnight)).total_seconds()))
        view["running"] = {
            key: running.get(key)
            for key in ("description", "client", "project", "task", "tags", "billable", "start")
        } | {"elapsed": elapsed}
    return view


def _fields(view: dict[str, Any]) -> dict[str, str]:
    running = view["running"] or {}
    start = _instant(running.get("start"))
    path = " › ".join(
        p for p in (_text(running.get(k)) for k in ("client", "project", "task")) if p
    )
    tags = running.get("tags")
    return {
        "elapsed": _clock(running.get("elapsed", 0)),
        "hm": _hm(running.get("elapsed", 0)),
        "title": _text(running.get("description")) or path or "(no description)",
        "description": _text(running.get("description")),
        "client": _text(running.get("client")),
        "project": _text(running.get("project")),
        "task": _text(running.get("task")),
        "path": path,
        "tags": ", ".join(_text(t) for t in tags) if isinstance(tags, list) else "",
        "billable": "$" if running.get("billable") else "",
        "waiting": str(view["waiting_changes"]) if view["waiting_changes"] else "",
        "start": start.astimezone(_zone(view["timezone"])).strftime("%H:%M") if start else "",
        "today": _hm(view["today"]),
        "workspace": _text(view["workspace"]),
        "stale": "?" if view["stale"] else "",
    }


# What a field's format spec may say: an optional fill and alignment, a width, a precision
# (for text: how many characters); no nested fields, no number formats.
_SPEC = re.compile(r"(?:[^{}]?[<>^])?(?P<width>[0-9]{0,3})(?:\.(?P<precision>[0-9]{1,3}))?")
_WIDEST = 200


class _Template(string.Formatter):
    def get_field(self, field_name: str, args: Any, kwargs: Any) -> Any:
        """Only a documented field, whole: no ``{hm.__class__}``, no ``{tags[0]}``."""
        if field_name not in FIELDS:
            raise LookupError(field_name)
        return kwargs[field_name], field_name

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion is not None:
            raise ValueError(f"conversions such as !{conversion} are not allowed")
        return value

    def format_field(self, value: Any, format_spec: str) -> Any:
        match = _SPEC.fullmatch(format_spec)
        if match is None:
            raise ValueError(f"{format_spec!r} is not a width like :20, :>8 or :.30")
        for part in ("width", "precision"):
            if int(match[part] or 0) > _WIDEST:
                raise ValueError(f"widths above {_WIDEST} are not allowed")
        return super().format_field(value, format_spec)


def render(template: str, fields: dict[str, str]) -> str:
    """``template`` filled in; raises ValueError naming an unknown field."""
    try:
        return _Template().vformat(template, (), fields)
    except LookupError as err:
        known = ", ".join(f"{{{name}}}" for name in FIELDS)
        raise ValueError(f"--format: unknown field {{{err.args[0]}}}; fields: {known}") from None
    except (ValueError, AttributeError, IndexError) as err:
        raise ValueError(f"--format: {err}") from None


def _line(view: dict[str, Any], server_now: datetime) -> str:
    fields = _fields(view)
    today = f" · today {fields['today']}" if view["today"] else ""
    if waiting := view["waiting_changes"]:
        today += f" · {waiting} change{'' if waiting == 1 else 's'} waiting"
    if view["running"] is None:
        return f"No timer running{today}"
    parts = [fields["elapsed"], fields["description"] or "(no description)"]
    if fields["path"]:
        parts.append(fields["path"])
    if fields["tags"]:
        parts.append(f"[{fields['tags']}]")
    if fields["billable"]:
        parts.append("$")
    stale = " (not checked for a while)" if view["stale"] else ""
    start = _instant((view["running"] or {}).get("start"))
    # A timer left running from an earlier day says which: "since 17:00 yesterday (…)".
    tz = _zone(view["timezone"])
    since = moment_text(start, tz, server_now.astimezone(tz).date()) if start else ""
    return " · ".join(parts) + f" · since {since}{today}{stale}"


def run(args: argparse.Namespace, settings: Settings) -> int:
    from tui.store.status_file import StatusFileError, read_status, status_path

    try:
        state = read_status(status_path(args.demo))
    except StatusFileError as err:
        return fail(str(err), args.json)
    now = datetime.now(UTC)
    view = _view(state, now)
    text = ""
    if args.format is not None:
        try:
            text = render(args.format, _fields(view))  # checked even while nothing runs
        except ValueError as err:
            return usage_error(args, str(err))
    if args.json:
        say_json(view)
        return EXIT_OK
    if args.format is None:
        say(_line(view, _server_now(state, now)))
        return EXIT_OK
    say(text if view["running"] else args.idle)
    return EXIT_OK
