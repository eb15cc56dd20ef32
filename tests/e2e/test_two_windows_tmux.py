"""Two windows on one embedded store, for real: ``punch`` open in tmux while the CLI, in
another process, records time into a cell the grid shows. The grid shows it within about a
second with no key pressed, and a value then typed into that cell means "this cell is now
X": the store ends with exactly that, one piece of time, nothing doubled."""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.terminal import DEADLINE, TZ, Terminal, require_tmux
from tests.installed_punch import punch_command
from tui.backends.local import LocalBackend
from tui.domain.durations import format_duration
from tui.domain.models import EntryFields

pytestmark = pytest.mark.e2e

PROJECT = "Shared"


def run_punch(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [*punch_command(), *args], env=env, capture_output=True, text=True, timeout=DEADLINE
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def cells(screen: str) -> list[str]:
    """The row's seven day cells; seven blanks while the row is not on screen."""
    for line in screen.splitlines():
        if line.strip().startswith(PROJECT):
            found = [part for part in line.split() if part == "·" or ":" in part][:7]
            if len(found) == 7:
                return found
    return [""] * 7


def test_the_cli_writes_a_shown_cell_and_the_grid_follows(
    terminal: Terminal, punch_env: dict[str, str], tmp_path: Path
) -> None:
    require_tmux()
    tz = ZoneInfo(TZ)
    now = datetime.now(tz).replace(second=0, microsecond=0)
    midnight = now.replace(hour=0, minute=0)
    if now - midnight < timedelta(minutes=3):  # the first minutes of a day: let them pass
        time.sleep(200)
        now = datetime.now(tz).replace(second=0, microsecond=0)
        midnight = now.replace(hour=0, minute=0)
    start, end = max(midnight, now - timedelta(minutes=30)), now - timedelta(minutes=1)
    today = now.weekday()
    other = 1 if today == 0 else 0  # the row exists from the start: a quarter on another day
    store = tmp_path / "data" / "punchcard" / "punchcard.sqlite3"
    asyncio.run(_seed(store, midnight + timedelta(days=other - today)))

    terminal.start(punch_command())
    terminal.wait_for("the seeded row", lambda s: cells(s)[other] == "0:15")

    run_punch(punch_env, "start", "From the CLI", "-p", PROJECT, "--at", start.isoformat())
    run_punch(punch_env, "stop", "--at", end.isoformat())
    cli_value = format_duration(int((end - start).total_seconds()))
    # No key pressed: the open grid notices the other process's commit by itself.
    terminal.wait_for(f"{cli_value} from the CLI", lambda s: cells(s)[today] == cli_value)

    terminal.keys(*(["h"] * 6), *(["l"] * today))  # from Monday: it opens on today
    terminal.wait_text(f"{now:%a %d} · {PROJECT}")  # the cursor is on today's cell
    terminal.keys("2", ":", "0", "0", "Enter")
    terminal.wait_for("2:00 typed", lambda s: cells(s)[today] == "2:00")

    week = json.loads(run_punch(punch_env, "week", "--json"))
    [row] = [r for r in week["rows"] if r["project"] == PROJECT]
    assert row["seconds"][today] == 7200, week  # the typed value, not 2:00 on top of the CLI's
    assert row["seconds"][other] == 15 * 60
    terminal.keys("q")


async def _seed(store: Path, day: datetime) -> None:
    backend = LocalBackend(store)
    ws = (await backend.list_workspaces())[0].id
    project = await backend.create_project(ws, PROJECT)
    start = day + timedelta(hours=9)
    await backend.create_entry(
        ws, EntryFields(start=start, end=start + timedelta(minutes=15), project_id=project.id)
    )
    await backend.aclose()
