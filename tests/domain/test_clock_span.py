"""Start and end typed into an entry's dialog: an end before the start is refused unless it
is marked as the next day, and what the dialog shows reads back to the same instants."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tests.frozen_time import BERLIN
from tui.domain.clock_span import ClockSpanError, clock_text, read_span

DAY = date(2026, 11, 18)


def berlin(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime.combine(day, time(hour, minute), BERLIN).astimezone(UTC)


def test_a_span_within_the_day() -> None:
    assert read_span(DAY, "9:15", "10:30", BERLIN) == (berlin(9, 15), berlin(10, 30))


def test_an_end_before_the_start_is_refused_with_the_way_to_say_next_day() -> None:
    with pytest.raises(ClockSpanError) as refused:
        read_span(DAY, "17:00", "09:00", BERLIN)
    assert str(refused.value) == "End is before Start — write 09:00+1d for the next day"


@pytest.mark.parametrize("end", ["01:00+1d", "01:00 +1d", "1:00+1D", "01:00+1day"])
def test_an_end_marked_as_the_next_day_crosses_midnight(end: str) -> None:
    start, stop = read_span(DAY, "23:00", end, BERLIN)
    assert (start, stop) == (berlin(23), berlin(1, day=DAY + timedelta(days=1)))


def test_equal_start_and_end_and_more_than_a_day_are_refused() -> None:
    with pytest.raises(ClockSpanError, match="same as Start"):
        read_span(DAY, "09:00", "9:00", BERLIN)
    with pytest.raises(ClockSpanError, match="longer than 24 hours"):
        read_span(DAY, "09:00", "10:00+1d", BERLIN)
    with pytest.raises(ClockSpanError, match="Can't read"):
        read_span(DAY, "nine", "10:00", BERLIN)


@given(st.integers(-23 * 60, 47 * 60), st.integers(1, 24 * 60))
def test_what_the_dialog_shows_reads_back_to_the_same_entry(start_min: int, length: int) -> None:
    midnight = datetime.combine(DAY, time(0), BERLIN).astimezone(UTC)
    start = midnight + timedelta(minutes=start_min)
    end = start + timedelta(minutes=length)
    # The dialog only edits entries that touch its day.
    assume(start.astimezone(BERLIN).date() in (DAY - timedelta(days=1), DAY))
    assume(end.astimezone(BERLIN).date() <= DAY + timedelta(days=1))
    shown = (clock_text(start, DAY, BERLIN), clock_text(end, DAY, BERLIN))
    assert read_span(DAY, *shown, BERLIN) == (start, end)
