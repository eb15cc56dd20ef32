"""Issue 14, the entries behind a cell: an edit that deletes entries the user wrote words for
names them on the status line ("removed 1 entry: Overlap test — u undoes"), `d` asks with
how much time and how many entries it removes, and the running entry is listed in its cell
and edited there. Keys pressed as a user does, on a real store."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from textual.widgets import DataTable

from tests.app.pilot_helpers import from_monday, loaded, settle
from tests.frozen_time import BERLIN
from tui.app import PunchcardApp
from tui.backends.local import LocalBackend
from tui.domain.models import EntryFields
from tui.screens.confirm import ConfirmScreen
from tui.widgets.timesheet_table import TimesheetTable

SIZE = (120, 36)
MONDAY = datetime(2026, 11, 16, tzinfo=BERLIN)


async def seed(path: Path) -> tuple[str, None]:  # the row key
    """Website on Monday: Standup 09:00–10:00 and Overlap test 10:00–12:00; Tuesday 1:30
    without words."""
    backend = LocalBackend(path)
    ws = (await backend.list_workspaces())[0].id
    project = await backend.create_project(ws, "Website")
    for start, hours, words in ((9, 1, "Standup"), (10, 2, "Overlap test"), (33, 1.5, "")):
        begin = MONDAY + timedelta(hours=start)
        await backend.create_entry(
            ws,
            EntryFields(
                start=begin,
                end=begin + timedelta(hours=hours),
                description=words,
                project_id=project.id,
            ),
        )
    await backend.aclose()
    return project.id, None


def question(app: PunchcardApp) -> str:
    assert isinstance(app.screen, ConfirmScreen)
    return " ".join(str(w.render()) for w in app.screen.query("Static"))


async def test_a_smaller_value_names_the_entry_it_removes(make_app, store_path: Path) -> None:
    key = await seed(store_path)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await from_monday(pilot)
        app.screen.query_one(TimesheetTable).focus_row(key, 0)
        await pilot.press("0", ":", "3", "0", "enter")  # 3:00 in two entries down to 0:30
        await settle(pilot)
        said = loaded(app).message
        assert said.endswith("; removed 1 entry: Overlap test — u undoes"), said
        assert [e.description for e in loaded(app).entries if e.start.day == 16] == ["Standup"]
        await pilot.press("u")
        await settle(pilot)
        days = sorted(e.description for e in loaded(app).entries if e.start.day == 16)
        assert days == ["Overlap test", "Standup"]


async def test_delete_on_a_cell_names_each_entry_and_one_without_words_says_nothing(
    make_app, store_path: Path
) -> None:
    key = await seed(store_path)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await from_monday(pilot)
        app.screen.query_one(TimesheetTable).focus_row(key, 0)
        await pilot.press("delete")
        await settle(pilot)
        assert loaded(app).message.endswith(
            "; removed 2 entries: Standup, Overlap test — u undoes"
        ), loaded(app).message
        await pilot.press("right", "delete")  # Tuesday's entry has no words
        await settle(pilot)
        assert "removed" not in loaded(app).message
        assert loaded(app).grid.total == 0


async def test_d_asks_with_the_time_and_the_entries_it_removes(make_app, store_path: Path) -> None:
    key = await seed(store_path)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await from_monday(pilot)
        app.screen.query_one(TimesheetTable).focus_row(key, 0)
        await pilot.press("d")
        await settle(pilot)
        assert "Remove 4:30 in 3 entries of Website from this week? (u undoes it)" in question(app)
        await pilot.press("y")
        await settle(pilot)
        said = loaded(app).message
        assert said.startswith("Removed Website from the week; removed 2 entries: "), said
        assert loaded(app).grid.total == 0


async def test_the_running_entry_is_listed_in_its_cell_and_edited_there(
    make_app, store_path: Path
) -> None:
    """Issue 14: the cell's entries list the running one ("since 09:12", "running"); Enter
    on it opens the running entry's dialog, and what is saved there is the timer's."""
    from tui.screens.cell_entries import CellEntriesScreen
    from tui.screens.timer_edit import TimerEditScreen

    backend = LocalBackend(store_path)
    ws = (await backend.list_workspaces())[0].id
    project = await backend.create_project(ws, "Website")
    wednesday = MONDAY + timedelta(days=2)
    done = wednesday + timedelta(hours=8)
    await backend.create_entry(
        ws, EntryFields(start=done, end=done + timedelta(minutes=30), project_id=project.id)
    )
    await backend.create_entry(
        ws,
        EntryFields(
            start=wednesday + timedelta(hours=9, minutes=12),
            end=None,
            description="Call",
            project_id=project.id,
        ),
    )
    await backend.aclose()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one(TimesheetTable).focus_row((project.id, None), 2)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CellEntriesScreen)
        table = app.screen.query_one("#cell-entries-table", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert [r[:2] + r[3:4] for r in rows] == [
            ["08:00", "08:30", "—"],
            ["since 09:12", "running", "Call"],
        ]
        await pilot.press("down", "delete")  # refused: the timer is stopped with x
        await settle(pilot)
        assert loaded(app).running is not None
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TimerEditScreen)
        description = app.screen.query_one("#timer-description")
        description.value = "Client call"
        await pilot.press("ctrl+s")
        await settle(pilot)
        running = loaded(app).running
        assert running is not None
        assert running.description == "Client call"
        assert isinstance(app.screen, CellEntriesScreen)
