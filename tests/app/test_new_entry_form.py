"""A new entry opens with real values (after the day's last entry, an hour long), so Enter
alone saves a sensible entry; the form's fields show them as values, not placeholders."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from textual.widgets import Input

from tests.app.burst_helpers import burst, handled
from tests.app.pilot_helpers import from_monday, loaded, settle
from tests.app.test_key_bursts import SIZE, with_row
from tui.app import PunchcardApp
from tui.screens.entry_form import EntryFormScreen


async def test_n_then_enter_saves_an_hour_after_the_days_last_entry(
    make_app: Callable[[], PunchcardApp], store_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await with_row(pilot, "Alpha", "1")  # Monday: one hour, from the workday's start
        burst(app, "e", "n")
        await handled(pilot)
        assert isinstance(app.screen, EntryFormScreen)
        start = app.screen.query_one("#entry-start", Input)
        end = app.screen.query_one("#entry-end", Input)
        assert (start.value, end.value) == ("10:00", "11:00")
        burst(app, "enter", "escape")
        await handled(pilot)
        await settle(pilot)
        await from_monday(pilot)
        monday = sorted((e.start, e.seconds()) for e in loaded(app).entries if e.start.day == 16)
        assert [seconds for _, seconds in monday] == [3600, 3600]
        assert monday[1][0] - monday[0][0] == timedelta(hours=1)  # right after the first


async def test_an_end_before_the_start_is_refused_in_the_dialog_until_marked_next_day(
    make_app: Callable[[], PunchcardApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await with_row(pilot, "Alpha")
        burst(app, "e", "n")
        await handled(pilot)
        form = app.screen
        assert isinstance(form, EntryFormScreen)
        form.query_one("#entry-start", Input).value = "23:00"
        form.query_one("#entry-end", Input).value = "01:00"
        burst(app, "ctrl+s")
        await handled(pilot)
        assert app.screen is form  # not saved: the error is where the user is looking
        error = str(form.query_one("#entry-error").render())
        assert "End is before Start — write 01:00+1d for the next day" in error
        form.query_one("#entry-end", Input).value = "01:00+1d"
        burst(app, "ctrl+s", "escape")
        await handled(pilot)
        await settle(pilot)
        [saved] = [e for e in loaded(app).entries if e.start.day == 16]
        assert saved.seconds() == 2 * 3600


async def test_enters_in_a_burst_each_close_only_the_dialog_they_were_typed_into(
    make_app: Callable[[], PunchcardApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await with_row(pilot, "Alpha", "1")
        # n's form saved by the first Enter; the second opens the highlighted entry, the
        # third saves it unchanged; Esc closes the entries. No screen-stack error.
        burst(app, "e", "n", "enter", "enter", "enter", "escape")
        await handled(pilot)
        await settle(pilot)
        await from_monday(pilot)
        assert len(app.screen_stack) == 1
        monday = [e for e in loaded(app).entries if e.start.day == 16]
        assert sorted(e.seconds() for e in monday) == [3600, 3600]
