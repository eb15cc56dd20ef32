"""Leaving the TUI with a timer running says so in one line: quitting never reads as
stopping it."""

from __future__ import annotations

from pathlib import Path

from tests.frozen_time import frozen_store
from tui.backends.local import LocalBackend
from tui.cli._tui import still_running
from tui.domain.models import EntryFields


async def test_a_running_timer_is_named_with_its_start_in_the_users_zone(tmp_path: Path) -> None:
    backend = LocalBackend(tmp_path / "s.sqlite3")
    store = frozen_store(backend)
    await store.open()
    try:
        assert still_running(store.snapshot) is None
        ws = store.snapshot.workspace
        assert ws is not None
        project = await backend.create_project(ws.id, "Website\x1b[2J")
        await store.refresh_catalog()
        fields = EntryFields(start=store.server_now(), project_id=project.id, description="Standup")
        await store.start_timer(fields)
        line = still_running(store.snapshot)
    finally:
        await backend.aclose()
    assert line is not None
    assert line.startswith("timer still running: “Standup” · Website")
    assert "\x1b" not in line  # a name with control characters is shown safely
    assert line.endswith("since 10:30 (punch stop stops it)")
