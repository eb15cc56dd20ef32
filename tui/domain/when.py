"""Reading a moment the way people say it when they start or stop a timer.

``9:15``, ``9.15``, ``5pm``, ``17:30:10`` (today, on the user's wall clock), ``-10m``,
``10m ago``, ``20 minutes ago``, ``now``, ``yesterday 17:00``, ``today 9:00``, ``mon 9:00``
(the most recent Monday before today), and ISO 8601 (``2026-11-18T09:15``, with or without an
offset; without one it is the user's zone). The answer is a UTC instant on a whole second.
Whether a moment is allowed (not in the future, not before the running timer) is the caller's
rule, not the parser's.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tui.domain.durations import DurationError, parse_duration
from tui.domain.weeks import WEEKDAY_NAMES, at_local_time

__all__ = ["WhenError", "parse_when"]

HINT = "try 9:15, -10m, '20m ago', 'yesterday 17:00' or 2026-11-18T09:15"

_CLOCK = re.compile(
    r"(?P<h>[0-9]{1,2})(?:[:.](?P<m>[0-5][0-9])(?::(?P<s>[0-5][0-9]))?)?\s*(?P<ampm>am|pm)?"
)
_AGO = re.compile(r"(?P<amount>.+?)\s+ago")
_WORDS = {
    "minutes": "m",
    "minute": "m",
    "mins": "m",
    "min": "m",
    "hours": "h",
    "hour": "h",
    "hrs": "h",
    "hr": "h",
}
_MAX_CHARS = 40


class WhenError(ValueError):
    """Text that is not a moment; ``str()`` is a sentence fit to show the user."""


def _shown(text: str) -> str:
    text = text.strip()
    text = text if len(text) <= 24 else text[:23] + "…"
    return "".join(c if c.isprintable() else "?" for c in text)


def _unreadable(text: str) -> WhenError:
    return WhenError(f"Can't read '{_shown(text)}' as a time; {HINT}")


def _floor(instant: datetime) -> datetime:
    return instant.astimezone(UTC).replace(microsecond=0)


def _clock(text: str) -> time | None:
    match = _CLOCK.fullmatch(text)
    if match is None:
        return None
    hour, minute = int(match["h"]), int(match["m"] or 0)
    second = int(match["s"] or 0)
    ampm = match["ampm"]
    if ampm is None and match["m"] is None:
        return None  # a bare "9" is too easily a typo for "-9m"; ask for 9:00 or 9am
    if ampm is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23:
        return None
    return time(hour, minute, second)


def _relative(amount: str, text: str) -> timedelta:
    words = amount
    for word, unit in _WORDS.items():
        words = re.sub(rf"(?<=[0-9\s]){word}\b", unit, words)
    words = words.replace(" ", "")
    if re.fullmatch(r"[0-9]+(?:[.,][0-9]+)?", words):
        raise WhenError(
            f"'{_shown(text)}': say how long ago with a unit, e.g. -{words}m or -{words}h"
        )
    try:
        return timedelta(seconds=parse_duration(words))
    except DurationError:
        raise _unreadable(text) from None


def _day_word(word: str, today: date) -> date | None:
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    if len(word) >= 2:
        for index, name in enumerate(WEEKDAY_NAMES):
            if name.startswith(word):
                back = (today.weekday() - index) % 7 or 7  # the last one before today
                return today - timedelta(days=back)
    return None


def _iso(text: str, tz: ZoneInfo) -> datetime | None:
    if not re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return None
    try:
        parsed = datetime.fromisoformat(text.upper().replace(" ", "T", 1))
    except ValueError:
        return None
    if len(text) <= 10:
        raise WhenError(f"'{_shown(text)}' is a day; add the time, e.g. {text}T09:15")
    if not 1900 <= parsed.year <= 9998:  # near year 1 or 9999 a zone's offset leaves the calendar
        raise WhenError(f"'{_shown(text)}' is too far from today for a time entry")
    if parsed.tzinfo is None:
        return at_local_time(parsed.date(), parsed.time(), tz)
    return parsed


def parse_when(text: str, now: datetime, tz: ZoneInfo) -> datetime:
    """The UTC instant (whole second, rounded down) that ``text`` means, seen at ``now``."""
    if now.tzinfo is None:
        raise ValueError("now must be time-zone aware")
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned:
        raise WhenError(f"Give a time; {HINT}")
    if len(cleaned) > _MAX_CHARS:
        raise _unreadable(text)
    if cleaned == "now":
        return _floor(now)
    if cleaned.startswith("-"):
        return _floor(now - _relative(cleaned[1:].strip(), text))
    if ago := _AGO.fullmatch(cleaned):
        return _floor(now - _relative(ago["amount"], text))
    if (iso := _iso(text.strip(), tz)) is not None:
        return _floor(iso)
    today = now.astimezone(tz).date()
    day, _, rest = cleaned.partition(" ")
    on = _day_word(day, today)
    if on is None:
        on, rest = today, cleaned
    elif not rest:
        raise WhenError(f"'{_shown(text)}': add the time, e.g. '{day} 17:00'")
    wall = _clock(rest)
    if wall is None:
        raise _unreadable(text)
    return _floor(at_local_time(on, wall, tz))
