"""The real app on Clockify behind its replica, while the service goes away and comes back:
edits keep landing in the grid, the bar says "offline · N changes waiting", and the journal
drains by itself when the service answers again (no key, no restart)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.app.burst_helpers import burst, handled, keys_of, typed
from tests.app.pilot_helpers import loaded, settle
from tests.app.test_clockify_app import SIZE, account, ny
from tests.backends.replica.harness import clockify_on
from tests.fakes.clockify.testing import serving
from tests.frozen_time import BERLIN, FROZEN_NOW
from tui.app import PunchcardApp
from tui.app_factory import build_app
from tui.backends.replica.parts import wrap
from tui.config import Settings
from tui.widgets.timer_bar import TimerBar
from tui.widgets.timesheet_table import TimesheetTable


def app_behind_replica(fake: Any, tmp_path: Path) -> PunchcardApp:
    """The real app on the fake Clockify behind its replica, with short back-offs."""
    backend = wrap(
        clockify_on(fake),
        tmp_path / "replica.sqlite3",
        backoff=(0.02, 0.1),
        poll=0.05,
        settle=0.5,
    )
    return build_app(
        Settings(timezone="Europe/Berlin"),
        backend=backend,
        clock=lambda: FROZEN_NOW,
        machine_tz=BERLIN,
    )


def bar(app: PunchcardApp) -> str:
    rendered = app.screen.query_one(TimerBar)
    return "".join(rendered.render_line(0).text)


async def test_offline_edits_wait_in_the_journal_and_drain_when_the_service_is_back(
    tmp_path: Path,
) -> None:
    state, ids = account()
    with serving(state) as fake:
        app = app_behind_replica(fake, tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert loaded(app).sync == "synced"
            assert "waiting" not in bar(app)
            fake.go_down()
            table = app.screen.query_one(TimesheetTable)
            table.focus_row((ids["internal"], None))
            await pilot.press("right", "right", "1", "enter", "right", "2", "enter")
            await settle(pilot)
            snap = loaded(app)
            assert (snap.sync, snap.pending_writes) == ("offline", 2)
            assert "offline · 2 changes waiting · as of " in bar(app)
            assert len(snap.unsent_ids) == 2
            assert sorted(e.seconds() for e in snap.entries if e.start >= ny(18, 0)) == [
                3600,
                7200,
            ]
            fake.come_back()
            for _ in range(200):
                await pilot.pause(0.02)
                if loaded(app).pending_writes == 0:
                    break
            snap = loaded(app)
            assert (snap.sync, snap.pending_writes) == ("synced", 0)
            assert "waiting" not in bar(app)
            assert all(not e.id.startswith("local-") for e in snap.entries)
        made = [e for e in state.spaces[ids["ws"]].entries.values() if e.start >= ny(18, 0)]
        assert sorted(int((e.end - e.start).total_seconds()) for e in made if e.end) == [
            3600,
            7200,
        ]


async def test_a_project_made_offline_is_usable_at_once_and_made_on_the_service_once_back(
    tmp_path: Path,
) -> None:
    """Issue 10: a catalog creation goes into the journal too. Offline, "+ New project" in
    the row picker gives a row to type into; once the service is back the project is made
    first, then the entry on it, and the grid's row is the service's project."""
    state, ids = account()
    with serving(state) as fake:
        app = app_behind_replica(fake, tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            fake.go_down()
            burst(app, *keys_of("a", typed("Zeppelin"), "enter", "3", "enter"))
            await handled(pilot)
            await settle(pilot)
            snap = loaded(app)
            [project] = [p for p in snap.projects if p.name == "Zeppelin"]
            assert project.id.startswith("local-")
            assert snap.pending_writes == 2  # the project, then the entry on it
            assert [e.seconds() for e in snap.entries if e.project_id == project.id] == [3 * 3600]
            fake.come_back()
            for _ in range(200):
                await pilot.pause(0.02)
                snap = loaded(app)
                if snap.pending_writes == 0 and all(
                    not p.id.startswith("local-") for p in snap.projects
                ):
                    break
            snap = loaded(app)
            assert (snap.sync, snap.pending_writes) == ("synced", 0)
            [project] = [p for p in snap.projects if p.name == "Zeppelin"]
            assert not project.id.startswith("local-")
            [row] = [r for r in snap.grid.rows if r.key[0] == project.id]
            assert row.total == 3 * 3600
        space = state.spaces[ids["ws"]]
        [made] = [p for p in space.projects.values() if p["name"] == "Zeppelin"]
        assert made["id"] == project.id
        assert [e.project_id for e in space.entries.values() if e.project_id == made["id"]] == [
            made["id"]
        ]
