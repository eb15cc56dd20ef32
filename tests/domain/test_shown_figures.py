"""One rounding rule for every figure on screen: each grid cell to the nearest minute
(halves up), every total the sum of its parts as shown; time under half a minute reads
<1m. The exact seconds stay for the exports."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from tui.domain.durations import (
    entry_length,
    format_duration,
    format_hours,
    shown_minutes,
    shown_sum,
)
from tui.domain.models import Project, TimeEntry
from tui.domain.review import Expectations, build_review
from tui.domain.shown_grid import shown_day_totals, shown_row_total
from tui.domain.timesheet import Catalog, build_grid
from tui.domain.weeks import week_days

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 11, 16)
DAYS = tuple(week_days(MONDAY))
NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)
CATALOG = Catalog(
    projects={p: Project(id=p, workspace_id="w", name=p.title()) for p in ("a", "b", "c")}
)


def entry(project: str, day: int, seconds: int, hour: int = 8, billable: bool = False):  # type: ignore[no-untyped-def]
    start = datetime(2026, 11, 16 + day, hour, tzinfo=UTC)
    return TimeEntry(
        id=f"{project}{day}{hour}",
        workspace_id="w",
        start=start,
        end=start + timedelta(seconds=seconds),
        project_id=project,
        billable=billable,
    )


def test_rounding_is_to_the_nearest_minute_halves_up():
    assert [shown_minutes(s) for s in (0, 29, 30, 89, 90, 5399, 5400)] == [0, 0, 1, 1, 2, 90, 90]
    assert shown_minutes(-90) == -2  # the magnitude, so -1:30 reads like 1:30
    assert format_duration(40) == "0:01"  # 40 s is not an empty 0:00
    assert format_duration(20) == "<1m"
    assert format_duration(0) == "0:00"
    assert format_duration(89 * 60 + 30) == "1:30"
    assert format_hours(20) == "<1m"
    assert entry_length(40) == "0:00:40"  # an entry under a minute, as it is
    assert entry_length(3600) == "1:00"


def test_a_column_of_40_seconds_adds_up_as_shown():
    # Each cell reads 0:01; their exact 2:00 would read 0:02 and not add up by eye.
    entries = [entry(p, 0, 40) for p in "abc"]
    grid = build_grid(entries, DAYS, BERLIN, CATALOG)
    assert [format_duration(row.seconds[0]) for row in grid.rows] == ["0:01"] * 3
    days = shown_day_totals(grid)
    assert format_duration(days[0]) == "0:03"
    assert format_duration(shown_sum(days)) == "0:03"
    assert grid.total == 120  # the exact seconds are still there


def test_cells_of_1_29_and_20_seconds_add_up_as_shown():
    # 1:29 (89 s) reads 0:01 twice: 0:02, where their exact 2:58 would read 0:03.
    entries = [entry("a", 0, 89), entry("a", 1, 89), entry("b", 2, 20)]
    grid = build_grid(entries, DAYS, BERLIN, CATALOG)
    a, b = grid.rows
    assert format_duration(shown_row_total(a)) == "0:02"
    assert format_duration(b.seconds[2]) == "<1m"
    assert format_duration(shown_row_total(b)) == "<1m"  # a total of only <1m parts
    assert format_duration(shown_sum(shown_day_totals(grid))) == "0:02"  # <1m counts 0


def test_the_reviews_figures_add_up_as_shown_and_the_exact_ones_stay():
    entries = [entry(p, 0, 40, billable=p == "a") for p in "abc"]
    entries.append(entry("a", 1, 89, billable=True))
    expect = Expectations(daily_target=(60,) * 5 + (0, 0))
    review = build_review(entries, DAYS, BERLIN, now=NOW, expect=expect, catalog=CATALOG)
    monday, tuesday = review.days[:2]
    assert (monday.shown, tuesday.shown) == (180, 60)
    assert review.shown_total == 240 == monday.shown + tuesday.shown
    assert review.shown_balance == review.shown_total - review.target == 240 - 300
    assert review.shown_billable == 120  # a's 0:01 on Monday and 0:01 on Tuesday
    assert review.shown_non_billable == 120
    lines = review.breakdown("project").lines
    assert sum(line.shown for line in lines) == review.shown_total
    assert [line.shown for line in lines] == [120, 60, 60]
    assert review.total == 3 * 40 + 89  # exports keep seconds
    assert review.balance == 209 - 300


@given(st.lists(st.integers(min_value=0, max_value=6 * 3600), min_size=1, max_size=12))
def test_any_total_is_the_sum_of_its_parts_as_shown(parts: list[int]):
    total = shown_sum(parts)
    if shown_sum(parts) >= 30:
        assert shown_minutes(total) == sum(shown_minutes(p) for p in parts)
    else:
        assert all(p < 30 for p in parts)
    assert shown_sum([shown_sum(parts[:3]), shown_sum(parts[3:])]) == total  # composes
