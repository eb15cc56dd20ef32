"""The real app on ClickTime: Pilot keystrokes over the fake ClickTime on loopback, with the
clock frozen (Wed 18 Nov 2026, the fake's today) and the days in Berlin. A typed cell becomes
one ClickTime entry of that day's hours; a rule of the company or a submitted timesheet is
refused where the user looks, naming why. Each test runs on the bare backend and behind the
local replica and its journal, as ``punch`` opens it (``replica``)."""

from __future__ import annotations

from pathlib import Path

from tests.app.pilot_helpers import from_monday, loaded, settle
from tests.backends.clicktime_helpers import TZ
from tests.backends.replica.harness import quick
from tests.fakes.clicktime import FakeClickTime, State
from tests.fakes.clicktime.testing import seeded, serving
from tests.frozen_time import BERLIN, FROZEN_NOW
from tui.app import PunchcardApp
from tui.app_factory import build_app
from tui.backends.base import Backend
from tui.backends.clicktime import ClickTimeBackend
from tui.backends.replica.parts import wrap
from tui.config import Settings
from tui.widgets.status_line import StatusLine
from tui.widgets.timesheet_table import TimesheetTable

SIZE = (120, 36)


def backend_on(fake: FakeClickTime, replica: Path | None = None) -> Backend:
    inner = ClickTimeBackend(
        fake.token,
        fake.base_url,
        tz=TZ,
        rate_limit=(1000, 1.0),
        now=lambda: FROZEN_NOW,
        sleep=quick,
    )
    if replica is None:
        return inner
    return wrap(inner, replica, backoff=(0.02, 0.1), poll=0.05, settle=0.5)


def app_on(fake: FakeClickTime, replica: Path | None = None) -> PunchcardApp:
    return build_app(
        Settings(timezone="Europe/Berlin"),
        backend=backend_on(fake, replica),
        clock=lambda: FROZEN_NOW,
        machine_tz=BERLIN,
    )


def status(app: PunchcardApp) -> str:
    return str(app.screen.query_one(StatusLine).render())


async def test_typing_a_cell_saves_the_days_hours_on_clicktime(
    clicktime_replica: Path | None,
) -> None:
    state, ids = seeded()
    with serving(state) as fake:
        app = app_on(fake, clicktime_replica)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await from_monday(pilot)
            assert loaded(app).workspace is not None
            table = app.screen.query_one(TimesheetTable)
            table.focus_row((ids.website, f"{ids.website}/{ids.meetings}"))
            await pilot.press("right", "right")  # Wednesday
            await pilot.press("1", ".", "5", "enter")
            await settle(pilot)
            assert "Not saved" not in status(app)
        [post] = fake.sent("POST", "/Me/TimeEntries")
        assert {k: post.body[k] for k in ("Date", "Hours", "JobID", "TaskID")} == {
            "Date": "2026-11-18",
            "Hours": 1.5,
            "JobID": ids.website,
            "TaskID": ids.meetings,
        }
        assert "StartTime" not in post.body  # nothing invents clock times that get sent

        again = app_on(fake, clicktime_replica)
        async with again.run_test(size=SIZE) as pilot:
            await settle(pilot)
            grid = loaded(again).grid
            row = grid.row_index((ids.website, f"{ids.website}/{ids.meetings}"))
            assert row is not None
            assert grid.rows[row].seconds[1:3] == (3600, 5400)


async def test_a_rule_or_a_submitted_timesheet_is_refused_with_why(
    clicktime_replica: Path | None,
) -> None:
    state, ids = seeded(State())
    with serving(state) as fake:
        app = app_on(fake, clicktime_replica)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await from_monday(pilot)
            table = app.screen.query_one(TimesheetTable)
            table.focus_row((ids.website, f"{ids.website}/{ids.meetings}"))
            await pilot.press("right", "right", "0", ".", "0", "5", "enter")  # 3 minutes
            await settle(pilot)
            assert "zero-hour" in status(app)
            state.sheet(state.today).status = "Waiting"  # submitted in ClickTime's web app
        assert fake.sent("POST") == []
        app = app_on(fake, clicktime_replica)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await from_monday(pilot)
            table = app.screen.query_one(TimesheetTable)
            table.focus_row((ids.website, f"{ids.website}/{ids.meetings}"))
            await pilot.press("right", "right", "2", "enter")
            await settle(pilot)
            assert "undo the submission" in status(app)
        assert fake.sent("POST") == []
