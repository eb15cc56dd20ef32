"""The review uses the terminal's width: at 120 columns a long problem text and a long
breakdown label show whole; at 80 and 60 columns they are cut with "…" to fit, one line
each, never wrapped onto the next line. The days' figures, the summary and the title bar
fit their lines too, worded more briefly where they must."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from textual.widgets import Static

from tests.app.pilot_helpers import settle
from tests.frozen_time import BERLIN, FROZEN_NOW
from tui.app import PunchcardApp
from tui.app_factory import build_app
from tui.backends.local import LocalBackend
from tui.config import Settings
from tui.domain.models import EntryFields
from tui.screens.review import ReviewScreen
from tui.widgets.breakdown_bars import BreakdownBars
from tui.widgets.day_bars import DayBars
from tui.widgets.problem_list import ProblemList
from tui.widgets.review_summary import ReviewSummary

MON = date(2026, 11, 16)  # the week shown at the frozen clock
# 47 characters of "Crosses midnight: Sun 23:00 → Mon 01:00 (2:00) " and 43 of description.
DESCRIPTION = "Production release of the new billing stack"
LONG = f"Crosses midnight: Sun 23:00 → Mon 01:00 (2:00) {DESCRIPTION}"
CLIENT = "Acme Corporation Intl"
LABEL = f"{CLIENT} › Website Redesign"  # the project line's label: 40 characters


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), BERLIN).astimezone(UTC)


async def seed(path: Path) -> None:
    backend = LocalBackend(path)
    ws = (await backend.list_workspaces())[0].id
    client = await backend.create_client(ws, CLIENT)
    project = await backend.create_project(ws, "Website Redesign", client.id)
    # From Sunday night into Monday: the one problem of the shown week that is not a day's.
    night = EntryFields(
        start=at(MON - timedelta(days=1), 23),
        end=at(MON, 1),
        project_id=project.id,
        description=DESCRIPTION,
    )
    await backend.create_entry(ws, night)
    # Monday 8:10 in all, ten minutes over its target: its bar ends in one "over" cell.
    day = EntryFields(start=at(MON, 9), end=at(MON, 16, 10), project_id=project.id)
    await backend.create_entry(ws, day)
    # A timer since 09:00 today (Wednesday): the summary's first line says so.
    await backend.create_entry(
        ws, EntryFields(start=at(MON + timedelta(2), 9), project_id=project.id)
    )
    await backend.aclose()


def app_on(path: Path) -> PunchcardApp:
    return build_app(
        Settings(timezone="Europe/Berlin"),
        backend=LocalBackend(path),
        clock=lambda: FROZEN_NOW,
        machine_tz=BERLIN,
    )


def lines_of(widget: ProblemList | BreakdownBars | DayBars, count: int) -> list[str]:
    return [widget.render_line(y).text.rstrip() for y in range(count)]


async def review_lines(path: Path, width: int) -> tuple[list[str], list[str], int, int]:
    """The problem list's and the breakdown's first lines at ``width`` columns, and their
    widths; the day bars are checked on the way."""
    app = app_on(path)
    async with app.run_test(size=(width, 36)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        problems, bars = screen.query_one(ProblemList), screen.query_one(BreakdownBars)
        days = screen.query_one(DayBars)
        seven = lines_of(days, 7)
        # One line a day, each inside the chart: no day's figures wrap onto the next line.
        assert [line[:6] for line in seven] == [f"{MON + timedelta(n):%a %d}" for n in range(7)]
        assert max(len(line) for line in seven) <= days.content_size.width
        assert seven[0].endswith("8:10 /  8:00   +0:10")
        assert LONG in [p.message for p in problems.problems]
        return (
            lines_of(problems, problems.option_count + 1),
            lines_of(bars, 2),
            problems.content_size.width,
            bars.content_size.width,
        )


async def test_at_120_columns_a_90_character_problem_and_a_long_label_show_whole(store_path):
    assert (len(LONG), len(LABEL)) == (90, 40)
    await seed(store_path)
    problems, bars, _, _ = await review_lines(store_path, 120)
    assert f"Mon 16  {LONG}" in problems
    assert bars[0].startswith(f"{LABEL} █")


def cut(line: str, whole: str, room: int) -> bool:
    """``line`` is ``whole`` cut with "…" to end at the edge of ``room`` cells."""
    return line.endswith("…") and len(line) == room and whole.startswith(line[:-1])


@pytest.mark.parametrize("width", [80, 60])
async def test_narrower_a_problem_is_cut_to_fit_on_its_line(store_path, width):
    await seed(store_path)
    problems, _, room, _ = await review_lines(store_path, width)
    line = next(text for text in problems if text.startswith("Mon 16  Crosses midnight"))
    assert cut(line, f"Mon 16  {LONG}", room)
    # The next line is the next problem or nothing, never the rest of this one.
    after = problems[problems.index(line) + 1]
    assert after == "" or after[:3] in {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
    assert DESCRIPTION[-10:] not in "".join(problems)


async def test_a_label_shows_whole_where_it_fits_and_is_cut_where_it_does_not(store_path):
    await seed(store_path)
    _, bars, _, _ = await review_lines(store_path, 80)
    assert bars[0].startswith(f"{LABEL} █")  # 78 columns hold a 40-character label
    _, bars, _, room = await review_lines(store_path, 60)
    label = bars[0].split("█")[0].rstrip()
    assert label.endswith("…")
    assert LABEL.startswith(label[:-1])
    assert len(bars[0]) <= room
    assert "Redesign" not in bars[1]  # not wrapped onto the next line


@pytest.mark.parametrize("width", [120, 100, 60])
async def test_the_summary_words_itself_to_fit_never_wrapping(store_path, width):
    await seed(store_path)
    app = app_on(store_path)
    async with app.run_test(size=(width, 36)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        bar = app.screen.query_one("#review-bar", Static).render_line(0).text.strip()
        summary = app.screen.query_one(ReviewSummary)
        lines = [summary.render_line(y).text.strip() for y in range(summary.size.height)]
    # Every line is one of the summary's own, none the wrapped end of another.
    assert [line.split()[0] for line in lines if line] in (
        ["Week", "Billable", "vs"],
        ["Week", "Billable", "vs", "vs"],
    )
    comparison = " ".join(line for line in lines if line.startswith("vs"))
    if width == 120:
        assert bar == "Weekly review  ·  Personal  ·  16 – 22 Nov 2026  ·  Europe/Berlin"
        assert lines[0] == "Week 8:10 of 40:00 target -31:50  ·  +1:30 running, not counted"
        assert "vs last week 9–15 Nov 1:00: this week +7:10" in comparison
    else:  # briefly, on one line at 100 columns, on two at 60
        assert "vs 9–15 Nov 1:00 (+7:10)" in comparison
        assert len([line for line in lines if line.startswith("vs")]) == (1 if width > 60 else 2)
    if width == 60:  # the week's line as a day bar words it; the bar drops the zone
        assert lines[0] == "Week 8:10 / 40:00  -31:50  ·  +1:30 running, not counted"
        assert bar == "Weekly review  ·  Personal  ·  16 – 22 Nov 2026"
