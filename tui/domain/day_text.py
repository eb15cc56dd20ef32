"""How the command line and its reports write a day and a moment: one rule, one place.

A day is ``Tue 01 Dec 2026``: weekday, two-digit day, month and year, spelled out here
rather than through ``strftime`` so the words do not change with the process locale, and the
day is padded so that a column of days lines up. A run of days is ``Mon 30 Nov 2026 – Sun 06
Dec 2026``. A moment is its wall-clock time, and its day when that is not today:
``17:00``, ``17:00 yesterday (Tue 01 Dec 2026)``, ``09:00 on Mon 30 Nov 2026``.

Machine formats (JSON, CSV, file names) keep ISO dates; the TUI's screens have their own
compact labels. Standard library only: `punch status` uses it on every status-line tick.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

__all__ = ["day_text", "days_text", "moment_text", "weekday_day"]

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def weekday_day(day: date) -> str:
    """``Tue 01``: the head of a day's column, under a line that names the whole week."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day:02d}"


def day_text(day: date) -> str:
    """``Tue 01 Dec 2026``."""
    return f"{weekday_day(day)} {_MONTHS[day.month - 1]} {day.year}"


def days_text(first: date, last: date) -> str:
    """``Mon 30 Nov 2026 – Sun 06 Dec 2026``; one day alone is written once."""
    if first == last:
        return day_text(first)
    return f"{day_text(first)} – {day_text(last)}"


def moment_text(instant: datetime, tz: tzinfo, today: date) -> str:
    """``instant``'s wall-clock time in ``tz``, with its day unless that is ``today``."""
    local = instant.astimezone(tz)
    clock = f"{local:%H:%M}"
    shift = (local.date() - today).days
    if shift == 0:
        return clock
    if shift == -1:
        return f"{clock} yesterday ({day_text(local.date())})"
    if shift == 1:
        return f"{clock} tomorrow ({day_text(local.date())})"
    return f"{clock} on {day_text(local.date())}"
