"""The screen of changes for the service (``y`` on the grid): an edit made offline to an
entry that someone else changed on the service meanwhile comes back as a conflict; the bar
says so, the screen shows both versions, and the user keeps theirs or takes the service's.
A change the service refuses for good is listed with its reason and can be discarded."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.app.pilot_helpers import from_monday, loaded, settle
from tests.app.test_app_manage import option_texts
from tests.app.test_clockify_app import SIZE, account, ny
from tests.app.test_offline_app import bar
from tests.backends.replica.harness import clockify_on
from tests.fakes.clockify import FakeClockify, State
from tests.fakes.clockify.testing import serving
from tests.frozen_time import BERLIN, FROZEN_NOW
from tui.app import PunchcardApp
from tui.app_factory import build_app
from tui.backends.replica.parts import wrap
from tui.config import Settings
from tui.screens.sync_changes import SyncChangesScreen
from tui.screens.timesheet import TimesheetScreen
from tui.widgets.timesheet_table import TimesheetTable


@asynccontextmanager
async def offline_app(tmp_path: Path) -> AsyncIterator[tuple[PunchcardApp, FakeClockify, Any]]:
    state, ids = account()
    with serving(state) as fake:
        backend = wrap(
            clockify_on(fake),
            tmp_path / "replica.sqlite3",
            backoff=(0.02, 0.1),
            poll=0.05,
            settle=0.5,  # an unclear send is looked up again after half a second, not 30
        )
        app = build_app(
            Settings(timezone="Europe/Berlin"),
            backend=backend,
            clock=lambda: FROZEN_NOW,
            machine_tz=BERLIN,
        )
        yield app, fake, ids


def tuesday_entry(state: State, ws: str) -> Any:
    return next(e for e in state.spaces[ws].entries.values() if e.start == ny(17, 13))


async def until(pilot: Pilot[Any], done: Any) -> None:
    for _ in range(300):
        if done():
            return
        await pilot.pause(0.02)
    assert done()


async def conflict_on_tuesday(pilot: Pilot[Any], fake: FakeClockify, ids: Any) -> None:
    """Offline, Internal's Tuesday (1:00) becomes 2:00 here; meanwhile it gets a description
    on the service; the service comes back and the journal finds the conflict."""
    app = pilot.app
    await settle(pilot)
    await from_monday(pilot)
    fake.go_down()
    app.screen.query_one(TimesheetTable).focus_row((ids["internal"], None))
    await pilot.press("right", "2", "enter")
    await settle(pilot)
    with fake.state.lock:
        tuesday_entry(fake.state, ids["ws"]).description = "edited on the web"
    fake.come_back()
    assert isinstance(app, PunchcardApp)
    await until(pilot, lambda: len(loaded(app).failed) == 1)


@pytest.mark.parametrize(
    ("key", "hours", "description"), [("m", 2, ""), ("t", 1, "edited on the web")]
)
async def test_a_conflict_is_shown_with_both_versions_and_settled_by_a_key(
    tmp_path: Path, key: str, hours: int, description: str
) -> None:
    async with offline_app(tmp_path) as (app, fake, ids), app.run_test(size=SIZE) as pilot:
        await conflict_on_tuesday(pilot, fake, ids)
        assert "1 change refused (y)" in bar(app)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, SyncChangesScreen)
        [shown] = option_texts(app)
        assert "mine:   Tue 17 Nov 13:00–15:00 (2:00) (no description)" in shown
        assert "theirs: Tue 17 Nov 13:00–14:00 (1:00) edited on the web" in shown
        await pilot.press(key)
        await until(pilot, lambda: not loaded(app).failed and not loaded(app).pending_writes)
        await settle(pilot)
        assert option_texts(app) == []
        on_service = tuesday_entry(fake.state, ids["ws"])
        assert on_service.end - on_service.start == ny(17, 13 + hours) - ny(17, 13)
        assert on_service.description == description
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TimesheetScreen)
        assert "refused" not in bar(app)
        shown_seconds = [e.seconds() for e in loaded(app).entries if e.start == ny(17, 13)]
        assert shown_seconds == [hours * 3600]


async def test_keep_keys_do_nothing_without_a_conflict_and_the_local_store_says_nothing_waits(
    make_app: Any,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, SyncChangesScreen)
        summary = str(app.screen.query_one("#sync-summary").render())
        assert "saves every change at once" in summary
        assert option_texts(app) == []
        await pilot.press("m", "t", "r", "d", "s")  # nothing to settle: no harm, no traceback
        await settle(pilot)
        assert isinstance(app.screen, SyncChangesScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TimesheetScreen)


async def test_a_refused_change_is_listed_with_its_reason_and_discarded_with_d(
    tmp_path: Path,
) -> None:
    async with offline_app(tmp_path) as (app, fake, ids), app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await from_monday(pilot)
        fake.go_down()
        app.screen.query_one(TimesheetTable).focus_row((ids["internal"], None))
        await pilot.press("right", "right", "3", "enter")  # Wednesday: a new entry, offline
        await settle(pilot)
        with fake.state.lock:  # an admin locks the week on the service meanwhile
            fake.state.spaces[ids["ws"]].settings["lockTimeEntries"] = "2026-11-23T00:00:00Z"
        fake.come_back()
        await until(pilot, lambda: len(loaded(app).failed) == 1)
        await pilot.press("y")
        await settle(pilot)
        [shown] = option_texts(app)
        assert shown.startswith("New entry · Internal · Wed 18 Nov ")
        assert "(3:00)" in shown
        assert "locked" in shown  # the service's reason
        assert "mine:" not in shown  # not a conflict: nothing to choose between
        await pilot.press("m")  # keep keys do nothing here
        await settle(pilot)
        assert len(loaded(app).failed) == 1
        await pilot.press("d")
        await until(pilot, lambda: not loaded(app).failed)
        await settle(pilot)
        assert option_texts(app) == []
        assert "Forgot" in loaded(app).message
        wednesday = [e for e in loaded(app).entries if e.start.date() == ny(18, 12).date()]
        assert wednesday == []  # the grid shows the service's truth: nothing on Wednesday
