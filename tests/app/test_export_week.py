"""Export week… from the palette on every screen: the grid, the timer, the projects and the
review all open the same choice for the week shown, and write the same files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.app.pilot_helpers import demo_app, loaded, settle, type_text
from tui.app import PunchcardApp
from tui.screens.export_choice import ExportChoiceScreen
from tui.screens.projects import ProjectsScreen
from tui.screens.review import ReviewScreen
from tui.screens.timer import TimerScreen
from tui.screens.timesheet import TimesheetScreen

SIZE = (120, 36)
WEEK = "week-2026-11-16"  # the demo's week at the frozen clock


async def export_from_palette(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+p")
    await settle(pilot)
    await type_text(pilot, "export week")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


@pytest.mark.parametrize(
    ("first", "screen"),
    [
        ((), TimesheetScreen),
        (("space",), TimerScreen),
        (("p",), ProjectsScreen),
        (("r",), ReviewScreen),
    ],
    ids=["grid", "timer", "projects", "review"],
)
async def test_export_week_is_in_the_palette_of_every_screen(
    hermetic_home: Path, first: tuple[str, ...], screen: type
) -> None:
    exports = hermetic_home / "data" / "punchcard" / "exports"
    app: PunchcardApp = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in first:
            await pilot.press(key)
            await settle(pilot)
        assert isinstance(app.screen, screen)
        await export_from_palette(pilot)
        choice = app.screen
        assert isinstance(choice, ExportChoiceScreen)
        assert "16 – 22 Nov 2026" in choice._what
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, screen)
        data = json.loads((exports / f"{WEEK}.json").read_text(encoding="utf-8"))
        assert data["from"] == "2026-11-16"
        # The week as the review counts it, its comparisons with the weeks before included.
        assert data["comparison"]["average"]["weeks"] == 4


async def test_e_on_the_grid_exports_the_shown_week_as_csv(hermetic_home: Path) -> None:
    exports = hermetic_home / "data" / "punchcard" / "exports"
    app: PunchcardApp = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        assert isinstance(app.screen, ExportChoiceScreen)
        await pilot.press("c")
        await settle(pilot)
        path = exports / "week-2026-11-09.csv"
        with path.open(encoding="utf-8") as handle:
            days = {row["date"] for row in csv.DictReader(handle)}
        assert days
        assert all("2026-11-09" <= day <= "2026-11-15" for day in days)
        assert str(path) in loaded(app).message
