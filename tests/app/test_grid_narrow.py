"""The grid at 80 and 60 columns and in 16 colours: the footer keeps ? and the main keys,
a narrow grid keeps each row's leaf name and the week total, and the cursor's row stays
apart from the zebra rows when only 16 colours can be shown."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from rich.color import ColorSystem
from textual import constants
from textual.widgets._footer import FooterKey  # not exported, but the keys the footer shows

from tests.app.pilot_helpers import demo_app, from_monday, settle
from tests.app.test_timer_app import T0, make
from tests.frozen_time import Clock
from tui.app import PunchcardApp
from tui.backends.local import LocalBackend
from tui.domain.models import EntryFields
from tui.widgets.tick_box import TickBox
from tui.widgets.timesheet_table import TimesheetTable

MAIN_KEYS = {"a", "e", "u", "p", "s", "?"}


async def seeded(path: Path) -> None:
    """Acme Corporation › Mobile Application › Regression testing: 1:00 and 2:15 this week."""
    backend = LocalBackend(path)
    ws = (await backend.list_workspaces())[0].id
    client = await backend.create_client(ws, "Acme Corporation")
    project = await backend.create_project(ws, "Mobile Application", client.id)
    task = await backend.create_task(ws, project.id, "Regression testing")
    for day, hours in ((2, 1.0), (1, 2.25)):
        start = T0 - timedelta(days=day)
        end = start + timedelta(hours=hours)
        await backend.create_entry(
            ws, EntryFields(start=start, end=end, project_id=project.id, task_id=task.id)
        )
    await backend.aclose()


def footer_keys(app: PunchcardApp) -> list[str]:
    return [key.key_display for key in app.screen.query(FooterKey).results()]


def line(app: PunchcardApp, y: int) -> str:
    table = app.screen.query_one(TimesheetTable)
    return "".join(segment.text for segment in table.render_line(y))


@pytest.mark.parametrize("width", [80, 60])
async def test_the_footer_keeps_help_and_the_main_keys(width: int):
    app = demo_app()
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        keys = footer_keys(app)
        assert "?" in keys
        assert "[" not in keys
        assert "]" not in keys
        wanted = MAIN_KEYS if width == 80 else MAIN_KEYS - {"s"}
        assert wanted <= set(keys)
        shown = app.screen.query(FooterKey)
        footer = sum(len(k.key_display) + len(k.description) + 3 for k in shown)
        assert footer <= width  # all of it fits: nothing cut off at the edge


async def test_the_footer_gets_its_keys_back_when_the_terminal_widens():
    app = demo_app()
    async with app.run_test(size=(60, 24)) as pilot:
        await settle(pilot)
        assert "q" not in footer_keys(app)
        await pilot.resize_terminal(140, 24)
        await settle(pilot)
        assert {"[", "]", "q", "?"} <= set(footer_keys(app))


async def test_at_60_columns_the_leaf_name_and_the_week_total_stay(store_path: Path):
    await seeded(store_path)
    app = make(store_path, Clock(T0))
    async with app.run_test(size=(60, 24)) as pilot:
        await settle(pilot)
        row = line(app, 1)
        # The task, not the client and project it would be cut down to last.
        assert row.startswith("Regression test…")
        assert "3:15" in line(app, app.screen.query_one(TimesheetTable).size.height - 1)
        header = line(app, 0)
        assert "Su22" in header  # every day still shows
        assert len(row.rstrip()) <= 60
    async with make(store_path, Clock(T0)).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app80 = pilot.app
        assert isinstance(app80, PunchcardApp)
        assert "Regression testing" in line(app80, 1)
        assert line(app80, 1).rstrip().endswith("3:15")  # the row's total column is back


def _row_backgrounds(app: PunchcardApp) -> list[int | None]:
    """The 16-colour background of the first cell of each of the first three rows."""
    table = app.screen.query_one(TimesheetTable)
    out = []
    for y in (1, 2, 3):
        style = next(iter(table.render_line(y))).style
        color = style.bgcolor if style else None
        out.append(color.downgrade(ColorSystem.STANDARD).number if color else None)
    return out


async def test_in_16_colours_the_cursor_row_differs_from_the_zebra_rows(
    monkeypatch: pytest.MonkeyPatch,
):
    # What TEXTUAL_COLOR_SYSTEM=standard (a 16-colour terminal) gives the app.
    monkeypatch.setattr(constants, "COLOR_SYSTEM", "standard")
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        cursor, zebra, plain = _row_backgrounds(app)  # cursor on the first row
        assert cursor not in (zebra, plain)
        await pilot.press("down")  # the cursor on a zebra row, the first row plain again
        await settle(pilot)
        first, cursor_on_zebra, _ = _row_backgrounds(app)
        assert cursor_on_zebra not in (first, zebra)


async def test_with_an_ansi_theme_the_cursor_row_still_stands_out():
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "ansi-dark"
        await settle(pilot)
        cursor, zebra, plain = _row_backgrounds(app)
        assert cursor not in (zebra, plain)


async def test_checkboxes_read_x_or_blank(store_path: Path):
    await seeded(store_path)
    app = make(store_path, Clock(T0))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await from_monday(pilot)
        await pilot.press("right", "e", "enter")  # Tuesday's entry, in its form
        await settle(pilot)
        box = app.screen.query_one(TickBox)
        assert str(box.render()).startswith("[ ]")
        box.value = True
        await settle(pilot)
        assert str(box.render()).startswith("[x]")
