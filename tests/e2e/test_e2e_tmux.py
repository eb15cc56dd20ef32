"""End to end: the installed ``punch`` in a real terminal (tmux), on a store in ``tmp_path``.

The test types like a person: it waits for what the screen shows before the next step, by
polling ``capture-pane`` against a deadline, never by sleeping a fixed time. tmux is required:
CI installs it, so a missing tmux fails the test loudly instead of skipping it.
"""

from __future__ import annotations

import json
import re
import subprocess
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.terminal import (
    DEADLINE,
    EXIT_MARK,
    TZ,
    Terminal,
    require_tmux,
    row_line,
)
from tests.installed_punch import punch_command

pytestmark = pytest.mark.e2e


def test_type_hours_quit_and_find_them_again(terminal: Terminal, punch_env: dict[str, str]):
    require_tmux()
    punch = punch_command()
    today = datetime.now(ZoneInfo(TZ)).date()

    terminal.start(punch)
    terminal.wait_text("No time this week")  # an empty store, loaded

    terminal.keys("a")
    terminal.wait_text("Add a row")
    terminal.type("E2E Project")
    terminal.wait_text("New project")
    terminal.keys("Enter")  # creates the project and adds its row
    terminal.wait_line(row_line("E2E Project", "·"))

    # The grid opens on today's column; go to Monday (the cursor stops there), then step off
    # it and back.
    terminal.keys(*["h"] * 6, "l", "h")
    # The first digit opens the cell editor; the rest goes in once it is open, key by key as
    # a person types (test_typeahead_into_cell_keeps_every_key covers a burst).
    for key in "2:15":
        terminal.type_and_wait(key)
    terminal.wait_text("2:15")  # in the editor; the grid does not show it yet
    terminal.keys("Enter")
    terminal.wait_line(row_line("E2E Project", "2:15"))

    terminal.keys("q")
    terminal.wait_text(f"{EXIT_MARK}=0")
    terminal.stop()

    terminal.start(punch)
    terminal.wait_line(row_line("E2E Project", "2:15"))
    terminal.keys("q")
    terminal.wait_text(f"{EXIT_MARK}=0")

    week = subprocess.run(
        [*punch, "week", "--json", "--date", today.isoformat()],
        env=punch_env,
        capture_output=True,
        text=True,
        timeout=DEADLINE,
    )
    assert week.returncode == 0, week.stderr
    payload = json.loads(week.stdout)
    rows = [row for row in payload["rows"] if row["project"] == "E2E Project"]
    assert len(rows) == 1, payload
    assert rows[0]["seconds"][0] == 8100, payload
    assert rows[0]["total"] == 8100, payload
    assert datetime.fromisoformat(payload["days"][0]).weekday() == 0  # Monday


def test_typeahead_into_cell_keeps_every_key(terminal: Terminal):
    """Keys typed faster than the screen repaints all land in the cell, in order. (An earlier
    grid restarted the edit on every key that arrived before its editor had the focus, so a
    burst of "2:15" became "5:00", or left an empty editor open when Enter came along too.)"""
    require_tmux()
    terminal.start(punch_command())
    terminal.wait_text("No time this week")
    terminal.keys("a")
    terminal.wait_text("Add a row")
    terminal.type("Burst")
    terminal.wait_text("New project")
    terminal.keys("Enter")
    terminal.wait_line(row_line("Burst", "·"))
    terminal.keys(*["h"] * 6)  # to Monday, from today's column (the cursor stops there)
    terminal.type("2:15")  # one burst, like a paste or a fast typist over ssh
    terminal.keys("Enter")
    shown = terminal.settled()
    assert re.search(row_line("Burst", "2:15"), shown, re.MULTILINE), shown
