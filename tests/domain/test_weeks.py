"""Week and time-zone maths, with DST changes on both hemispheres."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.domain.weeks import (
    WEEKDAY_NAMES,
    at_local_time,
    day_bounds,
    local_date,
    parse_week_start,
    seconds_by_day,
    shift_week,
    week_bounds,
    week_days,
    week_label,
    week_start_date,
)

HOUR = 3600
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
SYDNEY = ZoneInfo("Australia/Sydney")
UTC_ZONE = ZoneInfo("UTC")

DST_ZONES = [BERLIN, NEW_YORK, SYDNEY]

# Each zone's 2026 changes as (date, hours that day lasts).
DST_DAYS = [
    (BERLIN, date(2026, 3, 29), 23),
    (BERLIN, date(2026, 10, 25), 25),
    (NEW_YORK, date(2026, 3, 8), 23),
    (NEW_YORK, date(2026, 11, 1), 25),
    (SYDNEY, date(2026, 4, 5), 25),
    (SYDNEY, date(2026, 10, 4), 23),
]


def hours(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / HOUR


def local(
    tz: ZoneInfo, year: int, month: int, day: int, hour: int = 0, minute: int = 0, fold: int = 0
) -> datetime:
    """An aware instant given as wall-clock fields in ``tz``."""
    return datetime(year, month, day, hour, minute, tzinfo=tz, fold=fold)


# -- week starts --------------------------------------------------------------------------


def test_weekday_names() -> None:
    assert WEEKDAY_NAMES[0] == "monday"
    assert WEEKDAY_NAMES[6] == "sunday"
    assert len(WEEKDAY_NAMES) == 7


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("monday", 0),
        ("Mon", 0),
        ("mo", 0),
        ("MO", 0),
        (" Monday ", 0),
        ("tue", 1),
        ("tues", 1),
        ("we", 2),
        ("thurs", 3),
        ("th", 3),
        ("fri", 4),
        ("sa", 5),
        ("SUNDAY", 6),
        ("su", 6),
        (0, 0),
        (6, 6),
        ("0", 0),
        ("6", 6),
    ],
)
def test_parse_week_start_accepts(value: str | int, expected: int) -> None:
    assert parse_week_start(value) == expected


@pytest.mark.parametrize(
    "value", ["", "m", "s", "t", "mondays", "monday!", "7", "-1", "funday", "1.0", 7, -1, True]
)
def test_parse_week_start_refuses(value: str | int) -> None:
    with pytest.raises(ValueError, match="Week start must be"):
        parse_week_start(value)


@pytest.mark.parametrize("week_start", range(7))
def test_week_start_date_examples(week_start: int) -> None:
    # 2026-11-18 is a Wednesday (weekday 2).
    day = date(2026, 11, 18)
    first = week_start_date(day, week_start)
    assert first.weekday() == week_start
    assert 0 <= (day - first).days <= 6


def test_week_start_date_on_the_start_day_itself() -> None:
    assert week_start_date(date(2026, 11, 16), 0) == date(2026, 11, 16)
    assert week_start_date(date(2026, 11, 22), 6) == date(2026, 11, 22)
    assert week_start_date(date(2026, 11, 21), 6) == date(2026, 11, 15)


@pytest.mark.parametrize("week_start", [-1, 7, True])
def test_week_start_date_refuses_bad_week_start(week_start: int) -> None:
    with pytest.raises(ValueError, match="Week start must be 0-6"):
        week_start_date(date(2026, 1, 1), week_start)


@given(st.dates(min_value=date(1, 1, 8)), st.integers(0, 6))
def test_week_start_date_property(day: date, week_start: int) -> None:
    first = week_start_date(day, week_start)
    assert first <= day
    assert (day - first).days <= 6
    assert first.weekday() == week_start
    assert day in week_days(first)


def test_week_days() -> None:
    days = week_days(date(2026, 12, 28))
    assert days[0] == date(2026, 12, 28)
    assert days[-1] == date(2027, 1, 3)
    assert len(days) == 7
    assert all(b - a == timedelta(days=1) for a, b in pairwise(days))


def test_shift_week() -> None:
    assert shift_week(date(2026, 11, 16), 1) == date(2026, 11, 23)
    assert shift_week(date(2026, 11, 16), -3) == date(2026, 10, 26)
    assert shift_week(date(2026, 11, 16), 0) == date(2026, 11, 16)


@pytest.mark.parametrize(
    ("first", "label"),
    [
        (date(2026, 11, 16), "16 – 22 Nov 2026"),
        (date(2026, 11, 30), "30 Nov – 6 Dec 2026"),
        (date(2026, 12, 28), "28 Dec 2026 – 3 Jan 2027"),
        (date(2026, 2, 1), "1 – 7 Feb 2026"),
    ],
)
def test_week_label(first: date, label: str) -> None:
    assert week_label(first) == label


# -- days, weeks and DST ------------------------------------------------------------------


@pytest.mark.parametrize(("tz", "day", "length"), DST_DAYS)
def test_day_bounds_across_dst(tz: ZoneInfo, day: date, length: int) -> None:
    start, end = day_bounds(day, tz)
    assert hours(start, end) == length
    assert start.tzinfo is UTC
    assert end.tzinfo is UTC
    assert start.astimezone(tz).replace(tzinfo=None) == datetime.combine(day, time())
    assert end.astimezone(tz).replace(tzinfo=None) == datetime.combine(
        day + timedelta(days=1), time()
    )


@pytest.mark.parametrize("tz", DST_ZONES)
def test_ordinary_day_lasts_24_hours(tz: ZoneInfo) -> None:
    start, end = day_bounds(date(2026, 6, 15), tz)
    assert hours(start, end) == 24


@pytest.mark.parametrize(("tz", "day", "length"), DST_DAYS)
@pytest.mark.parametrize("week_start", [0, 6])
def test_week_bounds_across_dst(tz: ZoneInfo, day: date, length: int, week_start: int) -> None:
    first = week_start_date(day, week_start)
    start, end = week_bounds(first, tz)
    assert hours(start, end) == 168 + (length - 24)
    assert (start, end) == (day_bounds(first, tz)[0], day_bounds(first + timedelta(6), tz)[1])


def test_week_bounds_in_utc_are_plain() -> None:
    start, end = week_bounds(date(2026, 11, 16), UTC_ZONE)
    assert start == datetime(2026, 11, 16, tzinfo=UTC)
    assert end == datetime(2026, 11, 23, tzinfo=UTC)


def test_midnight_skipped_by_dst_starts_the_day_at_the_jump() -> None:
    # Cuba springs forward at midnight: 2026-03-08 begins at 01:00 local.
    havana = ZoneInfo("America/Havana")
    start, end = day_bounds(date(2026, 3, 8), havana)
    assert start.astimezone(havana) == local(havana, 2026, 3, 8, 1)
    assert hours(start, end) == 23
    assert day_bounds(date(2026, 3, 7), havana)[1] == start


def test_midnight_repeated_by_dst_starts_the_day_at_its_first_occurrence() -> None:
    # Cuba falls back from 01:00 to 00:00, so 2026-11-01 sees midnight twice.
    havana = ZoneInfo("America/Havana")
    start, end = day_bounds(date(2026, 11, 1), havana)
    assert start == local(havana, 2026, 11, 1, 0, fold=0).astimezone(UTC)
    assert hours(start, end) == 25


def test_a_date_the_zone_skipped_is_an_empty_day() -> None:
    # Samoa crossed the date line: 2011-12-29 was followed directly by 2011-12-31.
    apia = ZoneInfo("Pacific/Apia")
    start, end = day_bounds(date(2011, 12, 30), apia)
    assert start == end
    assert hours(*day_bounds(date(2011, 12, 29), apia)) == 24
    entry = seconds_by_day(local(apia, 2011, 12, 29, 23), local(apia, 2011, 12, 31, 1), apia)
    assert entry == {date(2011, 12, 29): HOUR, date(2011, 12, 31): HOUR}


# -- local dates and wall-clock times -----------------------------------------------------


def test_local_date() -> None:
    instant = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)
    assert local_date(instant, BERLIN) == date(2026, 11, 21)
    assert local_date(instant, NEW_YORK) == date(2026, 11, 20)
    assert local_date(instant, SYDNEY) == date(2026, 11, 21)


def test_local_date_refuses_naive() -> None:
    with pytest.raises(ValueError, match="aware"):
        local_date(datetime(2026, 11, 20, 12), BERLIN)


def test_at_local_time_ordinary() -> None:
    instant = at_local_time(date(2026, 11, 20), time(9, 15), BERLIN)
    assert instant == datetime(2026, 11, 20, 8, 15, tzinfo=UTC)
    assert instant.tzinfo is UTC


@pytest.mark.parametrize(
    ("tz", "day", "wall", "expected_utc"),
    [
        # Spring forward: 02:30 does not exist and is read as 03:30 summer time.
        (BERLIN, date(2026, 3, 29), time(2, 30), datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),
        (NEW_YORK, date(2026, 3, 8), time(2, 30), datetime(2026, 3, 8, 7, 30, tzinfo=UTC)),
        (SYDNEY, date(2026, 10, 4), time(2, 30), datetime(2026, 10, 3, 16, 30, tzinfo=UTC)),
        # Fall back: 02:30 (01:30 in New York) happens twice; the first one is meant.
        (BERLIN, date(2026, 10, 25), time(2, 30), datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
        (NEW_YORK, date(2026, 11, 1), time(1, 30), datetime(2026, 11, 1, 5, 30, tzinfo=UTC)),
        (SYDNEY, date(2026, 4, 5), time(2, 30), datetime(2026, 4, 4, 15, 30, tzinfo=UTC)),
    ],
)
def test_at_local_time_across_dst(
    tz: ZoneInfo, day: date, wall: time, expected_utc: datetime
) -> None:
    assert at_local_time(day, wall, tz) == expected_utc


def test_at_local_time_moves_forward_past_the_gap() -> None:
    instant = at_local_time(date(2026, 3, 29), time(2, 30), BERLIN)
    assert instant.astimezone(BERLIN).replace(tzinfo=None) == datetime(2026, 3, 29, 3, 30)


def test_at_local_time_refuses_aware_time() -> None:
    with pytest.raises(ValueError, match="wall-clock time without a time zone"):
        at_local_time(date(2026, 11, 20), time(9, tzinfo=UTC), BERLIN)


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
    st.times(),
    st.sampled_from(DST_ZONES),
)
def test_at_local_time_keeps_the_date_and_never_goes_back(
    day: date, wall: time, tz: ZoneInfo
) -> None:
    instant = at_local_time(day, wall, tz)
    seen = instant.astimezone(tz).replace(tzinfo=None)
    asked = datetime.combine(day, wall)
    assert seen >= asked
    assert seen - asked <= timedelta(hours=1)  # at most the size of a DST gap
    assert local_date(instant, tz) == day  # these zones change clocks at night, not at 23:xx


# -- splitting entries by day -------------------------------------------------------------


def test_seconds_by_day_within_one_day() -> None:
    start = local(BERLIN, 2026, 11, 20, 9)
    end = local(BERLIN, 2026, 11, 20, 11)
    assert seconds_by_day(start, end, BERLIN) == {date(2026, 11, 20): 7200}


def test_seconds_by_day_crossing_midnight() -> None:
    start = local(BERLIN, 2026, 11, 20, 22, 30)
    end = local(BERLIN, 2026, 11, 21, 1, 15)
    assert seconds_by_day(start, end, BERLIN) == {
        date(2026, 11, 20): 90 * 60,
        date(2026, 11, 21): 75 * 60,
    }


def test_seconds_by_day_ending_exactly_at_midnight_stays_on_one_day() -> None:
    start = local(NEW_YORK, 2026, 11, 20, 22)
    end = local(NEW_YORK, 2026, 11, 21, 0)
    assert seconds_by_day(start, end, NEW_YORK) == {date(2026, 11, 20): 2 * HOUR}


def test_seconds_by_day_depends_on_the_zone() -> None:
    start = datetime(2026, 11, 20, 22, tzinfo=UTC)
    end = datetime(2026, 11, 21, 2, tzinfo=UTC)
    assert seconds_by_day(start, end, UTC_ZONE) == {
        date(2026, 11, 20): 2 * HOUR,
        date(2026, 11, 21): 2 * HOUR,
    }
    assert seconds_by_day(start, end, BERLIN) == {
        date(2026, 11, 20): 1 * HOUR,
        date(2026, 11, 21): 3 * HOUR,
    }
    assert seconds_by_day(start, end, SYDNEY) == {date(2026, 11, 21): 4 * HOUR}
    assert seconds_by_day(start, end, NEW_YORK) == {date(2026, 11, 20): 4 * HOUR}


@pytest.mark.parametrize(
    ("tz", "start", "end", "expected"),
    [
        # 01:00-04:00 on the spring-forward night is only two real hours.
        (
            BERLIN,
            local(BERLIN, 2026, 3, 29, 1),
            local(BERLIN, 2026, 3, 29, 4),
            {date(2026, 3, 29): 2 * HOUR},
        ),
        # 01:00-04:00 on the fall-back night is four.
        (
            BERLIN,
            local(BERLIN, 2026, 10, 25, 1),
            local(BERLIN, 2026, 10, 25, 4),
            {date(2026, 10, 25): 4 * HOUR},
        ),
        # Crossing midnight into a fall-back day: 1 h before midnight, 4 h after it.
        (
            NEW_YORK,
            local(NEW_YORK, 2026, 10, 31, 23),
            local(NEW_YORK, 2026, 11, 1, 3),
            {date(2026, 10, 31): HOUR, date(2026, 11, 1): 4 * HOUR},
        ),
        # Crossing midnight into a spring-forward day: 1 h before, 2 h after.
        (
            NEW_YORK,
            local(NEW_YORK, 2026, 3, 7, 23),
            local(NEW_YORK, 2026, 3, 8, 3),
            {date(2026, 3, 7): HOUR, date(2026, 3, 8): 2 * HOUR},
        ),
        # Sydney falls back in April and springs forward in October.
        (
            SYDNEY,
            local(SYDNEY, 2026, 4, 4, 22),
            local(SYDNEY, 2026, 4, 5, 4),
            {date(2026, 4, 4): 2 * HOUR, date(2026, 4, 5): 5 * HOUR},
        ),
        (
            SYDNEY,
            local(SYDNEY, 2026, 10, 3, 22),
            local(SYDNEY, 2026, 10, 4, 4),
            {date(2026, 10, 3): 2 * HOUR, date(2026, 10, 4): 3 * HOUR},
        ),
        # A whole DST week, entered as one long span, gets each day's true length.
        (
            BERLIN,
            local(BERLIN, 2026, 3, 23, 0),
            local(BERLIN, 2026, 3, 30, 0),
            {date(2026, 3, 23) + timedelta(n): 24 * HOUR for n in range(6)}
            | {date(2026, 3, 29): 23 * HOUR},
        ),
    ],
)
def test_seconds_by_day_across_dst(
    tz: ZoneInfo, start: datetime, end: datetime, expected: dict[date, int]
) -> None:
    assert seconds_by_day(start, end, tz) == expected


def test_seconds_by_day_empty_for_zero_or_negative_length() -> None:
    start = local(BERLIN, 2026, 11, 20, 9)
    assert seconds_by_day(start, start, BERLIN) == {}
    assert seconds_by_day(start, start - timedelta(hours=1), BERLIN) == {}
    assert seconds_by_day(start, start + timedelta(microseconds=999_999), BERLIN) == {}


def test_seconds_by_day_with_fractions_of_a_second_sums_exactly() -> None:
    # 0.6 s before midnight to 0.6 s after: 1.2 s, of which one whole second is counted.
    midnight = local(BERLIN, 2026, 11, 21)
    start = midnight - timedelta(microseconds=600_000)
    end = midnight + timedelta(microseconds=600_000)
    split = seconds_by_day(start, end, BERLIN)
    assert sum(split.values()) == 1
    assert set(split) <= {date(2026, 11, 20), date(2026, 11, 21)}


def test_seconds_by_day_refuses_naive() -> None:
    with pytest.raises(ValueError, match="must be time-zone aware"):
        seconds_by_day(datetime(2026, 1, 1), datetime(2026, 1, 2), BERLIN)


# Instants around the DST changes of 2026 make the interesting cases common; the wide
# range keeps ordinary days and whole-year spans in the mix.
_dst_instants = st.sampled_from(
    [day_bounds(day, tz)[0] + timedelta(hours=h) for tz, day, _ in DST_DAYS for h in (-1, 2)]
)
instants = st.one_of(
    st.datetimes(
        min_value=datetime(2000, 1, 1),
        max_value=datetime(2040, 1, 1),
        timezones=st.just(UTC),
    ),
    st.builds(
        lambda base, offset: base + timedelta(seconds=offset),
        _dst_instants,
        st.integers(-3 * 24 * HOUR, 3 * 24 * HOUR),
    ),
)
lengths = st.one_of(
    st.integers(0, 3 * 24 * HOUR).map(lambda s: timedelta(seconds=s)),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=40)),
)


@given(instants, lengths, st.sampled_from(DST_ZONES))
def test_seconds_by_day_sums_exactly_and_only_touched_days(
    start: datetime, length: timedelta, tz: ZoneInfo
) -> None:
    end = start + length
    split = seconds_by_day(start, end, tz)

    assert sum(split.values()) == int((end - start).total_seconds())
    assert all(seconds > 0 for seconds in split.values())
    first_day = local_date(start, tz)
    last_day = local_date(end - timedelta(microseconds=1), tz) if end > start else first_day
    for day in split:
        assert first_day <= day <= last_day
        day_start, day_end = day_bounds(day, tz)
        overlap = (min(end, day_end) - max(start, day_start)).total_seconds()
        # Whole-second allocation may shift at most a second at each end of a day.
        assert abs(split[day] - overlap) < 2
    # Every day strictly between the first and the last is covered in full.
    day = first_day + timedelta(days=1)
    while day < last_day:
        assert split[day] == int(hours(*day_bounds(day, tz)) * HOUR)
        day += timedelta(days=1)


@given(instants, st.integers(0, 10 * 24 * HOUR), st.sampled_from(DST_ZONES))
def test_seconds_by_day_splits_at_local_midnight(
    start: datetime, length: int, tz: ZoneInfo
) -> None:
    # Whole-second spans: every day's share is exactly its overlap with the entry.
    start = start.replace(microsecond=0)
    end = start + timedelta(seconds=length)
    split = seconds_by_day(start, end, tz)
    day = local_date(start, tz)
    while True:
        day_start, day_end = day_bounds(day, tz)
        if day_start >= end:
            break
        overlap = int((min(end, day_end) - max(start, day_start)).total_seconds())
        assert split.get(day, 0) == overlap
        day += timedelta(days=1)
