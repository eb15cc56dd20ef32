"""A session that starts without the focus, as a browser tab of `punch serve` does (Textual's
web driver starts blurred): the grid is drawn then with nothing focused, and the first key
(or the page's focus) must give it the focus, not fall on nothing."""

from __future__ import annotations

from tests.app.pilot_helpers import WIDE, settle
from tests.frozen_time import BERLIN, FROZEN_NOW
from tui.app import PunchcardApp
from tui.app_factory import build_app
from tui.config import Settings
from tui.widgets.timesheet_table import TimesheetTable


class BlurredAtStart(PunchcardApp):
    def on_load(self) -> None:
        # As the web driver leaves it: no focus before the first screen is drawn. Set without
        # the watchers, which need a screen.
        self.set_reactive(PunchcardApp.app_focus, False)


def blurred_demo() -> PunchcardApp:
    return build_app(
        Settings(timezone="Europe/Berlin"),
        demo=True,
        clock=lambda: FROZEN_NOW,
        machine_tz=BERLIN,
        app_class=BlurredAtStart,
    )


async def test_the_first_key_of_a_session_started_blurred_reaches_the_grid():
    app = blurred_demo()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.screen.focused is None  # drawn without the focus: nothing focused
        table = app.screen.query_one(TimesheetTable)
        column = table.cursor_coordinate.column
        await pilot.press("l")
        await settle(pilot)
        assert app.screen.focused is table
        assert table.cursor_coordinate.column == column + 1  # the key moved the cursor


async def test_the_page_getting_the_focus_gives_it_to_the_grid():
    app = blurred_demo()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.screen.focused is None
        app.app_focus = True  # what the page reporting its focus does
        await settle(pilot)
        assert isinstance(app.screen.focused, TimesheetTable)
