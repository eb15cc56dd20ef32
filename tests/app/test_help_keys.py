"""`?` at 80 columns: every key of the screen it was opened from, each key once, and a long
description wrapping under its own column."""

from __future__ import annotations

from collections import Counter

import pytest
from textual.pilot import Pilot

from tests.app.pilot_helpers import demo_app, help_lines, settle
from tui.app import PunchcardApp
from tui.screens.help import HelpScreen

SIZE = (80, 24)


async def open_help(pilot: Pilot[None], *first: str) -> HelpScreen:
    await settle(pilot)
    for key in first:
        await pilot.press(key)
        await settle(pilot)
    await pilot.press("question_mark")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, HelpScreen)
    return screen


def keys_of(help_screen: HelpScreen) -> list[str]:
    """Every key the list shows, one item per key (a row such as "esc / r" holds two)."""
    return [key for shown, _ in help_screen._rows() for key in shown.split(" / ")]


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        ((), {"⏎", "a", "e", "del", "⌫", "[", "]", "c", "C", "r", "s", "x", "q", "?", "ctrl+p"}),
        (("r",), {"⏎", "esc", "r", "[", "]", "t", "b", "e", "q", "?"}),
        (("space",), {"⏎", "esc", "space", "x", "X", "s", "e", "1", "0", "q", "?"}),
    ],
    ids=["grid", "review", "timer"],
)
async def test_help_lists_every_key_of_the_screen_once(first, expected) -> None:
    app: PunchcardApp = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        help_screen = await open_help(pilot, *first)
        keys = keys_of(help_screen)
        twice = [key for key, n in Counter(keys).items() if n > 1]
        assert twice == []
        assert expected <= set(keys)


async def test_the_review_says_what_enter_and_r_do() -> None:
    app: PunchcardApp = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        rows = dict((await open_help(pilot, "r"))._rows())
        assert rows["⏎"].startswith("Go to the cell")
        assert rows["esc / r"] == "Back to the grid"


async def test_a_wrapped_description_stays_in_its_column() -> None:
    app: PunchcardApp = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        lines = help_lines(await open_help(pilot))
        first = next(n for n, line in enumerate(lines) if line.startswith("0-9"))
        column = lines[first].index("Type a duration")
        after = lines[first + 1]
        # The description did wrap at 80 columns, and its next line starts under its start.
        assert "enter saves" not in lines[first]
        assert after[:column].strip() == ""
        assert after[column] != " "


async def test_a_short_list_takes_only_the_room_it_needs() -> None:
    app: PunchcardApp = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        help_screen = await open_help(pilot, "r")  # the review's dozen keys
        frame = help_screen.query_one("#help")
        rows = len(help_screen._rows())
        # Its rows (a couple wrap), the title and the two edges: not the terminal's height.
        assert frame.region.height <= rows + 6
        assert frame.region.height < SIZE[1] - 4
