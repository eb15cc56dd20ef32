"""The TUI on a store it may only read (a backup, a mounted copy): it opens, shows the week,
says it is read-only on the status line, refuses an edit in words and keeps running; the
file is not changed. Run as a plain user would be (:mod:`tests.plain_user`)."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.terminal import EXIT_MARK, TZ, Terminal, require_tmux
from tests.installed_punch import punch_command
from tests.plain_user import plain_user_argv
from tui.backends.local import LocalBackend
from tui.domain.models import EntryFields

pytestmark = pytest.mark.e2e


async def _seed(path: Path) -> None:
    backend = LocalBackend(path)
    ws = (await backend.list_workspaces())[0].id
    project = await backend.create_project(ws, "Archived Work")
    now = datetime.now(ZoneInfo(TZ)).replace(microsecond=0)
    start = now.replace(hour=0, minute=0, second=0)
    await backend.create_entry(
        ws, EntryFields(start=start, end=start + timedelta(hours=1), project_id=project.id)
    )
    await backend.aclose()


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_the_tui_opens_a_read_only_store_and_says_so(terminal: Terminal, tmp_path: Path) -> None:
    require_tmux()
    folder = tmp_path / "data" / "punchcard"
    asyncio.run(_seed(folder / "punchcard.sqlite3"))
    for item in folder.iterdir():
        item.chmod(0o444)
    folder.chmod(0o555)
    before = _digest(folder)
    try:
        terminal.start(plain_user_argv(punch_command()))
        terminal.wait_text("Archived Work")
        terminal.wait_text("Read-only: changes cannot be saved")
        terminal.keys("3")
        terminal.keys("Enter")
        terminal.wait_line(r"Not saved.*read-only")
        terminal.keys("q")
        terminal.wait_text(f"{EXIT_MARK}=0")
    finally:
        folder.chmod(0o755)
    assert _digest(folder) == before
