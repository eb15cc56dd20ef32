"""An entry's start and end as typed in its dialog: wall-clock times on the entry's day.

An end before the start is a mistake unless it says it is on the next day (``01:00+1d``):
reading it silently as tomorrow turned ``17:00``–``09:00`` typos into 16-hour entries. An
end on the next day is shown the same way, so what the dialog shows can be saved back as it
is."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tui.domain.weeks import at_local_time

NEXT_DAY = "+1d"
_DAY_MARK = re.compile(r"\s*([+-])\s*1\s*d(ay)?\s*$", re.IGNORECASE)


class ClockSpanError(ValueError):
    """A sentence for the dialog's error line."""


def parse_clock(text: str) -> time:
    text = text.strip()
    try:
        if ":" not in text and text.isdigit() and len(text) <= 2:
            return time(int(text))
        return time.fromisoformat(text if len(text) > 4 else text.zfill(5))
    except ValueError:
        shown = text[:20]
        raise ClockSpanError(f"Can't read {shown!r} as a time; use HH:MM, e.g. 09:15") from None


def _on_day(day: date, text: str, tz: ZoneInfo) -> tuple[datetime, time]:
    """``text`` (``HH:MM``, ``HH:MM+1d``, ``HH:MM-1d``) as an instant on or next to ``day``."""
    mark = _DAY_MARK.search(text)
    shift = 0 if mark is None else (1 if mark.group(1) == "+" else -1)
    clock = parse_clock(_DAY_MARK.sub("", text))
    return at_local_time(day + timedelta(days=shift), clock, tz), clock


def read_span(day: date, start_text: str, end_text: str, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """Start and end on ``day``; ``+1d`` marks the next day, ``-1d`` the one before (an
    entry that began before midnight)."""
    start, _ = _on_day(day, start_text, tz)
    end, end_clock = _on_day(day, end_text, tz)
    if end == start:
        raise ClockSpanError("End is the same as Start")
    if end < start:
        raise ClockSpanError(
            f"End is before Start — write {end_clock:%H:%M}{NEXT_DAY} for the next day"
        )
    if end - start > timedelta(hours=24):
        raise ClockSpanError("An entry cannot be longer than 24 hours")
    return start, end


def clock_text(instant: datetime, day: date, tz: ZoneInfo) -> str:
    """``HH:MM`` on ``day``, ``HH:MM+1d`` on the day after, ``HH:MM-1d`` on the day before:
    what :func:`read_span` reads back to the same instant."""
    local = instant.astimezone(tz)
    mark = NEXT_DAY if local.date() > day else "-1d" if local.date() < day else ""
    return f"{local:%H:%M}{mark}"
