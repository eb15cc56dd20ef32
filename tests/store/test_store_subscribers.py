"""What happens beside a new snapshot, as subscribers: the status file `punch status` reads,
and the workspace remembered for the next start (never by the demo)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from tests.frozen_time import BERLIN, FROZEN_NOW
from tests.store.parts import first_snapshot
from tui import locations
from tui.backends.local import LocalBackend
from tui.config import Settings, load_state
from tui.domain.models import TimeEntry, Workspace
from tui.store import Store
from tui.store.history import History
from tui.store.publisher import Publisher
from tui.store.remembered_workspace import RememberedWorkspace
from tui.store.status_file import read_status
from tui.store.status_writer import StatusFileWriter

WS = Workspace(id="ws1", name="Personal")


def running_entry() -> TimeEntry:
    return TimeEntry(
        id="e1", workspace_id=WS.id, start=FROZEN_NOW - timedelta(minutes=20), description="Docs"
    )


def writer_on_publisher(tmp_path: Path) -> tuple[Publisher, StatusFileWriter, list[str]]:
    publisher = Publisher(first_snapshot(), lambda: FROZEN_NOW, History())
    warnings: list[str] = []
    writer = StatusFileWriter(
        tmp_path / "status.json", now=publisher.now, clock_offset=lambda: 1.25, warn=warnings.append
    )
    publisher.subscribe(writer)
    return publisher, writer, warnings


def test_a_running_timer_is_written_on_publish(tmp_path: Path) -> None:
    publisher, writer, warnings = writer_on_publisher(tmp_path)
    publisher.publish(workspace=WS)
    assert read_status(writer.path) is None  # still loading: nothing confirmed yet
    publisher.publish(loading=False, running=running_entry())
    status = read_status(writer.path)
    assert status is not None
    assert status["running"]["id"] == "e1"
    assert status["running"]["description"] == "Docs"
    assert status["workspace"] == "Personal"
    assert status["clock_offset"] == 1.25
    assert status["checked_at"] == "2026-11-18T09:30:00Z"
    assert warnings == []


def test_the_file_is_rewritten_only_when_the_status_changes_or_a_check_confirms_it(
    tmp_path: Path,
) -> None:
    publisher, writer, _ = writer_on_publisher(tmp_path)
    publisher.publish(workspace=WS, loading=False, running=running_entry())
    writer.path.unlink()
    publisher.say("a message changes nothing the status file says")
    assert not writer.path.exists()
    writer.checked(FROZEN_NOW + timedelta(seconds=30), unchanged=False)
    assert not writer.path.exists()  # a publish follows; that one writes if need be
    writer.checked(FROZEN_NOW + timedelta(seconds=60), unchanged=True)
    status = read_status(writer.path)
    assert status is not None
    assert status["checked_at"] == "2026-11-18T09:31:00Z"
    publisher.publish(running=None)
    status = read_status(writer.path)
    assert status is not None
    assert status["running"] is None


def test_a_status_file_that_cannot_be_written_is_said_once(tmp_path: Path) -> None:
    publisher, writer, warnings = writer_on_publisher(tmp_path)
    writer.path.mkdir()  # a folder where the file should be
    publisher.publish(workspace=WS, loading=False, running=running_entry())
    publisher.publish(running=None)
    assert len(warnings) == 1
    assert warnings[0].startswith("Could not write the status file")


def make_store(path: Path, *, remember: bool) -> Store:
    return Store(
        LocalBackend(path),
        Settings(timezone="Europe/Berlin"),
        clock=lambda: FROZEN_NOW,
        machine_tz=BERLIN,
        remember_workspace=remember,
    )


async def test_keep_status_file_attaches_and_detaches_the_writer(
    store_path: Path, tmp_path: Path
) -> None:
    store = make_store(store_path, remember=False)
    path = tmp_path / "status.json"
    store.keep_status_file(path)
    await store.open()
    assert await store.start_timer(store.row_template((None, None)).replace(description="Run"))
    status = read_status(path)
    assert status is not None
    assert status["running"]["description"] == "Run"
    store.keep_status_file(None)
    await store.stop_timer()
    status = read_status(path)
    assert status is not None
    assert status["running"] is not None


async def test_a_switch_is_remembered_and_opened_next_time(store_path: Path) -> None:
    store = make_store(store_path, remember=True)
    assert isinstance(store.backend, LocalBackend)
    other = await store.backend.create_workspace("Other")
    await store.open()
    assert store.snapshot.workspace is not None
    assert store.snapshot.workspace.id != other.id
    assert not locations.state_file().exists()  # opening remembers nothing new
    await store.switch_workspace(other.id)
    assert load_state()["workspace"] == other.id
    await store.backend.aclose()
    again = make_store(store_path, remember=True)
    await again.open()
    assert again.snapshot.workspace == other


async def test_a_store_that_does_not_remember_never_saves(store_path: Path) -> None:
    store = make_store(store_path, remember=False)  # the demo's
    assert isinstance(store.backend, LocalBackend)
    other = await store.backend.create_workspace("Other")
    await store.open()
    await store.switch_workspace(other.id)
    assert store.snapshot.workspace == other
    assert not locations.state_file().exists()


def test_remembering_saves_on_a_change_of_workspace_only() -> None:
    remembered = RememberedWorkspace()
    snap = first_snapshot()
    remembered(snap)  # no workspace yet
    remembered(replace(snap, workspace=WS))  # the first one opened
    assert not locations.state_file().exists()
    other = Workspace(id="ws2", name="Other")
    remembered(replace(snap, workspace=other))
    assert load_state()["workspace"] == "ws2"


def test_a_snapshot_is_synced_with_nothing_pending_until_the_journal_lands() -> None:
    snap = first_snapshot()
    assert snap.sync == "synced"
    assert snap.pending_writes == 0
