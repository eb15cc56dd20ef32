"""Kill test: the installed ``punch`` in tmux, a burst of values typed in one ``send-keys``,
and ``kill -9`` right after the screen shows the last one (or, every third round, in the
middle of the burst). Then the store is opened: SQLite's integrity check passes, every value
the grid showed is stored, and no cell holds half an edit.

Each round runs on a fresh data dir. ``ROUNDS`` rounds are run; the count is in the note of
issue 10.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import signal
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.terminal import TZ, Terminal, require_tmux, terminal_env
from tests.installed_punch import punch_command
from tui.backends.local import LocalBackend
from tui.domain.durations import format_duration
from tui.domain.models import EntryFields
from tui.domain.timesheet import build_grid
from tui.domain.weeks import local_date, week_bounds, week_days, week_start_date

pytestmark = pytest.mark.e2e

ROUNDS = int(os.environ.get("KILL_ROUNDS", "30"))
PROJECT = "Killed"
SEED_SUNDAY = 15 * 60  # the row exists from the start: a quarter on Sunday


async def seed(store: Path, week: datetime) -> None:
    backend = LocalBackend(store)
    ws = (await backend.list_workspaces())[0].id
    project = await backend.create_project(ws, PROJECT)
    sunday = week + timedelta(days=6, hours=9)
    end = sunday + timedelta(seconds=SEED_SUNDAY)
    await backend.create_entry(ws, EntryFields(start=sunday, end=end, project_id=project.id))
    await backend.aclose()


async def stored_row(store: Path) -> tuple[str, tuple[int, ...]]:
    """The integrity check's answer, and the row's seven cells as the store holds them."""
    with sqlite3.connect(store) as conn:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    backend = LocalBackend(store)
    try:
        ws = (await backend.list_workspaces())[0].id
        tz = ZoneInfo(TZ)
        first = week_start_date(local_date(datetime.now(tz), tz), 0)
        entries = await backend.list_entries(ws, *week_bounds(first, tz))
    finally:
        await backend.aclose()
    grid = build_grid(entries, week_days(first), tz, _catalog_free())
    seconds = grid.rows[0].seconds if grid.rows else (0,) * 7
    return integrity, seconds


def _catalog_free():  # type: ignore[no-untyped-def]
    from tui.domain.timesheet import Catalog

    return Catalog()


def shown_row(screen: str) -> tuple[str, ...] | None:
    """The row's seven day cells as the grid shows them (``·`` for nothing, a value with
    ``▏`` while it is being typed)."""
    match = re.search(rf"^\s*{PROJECT}\s+(.*)$", screen, re.MULTILINE)
    if match is None:
        return None
    # A value being typed shows with the editor's caret after it: not a saved value.
    cells = re.findall(r"(\d+:\d\d▏?|\d*▏|·)", match.group(1))
    return tuple(cells[:7]) if len(cells) >= 7 else None


def first_cell(screen: str) -> str:
    row = shown_row(screen)
    return row[0] if row else ""


def as_text(seconds: int) -> str:
    return format_duration(seconds) if seconds else "·"


def start_punch(terminal: Terminal, pidfile: Path) -> int:
    """``punch`` in the pane, under its own pid (``exec``), which is read back."""
    command = " ".join(punch_command())
    terminal.start(["sh", "-c", f"echo $$ > {pidfile}; exec {command}"])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if pidfile.exists() and pidfile.read_text().strip():
            return int(pidfile.read_text())
        time.sleep(0.02)
    pytest.fail("punch never started", pytrace=False)


def burst(rng: random.Random) -> tuple[list[str], list[int]]:
    """tmux key names for a few values typed into the Monday cell, each ended with Enter."""
    # Distinct values: the grid showing the last one must mean the last edit was stored, not
    # an earlier edit of the same value with a later one still on its way.
    values = [quarters * 15 * 60 for quarters in rng.sample(range(1, 33), rng.randint(2, 6))]
    keys: list[str] = ["Left"] * 6  # to Monday: the grid opens on today's column
    for value in values:
        keys.extend(format_duration(value))
        keys.append("Enter")
    return keys, values


def test_kill_nine_after_a_burst_loses_nothing_shown(tmp_path: Path) -> None:
    tmux = require_tmux()
    tz = ZoneInfo(TZ)
    today = local_date(datetime.now(tz), tz)
    week = datetime.combine(week_start_date(today, 0), datetime.min.time(), tz)

    def one_round(round_no: int) -> str:
        rng = random.Random(round_no)
        home = tmp_path / f"round{round_no}"
        store = home / "data" / "punchcard" / "punchcard.sqlite3"
        asyncio.run(seed(store, week))
        terminal = Terminal(tmux, terminal_env(home))
        keys, values = burst(rng)
        typed = {as_text(v) for v in values}
        mid_burst = round_no % 3 == 2
        try:
            pid = start_punch(terminal, home / "punch.pid")
            terminal.wait_for("the seeded row", lambda s: shown_row(s) is not None)
            terminal.keys(*keys)  # one send-keys: the whole burst in one write
            if mid_burst:  # as soon as any value of the burst shows, the rest in flight

                def arrived(screen: str) -> bool:
                    return first_cell(screen) in typed

            else:
                last = as_text(values[-1])

                def arrived(screen: str) -> bool:
                    return first_cell(screen) == last

            shown = terminal.wait_for("the burst's values", arrived)
            os.kill(pid, signal.SIGKILL)
        finally:
            terminal.kill()
        integrity, seconds = asyncio.run(stored_row(store))
        assert integrity == "ok", f"round {round_no}: {integrity}"
        assert seconds[6] == SEED_SUNDAY, f"round {round_no}: another cell changed"
        assert seconds[0] in {0, *values}, f"round {round_no}: half an edit: {seconds[0]}"
        row = shown_row(shown)
        if not mid_burst:
            # Everything the grid showed as saved is stored.
            assert row == tuple(as_text(s) for s in seconds), f"round {round_no}: {row}"
        elif row is not None and "Enter saves" not in shown:
            # Shown before the kill, so stored; a later value of the burst may follow it.
            first = next(i for i, v in enumerate(values) if as_text(v) == row[0])
            assert seconds[0] in values[first:], f"round {round_no}: {row} {seconds}"
        return f"{round_no}:{'mid' if mid_burst else 'end'}:{seconds[0]}"

    # Two terminals at a time: most of a round is punch starting up.
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(one_round, range(ROUNDS)))
    assert len(results) == ROUNDS
    print(f"kill -9 rounds: {ROUNDS}; Monday cell stored per round: {' '.join(results)}")
