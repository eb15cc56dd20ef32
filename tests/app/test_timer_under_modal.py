"""The timer keeps ticking while a dialog, a picker or the idle prompt is open over it.

The screen below a modal shows through it, so its timer bar, its running cell and the timer
screen's big clock must go on changing there, and cheaply: what reaches the terminal for one
tick is the few characters that changed, not a repaint of the whole screen. The clock is
moved by hand and ticks are called directly: nothing here waits on wall time.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual._compositor import CompositorUpdate
from textual.screen import Screen

from tests.app.pilot_helpers import settle
from tests.app.test_timer_app import SIZE, T0, make, seeded
from tests.frozen_time import Clock
from tui.app import PunchcardApp
from tui.screens.help import HelpScreen
from tui.screens.idle import IdleScreen
from tui.screens.row_picker import RowPickerScreen
from tui.screens.timer import TimerScreen
from tui.screens.timer_edit import TimerEditScreen
from tui.screens.timesheet import TimesheetScreen
from tui.widgets.timer_bar import TimerBar
from tui.widgets.timer_clock import TimerClock
from tui.widgets.timesheet_table import TimesheetTable

FULL_PAINT = 1000
"""Far fewer bytes than a full repaint of the 120×36 screen under a dialog (7–9 kB here); a
tick is a few tens."""


def running_row(grid: TimesheetScreen) -> str:
    table = grid.query_one(TimesheetTable)
    return "".join(segment.text for segment in table.render_line(1))


class TerminalSpy:
    """What the app sends to the terminal, as text with its escape sequences."""

    def __init__(self, app: PunchcardApp) -> None:
        self.writes: list[str] = []
        shown = app._display

        def display(screen: Screen[Any], renderable: Any) -> None:
            if isinstance(renderable, CompositorUpdate):
                self.writes.append(renderable.render_segments(app.console))
            shown(screen, renderable)

        app._display = display  # type: ignore[method-assign]

    @property
    def text(self) -> str:
        return "".join(self.writes)

    def clear(self) -> None:
        self.writes.clear()


async def open_help(pilot: Any, clock: Clock) -> None:
    await pilot.press("question_mark")


async def open_picker(pilot: Any, clock: Clock) -> None:
    await pilot.press("S")


async def open_idle_prompt(pilot: Any, clock: Clock) -> None:
    clock.advance(minutes=30)
    await pilot.press("down")  # the first key after idle time asks what to do with it


OPENERS: dict[str, tuple[Callable[[Any, Clock], Any], type[Screen[Any]]]] = {
    "dialog": (open_help, HelpScreen),
    "picker": (open_picker, RowPickerScreen),
    "idle prompt": (open_idle_prompt, IdleScreen),
}


@pytest.mark.parametrize("name", list(OPENERS))
async def test_the_bar_and_the_running_cell_tick_under_a_modal(store_path: Path, name: str):
    await seeded(store_path)
    clock = Clock(T0)
    app = make(store_path, clock, idle_minutes=10)
    spy = TerminalSpy(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("right", "right", "s", "enter")  # Website, Wednesday
        await settle(pilot)
        grid = app.screen
        assert isinstance(grid, TimesheetScreen)
        opener, modal = OPENERS[name]
        await opener(pilot, clock)
        await settle(pilot)
        assert isinstance(app.screen, modal)
        bar = grid.query_one(TimerBar)
        before = bar.clock_text
        # Read before the clock moves: the cell's own interval timer may fire at any pause
        # from then on and show the new minutes before the explicit tick below.
        row_before = running_row(grid)

        spy.clear()
        clock.advance(minutes=25, seconds=3)
        bar._tick()  # what the bar's own timer calls every second
        await pilot.pause()
        assert bar.clock_text != before
        assert bar.clock_text[-5:] in spy.text  # it reached the terminal, under the modal...
        assert len(spy.text) < FULL_PAINT  # ...as the characters that changed

        spy.clear()
        grid._tick_grid()  # the running cell's own timer
        await pilot.pause()
        assert running_row(grid) != row_before  # the running minutes moved on in the cell
        assert len(spy.text) < FULL_PAINT


async def test_the_big_clock_ticks_under_the_edit_dialog(store_path: Path):
    await seeded(store_path)
    clock = Clock(T0)
    app = make(store_path, clock)
    spy = TerminalSpy(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s", "enter")
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        timer = app.screen
        assert isinstance(timer, TimerScreen)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, TimerEditScreen)
        big = timer.query_one(TimerClock)

        spy.clear()
        clock.advance(seconds=17)
        big._tick()
        await pilot.pause()
        assert big.text == "0:00:17"
        assert "17" in spy.text
        assert len(spy.text) < FULL_PAINT


async def test_back_on_top_the_grid_shows_the_time_of_now(store_path: Path):
    """Nothing kept for later is lost: the screen comes back whole and current."""
    await seeded(store_path)
    clock = Clock(T0)
    app = make(store_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s", "enter", "question_mark")
        await settle(pilot)
        grid = app.screen_stack[-2]
        bar = grid.query_one(TimerBar)
        clock.advance(minutes=3, seconds=9)
        bar._tick()
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is grid
        shown = "".join(segment.text for segment in bar.render_line(0))
        assert "0:03:09" in shown
