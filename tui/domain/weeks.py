"""Weeks, local days and time zones.

Instants are always aware datetimes in UTC; local dates exist only as ``date`` objects
plus the ``ZoneInfo`` they belong to. A "day" is the span from one local midnight to the
next, so it lasts 23 or 25 hours around DST changes, and a week is seven such days.
Week starts are ints 0..6 with 0 = Monday, matching ``date.weekday()``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

__all__ = [
    "WEEKDAY_NAMES",
    "at_local_time",
    "day_bounds",
    "local_date",
    "parse_week_start",
    "seconds_by_day",
    "shift_week",
    "week_bounds",
    "week_days",
    "week_label",
    "week_start_date",
]

WEEKDAY_NAMES: tuple[str, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)

# Spelled out rather than strftime("%b") so labels do not change with the process locale.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_SECOND = timedelta(seconds=1)


def parse_week_start(value: str | int) -> int:
    """0..6 (0 = Monday) from a config value: an int, a digit, or a weekday name.

    Names may be abbreviated down to two letters ("mo", "Tue", "thurs"): two letters
    already tell all seven days apart.
    """
    # bool is an int subclass; "week_start = true" in a config is a mistake, not Tuesday.
    if isinstance(value, int) and not isinstance(value, bool):
        if 0 <= value <= 6:
            return value
        raise ValueError(f"Week start must be 0-6 (0 = Monday), not {value}")
    if isinstance(value, str):
        text = value.strip().lower()
        if text in {"0", "1", "2", "3", "4", "5", "6"}:
            return int(text)
        if len(text) >= 2:
            for index, name in enumerate(WEEKDAY_NAMES):
                if name.startswith(text):
                    return index
    raise ValueError(
        f"Week start must be a weekday name such as 'monday' or 'sun', "
        f"or 0-6 with 0 = Monday; got {value!r}"
    )


def _check_week_start(week_start: int) -> None:
    if isinstance(week_start, bool) or not 0 <= week_start <= 6:
        raise ValueError(f"Week start must be 0-6 (0 = Monday), not {week_start!r}")


def week_start_date(day: date, week_start: int) -> date:
    """The first day of the week (starting on ``week_start``) that contains ``day``."""
    _check_week_start(week_start)
    return day - timedelta(days=(day.weekday() - week_start) % 7)


def week_days(first: date) -> list[date]:
    """The seven dates of the week beginning on ``first``."""
    return [first + timedelta(days=offset) for offset in range(7)]


def shift_week(first: date, weeks: int) -> date:
    """``first`` moved by a whole number of weeks (negative goes back)."""
    return first + timedelta(weeks=weeks)


def _require_aware(instant: datetime, name: str) -> None:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"{name} must be time-zone aware, got naive {instant.isoformat()}")


def local_date(instant: datetime, tz: ZoneInfo) -> date:
    """The calendar date ``instant`` falls on as seen on a wall clock in ``tz``."""
    _require_aware(instant, "instant")
    return instant.astimezone(tz).date()


def _wall_to_utc(wall: datetime, tz: ZoneInfo, fold: int) -> datetime:
    return wall.replace(tzinfo=tz, fold=fold).astimezone(UTC)


@lru_cache(maxsize=4096)  # a grid asks for the same few midnights for every entry
def _day_start(day: date, tz: ZoneInfo) -> datetime:
    """The first instant whose local date in ``tz`` is ``day`` or later."""
    wall = datetime.combine(day, time())
    # The two folds agree unless midnight sits in a DST change. When midnight is
    # repeated, fold=0 is its first occurrence, which is when the day really begins.
    # When it is skipped, the day begins at the transition itself, which lies between
    # the two readings (fold=1 lands on the previous evening, fold=0 after the jump).
    early, late = sorted((_wall_to_utc(wall, tz, 0), _wall_to_utc(wall, tz, 1)))
    if local_date(early, tz) >= day:
        return early
    # zoneinfo does not expose transition instants, so find it by bisection on whole
    # seconds (transitions fall on whole seconds); the window is at most a few hours,
    # or a day for zones that skipped a whole date.
    low, high = early, late
    while high - low > _SECOND:
        middle = low + ((high - low) // _SECOND // 2) * _SECOND
        if local_date(middle, tz) >= day:
            high = middle
        else:
            low = middle
    return high


def day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """UTC instants of local midnight starting ``day`` and starting the next day.

    The span is 24 h on ordinary days, 23 h or 25 h across DST changes, and can be
    empty for the rare date a zone skipped entirely (Pacific/Apia, 2011-12-30).
    """
    return _day_start(day, tz), _day_start(day + timedelta(days=1), tz)


def week_bounds(first: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """UTC instants bounding the seven local days that begin on ``first``."""
    return _day_start(first, tz), _day_start(first + timedelta(days=7), tz)


def seconds_by_day(start: datetime, end: datetime, tz: ZoneInfo) -> dict[date, int]:
    """Whole seconds of ``[start, end)`` falling on each local day in ``tz``.

    ``start`` and ``end`` are instants and may carry any time zone.

    The values add up to exactly the whole seconds of the span: each day gets the
    difference between whole-second offsets of consecutive midnights, rather than its
    own rounded share, so fractions of a second can never gain or lose a second in the
    sum. Days that get nothing are left out; a span of no whole second gives ``{}``.
    """
    _require_aware(start, "start")
    _require_aware(end, "end")
    # Subtracting two datetimes that share a tzinfo compares wall clocks, not instants,
    # which is an hour off across a DST change; in UTC the arithmetic is real time.
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    total = (end - start) // _SECOND
    if total <= 0:
        return {}

    day = local_date(start, tz)
    # Where a zone turns its clocks back across midnight, an instant can read as the
    # previous date yet belong to the next day's span; step back until the span
    # really starts at or before ``start``.
    while _day_start(day, tz) > start:
        day -= timedelta(days=1)

    result: dict[date, int] = {}
    allocated = 0
    while allocated < total:
        next_start = _day_start(day + timedelta(days=1), tz)
        cut = min(total, max(0, (next_start - start) // _SECOND))
        if cut > allocated:
            result[day] = cut - allocated
            allocated = cut
        day += timedelta(days=1)
    return result


def at_local_time(day: date, t: time, tz: ZoneInfo) -> datetime:
    """The UTC instant at which wall clocks in ``tz`` show ``t`` on ``day``.

    A repeated wall time (clocks going back) gives its first occurrence. A wall time
    skipped by clocks going forward is moved on by the size of the gap, so 02:30 on a
    spring-forward night is read as 03:30: what the person at the clock most likely
    meant, and never an instant from before they asked.
    """
    if t.tzinfo is not None:
        raise ValueError("at_local_time takes a wall-clock time without a time zone")
    # fold=0 gives exactly those two behaviours: the earlier reading of a repeated
    # time, and the pre-transition offset (hence the later instant) inside a gap.
    return _wall_to_utc(datetime.combine(day, t), tz, 0)


def _day_month(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]}"


def week_label(first: date) -> str:
    """A short human label such as ``16 – 22 Nov 2026`` for the week starting ``first``.

    Month and year are written once when both ends share them.
    """
    last = first + timedelta(days=6)
    if first.year != last.year:
        return f"{_day_month(first)} {first.year} – {_day_month(last)} {last.year}"
    if first.month != last.month:
        return f"{_day_month(first)} – {_day_month(last)} {last.year}"
    return f"{first.day} – {_day_month(last)} {last.year}"
