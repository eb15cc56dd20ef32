"""End to end: one ``send-keys`` carrying a whole burst (moves, values, Enter, Tab, a row
added through the picker), as a fast typist or a batching SSH link delivers it, and every
value is in the store afterwards (read with ``punch week --json``)."""

from __future__ import annotations

import json
import subprocess
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.terminal import DEADLINE, EXIT_MARK, TZ, Terminal, require_tmux, row_line
from tests.installed_punch import punch_command

pytestmark = pytest.mark.e2e

H = 3600


def add_row(terminal: Terminal, name: str) -> None:
    """Add a row at a person's pace, looking before each step."""
    terminal.keys("a")
    terminal.wait_text("Add a row")
    terminal.type(name)
    terminal.wait_text("New project")
    terminal.keys("Enter")
    terminal.wait_line(row_line(name, "·"))


def stored_rows(punch: list[str], env: dict[str, str], day: date) -> dict[str, list[int]]:
    """Each row's seven day values as ``punch week --json`` reads them from the store."""
    week = subprocess.run(
        [*punch, "week", "--json", "--date", day.isoformat()],
        env=env,
        capture_output=True,
        text=True,
        timeout=DEADLINE,
    )
    assert week.returncode == 0, week.stderr
    return {row["project"]: row["seconds"] for row in json.loads(week.stdout)["rows"]}


def test_a_burst_down_a_column_and_across_a_row_stores_every_value(
    terminal: Terminal, punch_env: dict[str, str]
) -> None:
    require_tmux()
    punch = punch_command()
    today = datetime.now(ZoneInfo(TZ)).date()
    terminal.start(punch)
    terminal.wait_text("No time this week")
    for name in ("Row A", "Row B", "Row C"):
        add_row(terminal, name)

    # One send-keys: to the first row, down Monday's column typing a value in each row,
    # across Row C with Tab, up to Row B's Thursday, then a new row through the picker
    # (typed ahead into it), where the cursor keeps its day: back to Monday for a value.
    terminal.keys(
        "Home",
        *(["Left"] * 6),  # to Monday: the grid opens on today's column
        *("1", "Enter", "Down", "2", "Enter", "Down", "3", "Enter"),
        *("Right", "4", "Tab", "5", "Tab", "6", "Enter", "Up", "7", "Enter"),
        *("a", "R", "o", "w", "Space", "D", "Enter", "Left", "Left", "Left", "8", "Enter"),
    )
    terminal.wait_line(row_line("Row D", "8:00"))
    terminal.settled()
    terminal.keys("q")
    terminal.wait_text(f"{EXIT_MARK}=0")

    rows = stored_rows(punch, punch_env, today)
    assert rows == {
        "Row A": [1 * H, 0, 0, 0, 0, 0, 0],
        "Row B": [2 * H, 0, 0, 7 * H, 0, 0, 0],
        "Row C": [3 * H, 4 * H, 5 * H, 6 * H, 0, 0, 0],
        "Row D": [8 * H, 0, 0, 0, 0, 0, 0],
    }


def test_an_undo_and_relative_values_at_the_end_of_a_burst_act_on_what_was_typed_before(
    terminal: Terminal, punch_env: dict[str, str]
) -> None:
    """Typed before the values ahead of them are stored: u must take back the 45m (not be
    dropped because nothing is on the undo list yet), and +30m twice must add an hour."""
    require_tmux()
    punch = punch_command()
    today = datetime.now(ZoneInfo(TZ)).date()
    terminal.start(punch)
    terminal.wait_text("No time this week")
    add_row(terminal, "Row A")
    terminal.keys(
        "Home",
        *(["Left"] * 6),  # to Monday: the grid opens on today's column
        *("1", ":", "3", "0", "Tab", "2", "Tab", "4", "5", "m", "Enter", "u"),
        *("Left", "Left", "+", "3", "0", "m", "Enter", "+", "3", "0", "m", "Enter"),
    )
    terminal.wait_line(row_line("Row A", "2:30"))
    terminal.settled()
    terminal.keys("q")
    terminal.wait_text(f"{EXIT_MARK}=0")
    assert stored_rows(punch, punch_env, today) == {"Row A": [9000, 2 * H, 0, 0, 0, 0, 0]}
