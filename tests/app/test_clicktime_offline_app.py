"""The real app on ClickTime behind its replica while ClickTime goes away and comes back: an
edit typed offline is journaled and shown at once, the bar says it waits, and it arrives on
ClickTime exactly once when the service answers again (no key, no restart); one ClickTime
would refuse is refused at once, offline too."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.app.pilot_helpers import from_monday, loaded, settle
from tests.app.test_clicktime_app import SIZE, app_on, status
from tests.app.test_offline_app import bar
from tests.fakes.clicktime.testing import seeded, serving
from tui.widgets.timesheet_table import TimesheetTable

WEDNESDAY = date(2026, 11, 18)


async def test_an_edit_made_offline_is_shown_and_arrives_once_when_clicktime_is_back(
    tmp_path: Path,
) -> None:
    state, ids = seeded()
    row = (ids.website, f"{ids.website}/{ids.meetings}")
    with serving(state) as fake:
        app = app_on(fake, tmp_path / "replica.sqlite3")
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await from_monday(pilot)
            assert loaded(app).sync == "synced"
            fake.go_down()
            app.screen.query_one(TimesheetTable).focus_row(row)
            await pilot.press("right", "right", "2", "enter")
            await settle(pilot)
            snap = loaded(app)
            assert (snap.sync, snap.pending_writes) == ("offline", 1)
            assert "offline · 1 change waiting" in bar(app)
            index = snap.grid.row_index(row)
            assert index is not None
            assert snap.grid.rows[index].seconds[2] == 7200  # shown while it waits
            # Offline too, what ClickTime never takes is refused at once, not journaled.
            await pilot.press("right", "1", "enter")  # Thursday: in the future
            await settle(pilot)
            assert "in the future" in status(app)
            assert loaded(app).pending_writes == 1
            await pilot.press("left")
            fake.come_back()
            for _ in range(300):
                await pilot.pause(0.02)
                if loaded(app).pending_writes == 0:
                    break
            snap = loaded(app)
            assert (snap.sync, snap.pending_writes) == ("synced", 0)
            assert "waiting" not in bar(app)
            index = snap.grid.row_index(row)
            assert index is not None
            assert snap.grid.rows[index].seconds[2] == 7200
        posts = fake.sent("POST", "/Me/TimeEntries")
        assert len(posts) == 1, "sent once, never twice"
        assert posts[0].body["Hours"] == 2.0
        made = [e for e in state.entries.values() if e.date == WEDNESDAY]
        assert [(e.hours, e.job_id, e.task_id) for e in made] == [(2.0, ids.website, ids.meetings)]
