"""Reading and writing durations the way people type them into a timesheet cell.

Everything here works in whole seconds. Parsing never goes through ``float``: exact
fractions keep ``1.1`` from turning into 3959.999… seconds and make NaN, infinity and
exponent notation impossible to smuggle in.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from fractions import Fraction

__all__ = [
    "MAX_DAY_SECONDS",
    "MAX_DURATION_SECONDS",
    "UNDER_A_MINUTE",
    "DurationError",
    "apply_cell_input",
    "entry_length",
    "format_clock",
    "format_duration",
    "format_hours",
    "parse_duration",
    "shown_minutes",
    "shown_sum",
]

MAX_DAY_SECONDS = 24 * 3600

# Far beyond any real entry or weekly target, yet small enough that a typo such as
# "1e300" or forty nines is refused with a sentence instead of becoming a silly total.
MAX_DURATION_SECONDS = 1000 * 3600

# Nothing legitimate is this long; refusing early bounds the work the regexes and int
# conversions do (and keeps clear of int()'s digit limit) whatever gets pasted in.
_MAX_INPUT_CHARS = 40

_HINT = "try 1:30, 1.5, 90m or 1h30m"

# [0-9] rather than \d: \d also matches digits from other scripts, which int() would then
# happily accept, so "١:٣٠" would parse while looking like nothing the hint suggests.
_NUMBER = r"(?:[0-9]+(?:[.,][0-9]+)?|[.,][0-9]+)"
_CLOCK = re.compile(r"(?P<h>[0-9]+):(?P<m>[0-5][0-9])")
_DECIMAL = re.compile(_NUMBER)
_UNITS = re.compile(
    rf"(?:(?P<h>{_NUMBER})\s*(?:h|hr|hrs|hour|hours))?"
    r"\s*"
    rf"(?:(?P<m>{_NUMBER})\s*(?P<unit>m|min|mins|minute|minutes)?)?"
)


class DurationError(ValueError):
    """Input that is not a usable duration; ``str()`` is a sentence fit to show the user."""


def _shown(text: str) -> str:
    """The user's text as it may appear inside an error message: short and printable."""
    text = text.strip()
    if len(text) > 20:
        text = text[:19] + "…"
    return "".join(c if c.isprintable() else "?" for c in text)


def _unreadable(text: str) -> DurationError:
    return DurationError(f"Can't read '{_shown(text)}' as a duration; {_HINT}")


def _fraction(number: str) -> Fraction:
    # Both separators are accepted because half the world writes 1,5 for one and a half.
    return Fraction(number.replace(",", "."))


def _round_seconds(value: Fraction) -> int:
    # Half up, not Python's round-half-even, so the same text always gives the same
    # second no matter whether the whole part happens to be odd or even.
    return math.floor(value + Fraction(1, 2))


def parse_duration(text: str) -> int:
    """Whole seconds (>= 0) for what a user typed.

    Accepts ``1:30`` (h:mm), ``1.5`` / ``1,5`` (decimal hours), ``2`` (a bare number means
    hours), and unit forms such as ``1h30m``, ``1h 30m``, ``1h30``, ``1.5h``, ``45m`` or
    ``90m``, in any letter case with surrounding whitespace. Raises
    :class:`DurationError`, and only that, for anything else.
    """
    cleaned = text.strip().lower()
    if not cleaned:
        raise DurationError(f"Type a duration; {_HINT}")
    if len(cleaned) > _MAX_INPUT_CHARS:
        raise _unreadable(text)

    value: Fraction
    if clock := _CLOCK.fullmatch(cleaned):
        value = int(clock["h"]) * 3600 + Fraction(int(clock["m"]) * 60)
    elif _DECIMAL.fullmatch(cleaned):
        value = _fraction(cleaned) * 3600
    elif (units := _UNITS.fullmatch(cleaned)) and (units["h"] or units["unit"]):
        # "1h30" is common shorthand, so minutes may drop their unit after hours; a lone
        # unitless number never gets here because the decimal form took it as hours.
        value = Fraction(0)
        if units["h"]:
            value += _fraction(units["h"]) * 3600
        if units["m"]:
            value += _fraction(units["m"]) * 60
    else:
        raise _unreadable(text)

    seconds = _round_seconds(value)
    if seconds > MAX_DURATION_SECONDS:
        raise DurationError(f"'{_shown(text)}' is longer than {MAX_DURATION_SECONDS // 3600} hours")
    return seconds


