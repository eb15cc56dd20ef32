"""Entries under a minute show as such, and a timer stopped within seconds is offered for
removal as it stops: Delete takes it away (undoably), anything else keeps it."""

from __future__ import annotations

from pathlib import Path

from textual.coordinate import Coordinate
from textual.widgets import DataTable

from tests.app.pilot_helpers import loaded, settle
from tests.app.test_timer_app import SIZE, T0, make, seeded
from tests.frozen_time import Clock
from tui.app import PunchcardApp
from tui.screens.cell_entries import CellEntriesScreen
from tui.widgets.status_line import StatusLine

OFFER = "Stopped Website after 4 s — Delete removes it"


def status(app: PunchcardApp) -> str:
    return str(app.screen.query_one(StatusLine).render())


async def start_and_stop(pilot, clock: Clock, seconds: int) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("s", "enter")  # Website, Wednesday; no description
    await settle(pilot)
    clock.advance(seconds=seconds)
    await pilot.press("x")
    await settle(pilot)


async def on_seeded(path: Path) -> tuple[PunchcardApp, Clock]:
    """The app on a store where Website has one hour on Wednesday morning, and its clock."""
    await seeded(path)
    clock = Clock(T0)
    return make(path, clock), clock


def finished(app: PunchcardApp) -> int:
    return len([e for e in loaded(app).entries if e.end is not None])


async def test_a_timer_stopped_within_seconds_is_offered_for_removal(store_path: Path):
    app, clock = await on_seeded(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start_and_stop(pilot, clock, 4)
        assert finished(app) == 2  # nothing removed by itself
        assert status(app) == OFFER
        await pilot.press("delete")
        await settle(pilot)
        assert finished(app) == 1
        assert loaded(app).grid.rows[0].seconds[2] == 3600  # the hour before is untouched
        await pilot.press("u")
        await settle(pilot)
        assert finished(app) == 2  # and it can come back


async def test_the_offer_lapses_once_anything_else_is_said(store_path: Path):
    app, clock = await on_seeded(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start_and_stop(pilot, clock, 4)
        await pilot.press("right", "2", "enter", "left")  # Thursday: 2:00, said
        await settle(pilot)
        await pilot.press("delete")  # now Delete clears the cell it is on, as always
        await settle(pilot)
        assert loaded(app).grid.rows[0].seconds[2] == 0  # the hour went with the 4 s
        assert finished(app) == 1
        assert loaded(app).grid.rows[0].seconds[3] == 2 * 3600


async def test_under_a_minute_is_offered_a_minute_is_not_and_seconds_show(
    store_path: Path,
):
    app, clock = await on_seeded(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start_and_stop(pilot, clock, 40)
        assert status(app) == "Stopped Website after 40 s — Delete removes it"
        await start_and_stop(pilot, clock, 60)
        assert "Delete removes it" not in status(app)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, CellEntriesScreen)
        table = app.screen.query_one(DataTable)
        lengths = [str(table.get_cell_at(Coordinate(row, 2))) for row in (1, 2)]
        assert lengths == ["0:00:40", "0:01"]
