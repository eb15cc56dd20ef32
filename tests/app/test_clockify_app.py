"""The real app on Clockify: Pilot keystrokes and an SVG snapshot, over the fake server on
loopback, with the clock frozen (Wed 18 Nov 2026) and the Clockify profile in New York."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.app.pilot_helpers import from_monday, loaded, settle
from tests.fakes.clockify import State
from tests.fakes.clockify.testing import serving
from tests.frozen_time import BERLIN, FROZEN_NOW
from tui.app import PunchcardApp
from tui.app_factory import build_app
from tui.backends.clockify import ClockifyBackend
from tui.config import Settings
from tui.widgets.status_line import StatusLine
from tui.widgets.timesheet_table import TimesheetTable

SIZE = (120, 36)
KEY = "app-test-key-0b8e3d61f2"
NEW_YORK = ZoneInfo("America/New_York")


def ny(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=NEW_YORK).astimezone(UTC)


def account(**settings: object) -> tuple[State, dict[str, str]]:
    state = State(timezone="America/New_York")
    space = state.add_workspace("Acme Studio", **settings)
    client = state.add_client(space, "Acme Corp")
    web = state.add_project(space, "Website", client, billable=True)
    design = state.add_task(space, web, "Design")
    internal = state.add_project(space, "Internal")
    state.add_entry(
        space, ny(16, 9), ny(16, 11), project_id=web, task_id=design, description="Wireframes"
    )
    state.add_entry(space, ny(17, 13), ny(17, 14), project_id=internal)
    return state, {"web": web, "design": design, "internal": internal, "ws": space.id}


def app_on(fake) -> PunchcardApp:
    return build_app(
        Settings(timezone="Europe/Berlin"),
        backend=ClockifyBackend(fake.api_key, fake.base_url),
        clock=lambda: FROZEN_NOW,
        machine_tz=BERLIN,
    )


def status(app: PunchcardApp) -> str:
    return str(app.screen.query_one(StatusLine).render())


async def test_typing_into_a_cell_saves_it_on_clockify_and_it_is_there_next_time() -> None:
    state, ids = account()
    with serving(state, api_key=KEY) as fake:
        app = app_on(fake)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await from_monday(pilot)
            assert loaded(app).tz.key == "America/New_York"
            bar = str(app.screen.query_one("#week-bar").render())
            assert "clockify" in bar
            assert "this machine: Europe/Berlin" in bar
            table = app.screen.query_one(TimesheetTable)
            table.focus_row((ids["internal"], None))
            await pilot.press("right", "right")  # Wednesday
            await pilot.press("1", ".", "5", "enter")
            await settle(pilot)
            assert "Not saved" not in status(app)
        (made,) = [e for e in state.spaces[ids["ws"]].entries.values() if e.start >= ny(18, 0)]
        assert made.project_id == ids["internal"]
        assert made.end is not None
        assert made.end - made.start == timedelta(minutes=90)
        post = fake.sent("POST", "/workspaces/[^/]+/time-entries")[-1]
        assert "projectId" in post.body
        assert "taskId" not in post.body

        again = app_on(fake)
        async with again.run_test(size=SIZE) as pilot:
            await settle(pilot)
            row = loaded(again).grid.row_index((ids["internal"], None))
            assert row is not None
            assert loaded(again).grid.rows[row].seconds[1:3] == (3600, 5400)


async def test_a_locked_cell_is_refused_where_the_user_looks() -> None:
    state, ids = account(lockTimeEntries="2026-11-17T05:00:00Z")  # Tuesday 00:00 in New York
    with serving(state, api_key=KEY) as fake:
        app = app_on(fake)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await from_monday(pilot)
            shown = app.export_screenshot()
            assert "2:00*" in shown
            assert "1:00*" not in shown
            app.screen.query_one(TimesheetTable).focus_row((ids["web"], ids["design"]))
            await pilot.press("3", "enter")  # Monday: locked
            await settle(pilot)
            assert "locked" in status(app)
    assert fake.sent("PUT", ".*") == []
    assert fake.sent("POST", ".*") == []


async def test_required_fields_are_named_before_anything_is_sent() -> None:
    state, ids = account(forceDescription=True)
    with serving(state, api_key=KEY) as fake:
        app = app_on(fake)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.screen.query_one(TimesheetTable).focus_row((ids["internal"], None))
            await pilot.press("right", "right", "2", "enter")
            await settle(pilot)
            assert "requires description" in status(app)
    assert fake.sent("POST", ".*") == []


def test_grid_on_clockify(snap_compare) -> None:
    state, _ = account()
    with serving(state, api_key=KEY) as fake:
        app = app_on(fake)

        async def run_before(pilot) -> None:
            await settle(pilot)
            svg = app.export_screenshot()
            assert KEY not in svg
            assert "America/New_York" in svg

        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
