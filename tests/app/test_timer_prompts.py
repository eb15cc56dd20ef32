"""`s`/`S` ask for the timer's description as it starts; `X` stops the timer at a time typed
in, as `punch stop --at` does. Keys come in bursts (queued at once, none waiting for the
last), over a real SQLite store, on a clock the test moves by hand."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.app.burst_helpers import burst, handled, keys_of, typed
from tests.app.pilot_helpers import loaded, settle
from tests.app.test_timer_app import SIZE, T0, make
from tests.frozen_time import BERLIN, Clock
from tui.app import PunchcardApp
from tui.backends.local import LocalBackend
from tui.domain.models import EntryFields
from tui.domain.when import WhenError, parse_when
from tui.screens.line_prompt import LinePromptScreen
from tui.screens.timer import TimerScreen
from tui.screens.timesheet import TimesheetScreen
from tui.widgets.status_line import StatusLine

DESCRIBED = "Release notes"


async def seeded(path: Path) -> tuple[str, str]:
    """Website (1:00, no description) and Docs (0:30, “Release notes”) on Wednesday
    morning; the two project ids."""
    backend = LocalBackend(path)
    ws = (await backend.list_workspaces())[0].id
    website = await backend.create_project(ws, "Website")
    docs = await backend.create_project(ws, "Docs")
    start = T0 - timedelta(hours=3)
    await backend.create_entry(
        ws, EntryFields(start=start, end=start + timedelta(hours=1), project_id=website.id)
    )
    await backend.create_entry(
        ws,
        EntryFields(
            start=start + timedelta(hours=1),
            end=start + timedelta(minutes=90),
            project_id=docs.id,
            description=DESCRIBED,
        ),
    )
    await backend.aclose()
    return website.id, docs.id


def grid(app: PunchcardApp) -> TimesheetScreen:
    screen = app.screen
    assert isinstance(screen, TimesheetScreen)
    return screen


def status(app: PunchcardApp) -> str:
    return str(app.screen.query_one(StatusLine).render())


# ---------------------------------------------------------------- a description as it starts


async def test_s_then_enter_at_once_starts_with_no_description(store_path: Path):
    website, _ = await seeded(store_path)
    app = make(store_path, Clock(T0))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid(app).table.focus_row((website, None))
        burst(app, "s", "enter")
        await handled(pilot)
        running = loaded(app).running
        assert running is not None
        assert (running.project_id, running.description) == (website, "")
        assert isinstance(app.screen, TimesheetScreen)  # the prompt is gone


async def test_what_is_typed_after_s_is_the_description(store_path: Path):
    website, _ = await seeded(store_path)
    app = make(store_path, Clock(T0))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid(app).table.focus_row((website, None))
        burst(app, *keys_of("s", typed("Fix login"), "enter", "down"))
        await handled(pilot)
        running = loaded(app).running
        assert running is not None
        assert running.description == "Fix login"
        assert "Started “Fix login” · Website" in status(app)


async def test_the_rows_last_description_is_offered_and_can_be_replaced_or_cleared(
    store_path: Path,
):
    _, docs = await seeded(store_path)
    clock = Clock(T0)
    app = make(store_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid(app).table.focus_row((docs, None))
        await pilot.press("s")
        await settle(pilot)
        prompt = app.screen
        assert isinstance(prompt, LinePromptScreen)
        assert "Docs" in str(prompt.query_one("#line-prompt-title").render())
        burst(app, "enter")  # Enter keeps it, as `s` always did
        await handled(pilot)
        running = loaded(app).running
        assert running is not None
        assert running.description == DESCRIBED

        clock.advance(minutes=5)
        burst(app, *keys_of("s", typed("Changelog"), "enter"))  # typing replaces it
        await handled(pilot)
        running = loaded(app).running
        assert running is not None
        assert running.description == "Changelog"

        clock.advance(minutes=5)
        burst(app, "s", "backspace", "enter")  # none at all
        await handled(pilot)
        running = loaded(app).running
        assert running is not None
        assert running.description == ""
        assert running.start == T0 + timedelta(minutes=10)


async def test_escape_starts_nothing_and_the_next_keys_go_to_the_grid(store_path: Path):
    website, _ = await seeded(store_path)
    app = make(store_path, Clock(T0))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid(app).table.focus_row((website, None))
        burst(app, *keys_of("s", typed("nope"), "escape"))
        await handled(pilot)
        assert loaded(app).running is None
        assert isinstance(app.screen, TimesheetScreen)
        burst(app, "s", "escape", "s", "enter")
        await handled(pilot)
        assert loaded(app).running is not None


async def test_the_timer_starts_when_s_was_pressed_not_when_the_prompt_is_answered(
    store_path: Path,
):
    website, _ = await seeded(store_path)
    clock = Clock(T0)
    app = make(store_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid(app).table.focus_row((website, None))
        await pilot.press("s")
        await settle(pilot)
        clock.advance(seconds=40)  # typing takes a while
        burst(app, *keys_of(typed("Slow typist"), "enter"))
        await handled(pilot)
        running = loaded(app).running
        assert running is not None
        assert running.start == T0
        assert running.description == "Slow typist"


async def test_s_on_the_running_row_with_the_same_description_changes_nothing(
    store_path: Path,
):
    website, _ = await seeded(store_path)
    clock = Clock(T0)
    app = make(store_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid(app).table.focus_row((website, None))
        burst(app, "s", "enter")
        await handled(pilot)
        clock.advance(minutes=3)
        burst(app, "s", "enter")
        await handled(pilot)
        running = loaded(app).running
        assert running is not None
        assert running.start == T0
        assert "Already running" in status(app)


async def test_the_picker_then_a_description_in_one_burst(store_path: Path):
    await seeded(store_path)
    app = make(store_path, Clock(T0))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(app, *keys_of("S", typed("Acme/Mobile"), "enter", typed("Kickoff"), "enter"))
        await handled(pilot)
        snap = loaded(app)
        running = snap.running
        assert running is not None
        assert snap.catalog.label((running.project_id, None)) == "Acme › Mobile"
        assert running.description == "Kickoff"
        assert isinstance(app.screen, TimesheetScreen)


async def test_escape_after_the_picker_creates_nothing(store_path: Path):
    await seeded(store_path)
    app = make(store_path, Clock(T0))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(app, *keys_of("S", typed("Acme/Mobile"), "enter", "escape"))
        await handled(pilot)
        snap = loaded(app)
        assert snap.running is None
        assert [p.name for p in snap.projects if p.name == "Mobile"] == []


# ---------------------------------------------------------------- stop at a time


@pytest.mark.parametrize(
    ("typed_time", "end"),
    [
        ("-10m", T0 + timedelta(minutes=15)),
        ("10m ago", T0 + timedelta(minutes=15)),
        ("10:40", T0 + timedelta(minutes=10)),  # Berlin: T0 is 10:30 there
    ],
)
async def test_capital_x_stops_at_the_time_typed(store_path: Path, typed_time: str, end: datetime):
    website, _ = await seeded(store_path)
    clock = Clock(T0)
    app = make(store_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid(app).table.focus_row((website, None))
        burst(app, "s", "enter")
        await handled(pilot)
        clock.advance(minutes=25)
        burst(app, *keys_of("X", typed(typed_time), "enter"))
        await handled(pilot)
        snap = loaded(app)
        assert snap.running is None
        stopped = [e for e in snap.entries if e.start == T0]
        assert [e.end for e in stopped] == [end]
        minutes = int((end - T0).total_seconds()) // 60
        assert f"Stopped Website after 0:{minutes:02d}:00" in status(app)


async def test_a_time_that_cannot_be_read_is_said_in_the_dialog_as_the_cli_says_it(
    store_path: Path,
):
    website, _ = await seeded(store_path)
    app = make(store_path, Clock(T0))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid(app).table.focus_row((website, None))
        burst(app, "s", "enter")
        await handled(pilot)
        burst(app, *keys_of("X", typed("banana"), "enter"))
        await handled(pilot)
        prompt = app.screen
        assert isinstance(prompt, LinePromptScreen)  # kept open, with what was typed
        with pytest.raises(WhenError) as refused:
            parse_when("banana", T0, BERLIN)
        assert prompt.error == str(refused.value)  # what `punch stop --at` says after "--at: "
        burst(app, "enter")  # the same again: still refused, still open
        await handled(pilot)
        assert app.screen is prompt
        burst(app, *keys_of("ctrl+u", "enter"))  # nothing typed
        await handled(pilot)
        assert isinstance(app.screen, LinePromptScreen)
        assert "Type when it stopped" in app.screen.error
        burst(app, "escape")
        await handled(pilot)
        assert isinstance(app.screen, TimesheetScreen)
        assert loaded(app).running is not None  # Esc: the timer runs on


@pytest.mark.parametrize(
    ("typed_time", "said"),
    [
        ("9:00", "The timer started at 10:30; it cannot stop before that"),
        ("23:00", "23:00 is in the future; a timer can only start or stop by now"),
    ],
)
async def test_the_store_refuses_as_for_punch_stop_at(store_path: Path, typed_time: str, said: str):
    website, _ = await seeded(store_path)
    clock = Clock(T0)
    app = make(store_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid(app).table.focus_row((website, None))
        burst(app, "s", "enter")
        await handled(pilot)
        clock.advance(minutes=5)
        burst(app, *keys_of("X", typed(typed_time), "enter"))
        await handled(pilot)
        assert loaded(app).running is not None
        assert said in status(app)


async def test_x_without_a_timer_asks_nothing_and_x_still_stops_now(store_path: Path):
    website, _ = await seeded(store_path)
    clock = Clock(T0)
    app = make(store_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(app, "X")
        await handled(pilot)
        assert isinstance(app.screen, TimesheetScreen)  # greyed out: nothing to stop
        grid(app).table.focus_row((website, None))
        burst(app, "s", "enter")
        await handled(pilot)
        clock.advance(minutes=7)
        burst(app, "x")
        await handled(pilot)
        stopped = [e for e in loaded(app).entries if e.start == T0]
        assert [e.end for e in stopped] == [T0 + timedelta(minutes=7)]


async def test_capital_x_on_the_timer_screen(store_path: Path):
    website, _ = await seeded(store_path)
    clock = Clock(T0)
    app = make(store_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid(app).table.focus_row((website, None))
        burst(app, "s", "enter", "space")
        await handled(pilot)
        assert isinstance(app.screen, TimerScreen)
        clock.advance(minutes=20)
        burst(app, *keys_of("X", typed("-5m"), "enter"))
        await handled(pilot)
        assert isinstance(app.screen, TimerScreen)
        stopped = [e for e in loaded(app).entries if e.start == T0]
        assert [e.end for e in stopped] == [T0 + timedelta(minutes=15)]
