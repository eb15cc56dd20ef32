"""The timer driven for real: Pilot keystrokes on the app over a real SQLite store, with a
clock the test moves by hand (ticks are called directly: nothing here waits on wall time)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual import events

from tests.app.pilot_helpers import loaded, settle, type_text
from tests.frozen_time import BERLIN, Clock
from tui.app import PunchcardApp
from tui.app_factory import build_app
from tui.backends.local import LocalBackend
from tui.config import Settings
from tui.domain.models import EntryFields
from tui.screens.idle import IdleScreen
from tui.screens.timer import TimerScreen
from tui.screens.timesheet import TimesheetScreen
from tui.widgets.status_line import StatusLine
from tui.widgets.timer_bar import TimerBar
from tui.widgets.timer_clock import TimerClock
from tui.widgets.timesheet_table import TimesheetTable

SIZE = (120, 36)
T0 = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)  # Wednesday 10:30 in Berlin


def make(path: Path, clock: Clock, idle_minutes: int = 0) -> PunchcardApp:
    """The app on ``path``; idle questions off unless asked for (the clock jumps here)."""
    return build_app(
        Settings(timezone="Europe/Berlin", idle_minutes=idle_minutes),
        backend=LocalBackend(path),
        clock=clock,
        machine_tz=BERLIN,
    )


async def seeded(path: Path) -> tuple[str, str]:
    """A store with project Website holding 1:00 on Wednesday morning; (workspace, project)."""
    backend = LocalBackend(path)
    ws = (await backend.list_workspaces())[0].id
    project = await backend.create_project(ws, "Website")
    start = T0 - timedelta(hours=3)
    await backend.create_entry(
        ws, EntryFields(start=start, end=start + timedelta(hours=1), project_id=project.id)
    )
    await backend.aclose()
    return ws, project.id


def bar_text(app: PunchcardApp) -> str:
    bar = app.screen.query_one(TimerBar)
    return "".join(segment.text for segment in bar.render_line(0))


def grid_line(app: PunchcardApp, y: int) -> str:
    table = app.screen.query_one(TimesheetTable)
    return "".join(segment.text for segment in table.render_line(y))


async def test_start_on_a_row_tick_and_stop_from_the_keyboard(store_path: Path):
    await seeded(store_path)
    clock = Clock(T0)
    app = make(store_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "No timer running" in bar_text(app)
        await pilot.press("right", "right")  # Wednesday of the Website row
        await pilot.press("s", "enter")  # Enter: no description
        await settle(pilot)
        assert loaded(app).running is not None
        assert "0:00:00" in bar_text(app)
        assert "Website" in bar_text(app)
        assert "● Website" in grid_line(app, 1)  # the row is marked as running

        clock.advance(minutes=25, seconds=3)
        bar = app.screen.query_one(TimerBar)
        bar.tick()
        assert bar.clock_text == "0:25:03"
        assert isinstance(app.screen, TimesheetScreen)
        app.screen._tick_grid()
        await pilot.pause()
        # The running time is in its cell and in the day and week totals on screen...
        assert "1:25" in grid_line(app, 1)
        totals = grid_line(app, app.screen.query_one(TimesheetTable).size.height - 1)
        assert totals.split()[-1] == "1:25"
        # ...while the snapshot's grid (what `punch week --json` reports) has finished time only.
        assert loaded(app).grid.total == 3600

        await pilot.press("x")
        await settle(pilot)
        assert loaded(app).running is None
        assert "No timer running" in bar_text(app)
        assert loaded(app).grid.total == 3600 + 25 * 60 + 3
        assert "Stopped" in str(app.screen.query_one(StatusLine).render())
        await pilot.press("u")  # a stop is undoable: the timer runs again
        await settle(pilot)
        assert loaded(app).running is not None


async def test_switch_from_the_picker_and_the_timer_screen(store_path: Path):
    await seeded(store_path)
    clock = Clock(T0)
    app = make(store_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s", "enter")  # Website
        await settle(pilot)
        clock.advance(minutes=10)
        await pilot.press("S")
        await settle(pilot)
        await type_text(pilot, "Acme/Mobile")  # creates the client and the project
        await pilot.press("enter", "enter")  # the pick, then no description
        await settle(pilot)
        running = loaded(app).running
        assert running is not None
        assert loaded(app).catalog.label((running.project_id, None)) == ("Acme › Mobile")
        assert running.start == T0 + timedelta(minutes=10)

        await pilot.press("space")
        await settle(pilot)
        assert isinstance(app.screen, TimerScreen)
        assert app.screen.query_one(TimerClock).start == running.start
        recent = app.screen.recent
        assert [loaded(app).catalog.label((e.project_id, None)) for e in recent] == ["Website"]
        clock.advance(minutes=5)
        await pilot.press("1")  # continue Website
        await settle(pilot)
        continued = loaded(app).running
        assert continued is not None
        assert continued.project_id == recent[0].project_id
        assert continued.start == T0 + timedelta(minutes=15)

        await pilot.press("e")
        await settle(pilot)
        await pilot.press("home", "ctrl+k")  # clear the field
        await type_text(pilot, "Release notes")
        await pilot.press("tab", "tab", "tab")  # project, tags, start
        await pilot.press("home", "ctrl+k")  # clear the field
        await type_text(pilot, "-20m")
        await pilot.press("enter")
        await settle(pilot)
        running = loaded(app).running
        assert running is not None
        assert running.description == "Release notes"
        assert running.start == T0 + timedelta(minutes=15) - timedelta(minutes=20)

        await pilot.press("x")
        await settle(pilot)
        assert loaded(app).running is None
        assert app.screen.query_one(TimerClock).start is None
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TimesheetScreen)


async def test_the_edit_form_refuses_what_it_cannot_read(store_path: Path):
    await seeded(store_path)
    app = make(store_path, Clock(T0))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s", "enter", "space")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("tab")
        await pilot.press("home", "ctrl+k")  # clear the field
        await type_text(pilot, "nothing like it")
        await pilot.press("enter")
        await settle(pilot)
        error = str(app.screen.query_one("#timer-error").render())
        assert "No project or task matches 'nothing like it'" in error
        await pilot.press("escape")
        await settle(pilot)
        running = loaded(app).running
        assert running is not None
        assert running.description == ""


async def test_idle_time_asks_on_return_and_discards(store_path: Path):
    await seeded(store_path)
    clock = Clock(T0)
    app = make(store_path, clock, idle_minutes=10)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s", "enter")
        await settle(pilot)
        clock.advance(minutes=5)
        await pilot.press("down")  # activity: not idle yet
        await settle(pilot)
        assert not isinstance(app.screen, IdleScreen)
        clock.advance(minutes=40)
        await pilot.press("x")  # the key that ends the idle time does not stop the timer...
        await settle(pilot)
        assert isinstance(app.screen, IdleScreen)  # ...it asks first
        assert loaded(app).running is not None
        await pilot.press("d")
        await settle(pilot)
        assert not isinstance(app.screen, IdleScreen)
        running = loaded(app).running
        assert running is not None
        assert running.start == T0 + timedelta(minutes=45)
        entries = sorted(loaded(app).entries, key=lambda e: e.start)
        kept = [e for e in entries if e.start == T0]
        assert kept[0].end == T0 + timedelta(minutes=5)  # the time before the idle part


async def test_idle_keep_and_no_question_without_a_timer(store_path: Path):
    await seeded(store_path)
    clock = Clock(T0)
    app = make(store_path, clock, idle_minutes=10)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        clock.advance(hours=2)
        await pilot.press("down")  # idle, but nothing was running: no question
        await settle(pilot)
        assert not isinstance(app.screen, IdleScreen)
        await pilot.press("s", "enter")
        await settle(pilot)
        clock.advance(minutes=11)
        await pilot.press("down")
        await settle(pilot)
        assert isinstance(app.screen, IdleScreen)
        await pilot.press("escape")  # Esc keeps the time
        await settle(pilot)
        running = loaded(app).running
        assert running is not None
        assert running.start == T0 + timedelta(hours=2)


async def test_the_view_catches_up_with_changes_made_elsewhere(store_path: Path):
    ws, project = await seeded(store_path)
    app = make(store_path, Clock(T0))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        other = LocalBackend(store_path)  # another punch, the CLI, or the web app
        started = await other.create_entry(
            ws,
            EntryFields(
                start=T0 - timedelta(minutes=7), description="Elsewhere", project_id=project
            ),
        )
        app._recheck_timer()  # what the poll interval does
        await settle(pilot)
        running = loaded(app).running
        assert running is not None
        assert running.id == started.id
        assert "0:07:00" in bar_text(app)
        assert "Elsewhere" in bar_text(app)
        assert "started elsewhere" in loaded(app).message

        await other.update_entry(started.replace(end=T0))
        app._last_poll = 0.0
        app.post_message(events.AppFocus())  # the user comes back to the terminal
        await settle(pilot)
        assert loaded(app).running is None
        assert "stopped elsewhere" in loaded(app).message
        assert loaded(app).grid.total == 3600 + 7 * 60
        await other.aclose()


async def test_the_app_keeps_the_status_file_fresh(store_path: Path, hermetic_home: Path):
    await seeded(store_path)
    app = make(store_path, Clock(T0))
    status = hermetic_home / "data" / "punchcard" / "status.json"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert json.loads(status.read_text())["running"] is None
        await pilot.press("s", "enter")
        await settle(pilot)
        state = json.loads(status.read_text())
        assert state["running"]["project"] == "Website"
        assert state["today_finished"] == 3600
