"""The weekly grid driven for real: Pilot keystrokes on the app over a real SQLite store."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.pilot import Pilot

from tests.app.pilot_helpers import from_monday, help_lines, loaded, settle
from tui.app import PunchcardApp
from tui.domain.timesheet import RowKey
from tui.screens.help import HelpScreen
from tui.widgets.status_line import StatusLine
from tui.widgets.timesheet_table import TimesheetTable

SIZE = (120, 36)


async def add_row(pilot: Pilot[Any], text: str) -> RowKey:
    await pilot.press("a")
    await settle(pilot)
    for ch in text:
        await pilot.press(ch if ch != " " else "space")
    await pilot.press("enter")
    await settle(pilot)
    table = pilot.app.screen.query_one(TimesheetTable)
    key = table.current_row_key
    assert key is not None
    return key


async def type_cell(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch)
    await pilot.press("enter")
    await settle(pilot)


def cell(app: PunchcardApp, key: RowKey, day: int) -> int:
    row = loaded(app).grid.row_index(key)
    assert row is not None, "row not in the grid"
    return loaded(app).grid.rows[row].seconds[day]


def shown(app: PunchcardApp, key: RowKey, day: int) -> str:
    table = app.screen.query_one(TimesheetTable)
    return table.get_cell_at((table.row_keys.index(key), day + 1)).plain


async def test_add_row_from_picker_and_type_into_cells(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await from_monday(pilot)
        assert app.snapshot.week == date(2026, 11, 16)
        key = await add_row(pilot, "Website")  # no such project: the picker creates it
        assert app.snapshot.catalog.label(key) == "Website"
        await type_cell(pilot, "1:30")  # Monday
        await pilot.press("right")
        await type_cell(pilot, "1h 15m")
        await pilot.press("right")
        await type_cell(pilot, "2,5")
        assert [cell(app, key, d) for d in range(3)] == [5400, 4500, 9000]
        assert shown(app, key, 0) == "1:30"
        assert shown(app, key, 2) == "2:30"
        await type_cell(pilot, "+15m")
        assert cell(app, key, 2) == 9900
        await type_cell(pilot, "-0:45")
        assert cell(app, key, 2) == 7200
        assert app.snapshot.grid.total == 5400 + 4500 + 7200
        await pilot.press("backspace")
        await settle(pilot)
        assert cell(app, key, 2) == 0


async def test_bad_input_is_refused_beside_the_grid_and_changes_nothing(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await from_monday(pilot)
        key = await add_row(pilot, "Website")
        await type_cell(pilot, "2")
        for bad, says in [("1:75", "Can't read"), ("25", "24 hours"), ("-3", "negative")]:
            await type_cell(pilot, bad)
            status = str(app.screen.query_one(StatusLine).render())
            assert says in status
            table = app.screen.query_one(TimesheetTable)
            assert table.edit_text == bad  # kept in the cell for correcting
            await pilot.press("escape")
            await settle(pilot)
            assert table.edit_text is None
            assert cell(app, key, 0) == 7200


async def test_a_day_over_24_hours_is_refused(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await from_monday(pilot)
        first = await add_row(pilot, "Alpha")
        await type_cell(pilot, "20")
        second = await add_row(pilot, "Beta")
        await type_cell(pilot, "5")
        assert "at most 4:00" in app.snapshot.message
        assert app.snapshot.severity == "error"
        assert cell(app, first, 0) == 20 * 3600
        assert cell(app, second, 0) == 0


async def test_week_navigation_keeps_row_and_weekday(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await from_monday(pilot)
        key = await add_row(pilot, "Website")
        await pilot.press("right", "right")
        await type_cell(pilot, "3")
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.snapshot.week == date(2026, 11, 23)
        await pilot.press("c")  # copy last week's rows: the row comes along
        await settle(pilot)
        table = app.screen.query_one(TimesheetTable)
        assert table.current_row_key == key
        assert table.current_day_index == 2
        assert cell(app, key, 2) == 0
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert app.snapshot.week == date(2026, 11, 9)
        await pilot.press("t")
        await settle(pilot)
        assert app.snapshot.week == date(2026, 11, 16)
        assert cell(app, key, 2) == 3 * 3600
        assert table.current_row_key == key
        assert table.current_day_index == 2


async def test_copy_last_week_with_hours(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await from_monday(pilot)
        key = await add_row(pilot, "Website")
        await type_cell(pilot, "2")
        await pilot.press("right")
        await type_cell(pilot, "1:30")
        await pilot.press("right_square_bracket")
        await settle(pilot)
        await pilot.press("C")
        await settle(pilot)
        assert [cell(app, key, d) for d in range(3)] == [7200, 5400, 0]
        await pilot.press("u")  # copying with hours is one undoable step
        await settle(pilot)
        assert app.snapshot.grid.total == 0


async def test_undo_and_redo_across_weeks(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await from_monday(pilot)
        key = await add_row(pilot, "Website")
        await type_cell(pilot, "1")
        await type_cell(pilot, "2")
        await pilot.press("right_square_bracket")
        await settle(pilot)
        await pilot.press("u")  # undoes last week's 1 → 2, and shows that week
        await settle(pilot)
        assert app.snapshot.week == date(2026, 11, 16)
        assert cell(app, key, 0) == 3600
        await pilot.press("u")
        await settle(pilot)
        assert app.snapshot.grid.total == 0
        await pilot.press("ctrl+r", "ctrl+r")
        await settle(pilot)
        assert cell(app, key, 0) == 7200
        assert not app.snapshot.can_redo
        await pilot.press("ctrl+r")  # greyed out: nothing happens
        await settle(pilot)
        assert cell(app, key, 0) == 7200


async def test_fifty_undo_steps(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        key = await add_row(pilot, "Website")
        for minutes in range(1, 56):  # through the store: the keys are covered above
            assert await app.store.set_cell(key, 0, minutes * 60)
        await settle(pilot)
        assert cell(app, key, 0) == 55 * 60
        for _ in range(54):
            await pilot.press("u")
        await settle(pilot)
        assert cell(app, key, 0) == 60
        assert app.snapshot.can_undo


async def test_edit_an_entrys_description_and_tags(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await from_monday(pilot)
        key = await add_row(pilot, "Website")
        await type_cell(pilot, "1:30")
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("enter")  # edit the highlighted entry
        await settle(pilot)
        for ch in "Homepage":
            await pilot.press(ch)
        await pilot.press("tab", "tab", "tab")  # description → start → end → tags
        for ch in "design,urgent":
            await pilot.press(ch)
        await pilot.press("ctrl+s")
        await settle(pilot)
        entries = [e for e in app.snapshot.entries if (e.project_id, e.task_id) == key]
        assert [e.description for e in entries] == ["Homepage"]
        assert sorted(app.snapshot.tag_names(entries[0].tag_ids)) == ["design", "urgent"]
        assert entries[0].seconds() == 5400  # times untouched
        await pilot.press("d")  # delete it from the entries dialog
        await settle(pilot)
        assert cell(app, key, 0) == 0
        await pilot.press("escape")
        await pilot.press("u")
        await settle(pilot)
        assert cell(app, key, 0) == 5400


async def test_delete_row_asks_then_removes_the_weeks_time(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await from_monday(pilot)
        key = await add_row(pilot, "Website")
        await type_cell(pilot, "1")
        await pilot.press("right")
        await type_cell(pilot, "2")
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("n")  # no: nothing happens
        await settle(pilot)
        assert app.snapshot.grid.total == 3 * 3600
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.snapshot.grid.total == 0
        await pilot.press("u")
        await settle(pilot)
        assert cell(app, key, 1) == 7200


async def test_persists_across_a_restart(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await from_monday(pilot)
        key = await add_row(pilot, "Website")
        await pilot.press("right", "right", "right")
        await type_cell(pilot, "4:45")
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert cell(again, key, 3) == 4 * 3600 + 45 * 60
        assert shown(again, key, 3) == "4:45"


async def test_help_lists_the_screens_keys(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(help_lines(app.screen))  # the list as drawn
        for words in [
            "Add row",
            "Entries",
            "Prev week",
            "Undo",
            "Redo",
            "Copy last week",
            "Delete row",
            "Workspaces",
            "Projects",
            "ctrl+p",
        ]:
            assert words in text
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "TimesheetScreen"


async def test_every_key_is_in_the_command_palette(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        for ch in "next week":
            await pilot.press(ch if ch != " " else "space")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.snapshot.week == date(2026, 11, 23)


async def test_empty_store_shows_the_first_run_hint(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        hint = app.screen.query_one("#empty-hint")
        assert hint.display
        assert "punch login clockify" in str(hint.render())
        assert app.snapshot.workspace is not None
        assert app.snapshot.workspace.name == "Personal"
