"""End to end in a real terminal (tmux): punch opens with a timer running, the elapsed time
advances on screen, the running minute reaches the totals, `x` stops it, and the finished
time is in the grid and in `punch week --json`. It waits on what the screen shows (polling
against a deadline), never on a fixed sleep.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.e2e.terminal import (
    DEADLINE,
    EXIT_MARK,
    Terminal,
    clock,
    require_tmux,
    seed,
)
from tests.installed_punch import punch_command

pytestmark = pytest.mark.e2e


@pytest.fixture
def term(home: dict[str, str]) -> Iterator[Terminal]:
    terminal = Terminal(shutil.which("tmux") or "tmux", home)
    try:
        yield terminal
    finally:
        terminal.kill()


def total(screen: str) -> str:
    line = next(line for line in screen.splitlines() if line.startswith("Total"))
    return line.split()[-1]


def test_the_timer_ticks_on_screen_and_stops_from_the_keyboard(
    term: Terminal, home: dict[str, str]
):
    require_tmux()
    now = datetime.now(UTC)
    asyncio.run(seed(Path(home["XDG_DATA_HOME"]) / "punchcard" / "punchcard.sqlite3", now))

    term.start(punch_command())
    first = term.wait_for("the running timer", lambda s: clock(s) is not None and "Total" in s)
    started_at = clock(first)
    assert started_at is not None, first
    assert started_at.startswith("0:01:"), first
    assert "Watching the clock" in first
    assert "● E2E Timer" in first
    # The elapsed time advances on screen, from the server's start (1:50 ago), not from 0.
    later = term.wait_for(
        "the clock to advance", lambda s: (c := clock(s)) is not None and c > started_at
    )
    # The running minute reaches the totals on screen: 1:00 done + 0:01 → 0:02 running.
    before = total(later)
    assert before in ("1:01", "1:02"), later
    turned = term.wait_for("the total to count the running minute", lambda s: total(s) == "1:02")
    assert "1:02" in turned

    term.keys("x")
    stopped = term.wait_text("Stopped")  # said once the stop is stored
    assert "No timer running" in stopped
    assert total(stopped) == "1:02"
    assert "● E2E Timer" not in stopped

    term.keys("q")
    term.wait_text(f"{EXIT_MARK}=0")
    week = subprocess.run(
        [*punch_command(), "week", "--json"],
        env=home,
        capture_output=True,
        text=True,
        timeout=DEADLINE,
    )
    payload = json.loads(week.stdout)
    assert payload["running"] is None
    # stopped once the total read 1:02 (from 1:01:30, to the nearest minute), before 1:03
    assert 3600 + 90 <= payload["total"] < 3600 + 180, payload
    status = subprocess.run(
        [*punch_command(), "status"], env=home, capture_output=True, text=True, timeout=DEADLINE
    )
    assert status.stdout.startswith("No timer running"), status.stdout
