"""A day named on the command line: one reader for every command that takes a date.

``today``, ``yesterday``, a weekday name (``mon``, ``Tuesday``: the most recent one before
today, as in times like ``mon 9:00``) or ISO ``2026-11-16``. Days are kept inside a range
where a week around them, and the day before and after, are still dates: near year 1 or
year 9999 the calendar itself runs out.
"""

from __future__ import annotations

from datetime import date, timedelta

from tui.domain.weeks import WEEKDAY_NAMES

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(9998, 12, 31)
HINT = "a date like 2026-11-16, today, yesterday or a weekday such as mon"


class DayError(ValueError):
    """The text names no day punch can use; the message says why, in a sentence."""


def _shown(text: str) -> str:
    from tui.domain.safe_text import safe_line

    shown = safe_line(text.strip())
    return shown if len(shown) <= 40 else shown[:39] + "…"


def parse_day(text: str, today: date) -> date:
    """The day ``text`` names, seen on ``today``."""
    word = " ".join(text.strip().lower().split())
    if not word:
        raise DayError(f"give a day: {HINT}")
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    if word.isalpha() and len(word) >= 2:
        for index, name in enumerate(WEEKDAY_NAMES):
            if name.startswith(word):
                back = (today.weekday() - index) % 7 or 7
                return today - timedelta(days=back)
    try:
        day = date.fromisoformat(word)
    except ValueError:
        raise DayError(f"'{_shown(text)}' is not {HINT}") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise DayError(
            f"{day.isoformat()} is outside the days punch keeps "
            f"({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()})"
        )
    return day