def read_cell_input(text: str) -> tuple[int, int]:
    """What ``text`` typed into a cell asks for, as ``(sign, seconds)``: sign 0 replaces the
    cell's total with ``seconds``; +1 or -1 adds or takes off ``seconds`` (``+15m``,
    ``- 0:30``). Kept apart from the cell's value so that a relative edit can be reckoned on
    what the cell holds when it is saved, not on what the screen showed when it was typed."""
    cleaned = text.strip()
    if not cleaned:
        raise DurationError(f"Type a duration; {_HINT}")
    sign = cleaned[0]
    if sign in "+-":
        amount = cleaned[1:].strip()
        if not amount:
            raise DurationError(
                f"Type how much to {'add' if sign == '+' else 'take off'}; "
                f"e.g. {sign}15m or {sign}0:30"
            )
        return (1 if sign == "+" else -1), parse_duration(amount)
    seconds = parse_duration(cleaned)
    check_cell_total(seconds)
    return 0, seconds


def check_cell_total(seconds: int) -> int:
    """``seconds`` if a cell may hold it; a DurationError saying why not otherwise."""
    if seconds < 0:
        raise DurationError("That would make the cell negative")
    if seconds > MAX_DAY_SECONDS:
        raise DurationError("A day has only 24 hours")
    return seconds


def apply_cell_input(text: str, current: int) -> int:
    """The new total for a cell holding ``current`` seconds after the user typed ``text``.

    A leading ``+`` or ``-`` adjusts the current total (``+15m``, ``- 0:30``); anything
    else replaces it. The result must stay within one day.
    """
    sign, seconds = read_cell_input(text)
    return check_cell_total(current + sign * seconds if sign else seconds)


UNDER_A_MINUTE = "<1m"
"""How time that rounds to no minute at all (1 to 29 seconds) is shown: never as 0:00."""


def shown_minutes(seconds: int) -> int:
    """The whole minutes a duration is shown as: the nearest, halves up (90 s is 2 min,
    89 s is 1), on the magnitude, so -90 s reads like +90 s with a minus sign.

    The one rounding rule for every figure on screen; see docs/review.md."""
    minutes = (abs(seconds) + 30) // 60
    return -minutes if seconds < 0 else minutes


def shown_sum(parts: Iterable[int]) -> int:
    """A total as it is shown: the sum of its parts as each is shown (whole minutes), so
    it adds up by eye. Parts are durations (>= 0) or totals made by this function.

    Parts that are all under half a minute make a total that is too (shown ``<1m``)."""
    parts = list(parts)
    minutes = sum(shown_minutes(p) for p in parts)
    if minutes == 0 and any(parts):
        return min(sum(parts), 29)
    return minutes * 60


def _split_minutes(seconds: int) -> tuple[str, int, int]:
    hours, minutes = divmod(abs(shown_minutes(seconds)), 60)
    sign = "-" if seconds < 0 and (hours or minutes) else ""
    return sign, hours, minutes


def format_duration(seconds: int) -> str:
    """``h:mm`` rounded to the nearest minute (:func:`shown_minutes`), e.g. ``5400`` ->
    ``"1:30"``; negative gets a ``-``; 1 to 29 seconds read ``<1m``, never ``0:00``."""
    sign, hours, minutes = _split_minutes(seconds)
    if not (hours or minutes) and seconds:
        return UNDER_A_MINUTE
    return f"{sign}{hours}:{minutes:02d}"


def entry_length(seconds: int) -> str:
    """One entry's length in a list of entries: ``h:mm``, or ``0:00:40`` under a minute, so a
    short entry reads as what it is."""
    return format_clock(seconds) if 0 < seconds < 60 else format_duration(seconds)


def format_clock(seconds: int) -> str:
    """``h:mm:ss`` for a running timer, e.g. ``3723`` -> ``"1:02:03"``."""
    sign = "-" if seconds < 0 else ""
    minutes, secs = divmod(abs(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{sign}{hours}:{minutes:02d}:{secs:02d}"


def format_hours(seconds: int) -> str:
    """Compact text such as ``"1h 30m"``, ``"45m"``, ``"8h"`` or ``"0m"``."""
    sign, hours, minutes = _split_minutes(seconds)
    if hours and minutes:
        return f"{sign}{hours}h {minutes}m"
    if hours:
        return f"{sign}{hours}h"
    if not minutes and seconds:
        return UNDER_A_MINUTE
    return f"{sign}{minutes}m"
