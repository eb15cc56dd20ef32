"""Cells holding a change not yet on the service carry a quiet mark (a trailing • and an
underline), and the bar under the grid says so; with nothing unsent the grid is as before."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from rich.style import Style

from tests.app.pilot_helpers import from_monday, loaded, settle
from tests.app.test_key_bursts import SIZE, with_row
from tui.app import PunchcardApp
from tui.widgets.timesheet_table import TimesheetTable


def cell_segments(table: TimesheetTable, row: int) -> list[tuple[str, Style | None]]:
    strip = table.render_line(row + 1 - int(table.scroll_y))
    return [(segment.text.strip(), segment.style) for segment in strip if segment.text.strip()]


async def test_a_cell_with_an_unsent_entry_is_marked_and_only_that_cell(
    make_app: Callable[[], PunchcardApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = await with_row(pilot, "Alpha", "1", "2")
        plain = cell_segments(table, 0)
        assert [text for text, _ in plain][1:3] == ["1:00", "2:00"]
        tuesday = next(e for e in loaded(app).entries if e.seconds() == 7200)
        # What the journal will publish: Tuesday's entry has a change not yet sent.
        app.session.snapshot = replace(loaded(app), unsent_ids=frozenset({tuesday.id}))
        await settle(pilot)
        await from_monday(pilot)
        marked = cell_segments(table, 0)
        texts = [text for text, _ in marked]
        assert texts[1:3] == ["1:00", "2:00•"]
        styles = {text: style for text, style in marked}
        marked_style, plain_style = styles["2:00•"], styles["1:00"]
        assert marked_style is not None
        assert marked_style.underline
        assert plain_style is None or not plain_style.underline
        await pilot.press("right")
        await settle(pilot)
        bar = str(app.screen.query_one("#cell-bar").render())
        assert bar.endswith("2:00 in 1 entry · not sent yet")
        app.session.snapshot = replace(loaded(app), unsent_ids=frozenset())
        await settle(pilot)
        assert [text for text, _ in cell_segments(table, 0)] == [text for text, _ in plain]
