"""What only the embedded SQLite store promises: its file, its durability, its demo data."""

from __future__ import annotations

import asyncio
import getpass
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tui.backends.errors import BackendError, ValidationError
from tui.backends.local import LocalBackend
from tui.backends.local.demo import seed_demo, seed_large
from tui.backends.local.schema import SCHEMA_VERSION
from tui.domain.models import EntryFields, TimeEntry

T0 = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
H = timedelta(hours=1)
BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 18, 14, 42, 17, tzinfo=UTC)
EVER = (datetime(1970, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "nested" / "dirs" / "store.sqlite3"


async def _workspace(backend: LocalBackend) -> str:
    return (await backend.list_workspaces())[0].id


def _pragma(path: Path, name: str) -> object:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]


async def test_a_fresh_store(path: Path) -> None:
    backend = LocalBackend(path)
    try:
        # A stat of a local file, blocking the test's own loop for microseconds.
        assert path.exists()  # noqa: ASYNC240 -- parent directories were made
        assert backend.name == "local"
        caps = backend.capabilities
        assert caps.billable
        assert caps.tags
        assert caps.clients
        assert caps.running_timer
        assert caps.create_workspaces
        assert not caps.submit_timesheet
        assert [w.name for w in await backend.list_workspaces()] == ["Personal"]
        user = await backend.get_user()
        assert user.name
        assert user.timezone is None
        assert user.week_start is None
    finally:
        await backend.aclose()
    assert _pragma(path, "user_version") == SCHEMA_VERSION == 1
    assert _pragma(path, "journal_mode") == "wal"


async def test_user_without_a_login_name(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_login() -> str:
        raise OSError("no login name")

    monkeypatch.setattr(getpass, "getuser", no_login)
    backend = LocalBackend(path)
    assert (await backend.get_user()).name == "me"
    await backend.aclose()


async def test_reopening_keeps_everything(path: Path) -> None:
    backend = LocalBackend(path)
    ws = await _workspace(backend)
    user = await backend.get_user()
    project = await backend.create_project(ws, "Website", color="#112233")
    entry = await backend.create_entry(ws, EntryFields(start=T0, end=T0 + H, project_id=project.id))
    running = await backend.create_entry(ws, EntryFields(start=T0 + 2 * H))
    await backend.aclose()

    again = LocalBackend(path)
    try:
        assert await again.get_user() == user
        assert [w.id for w in await again.list_workspaces()] == [ws]
        assert await again.list_projects(ws) == [project]
        assert await again.list_entries(ws, *EVER) == [entry, running]
        assert await again.running_entry(ws) == running
    finally:
        await again.aclose()


async def test_two_instances_see_each_others_writes(path: Path) -> None:
    one, two = LocalBackend(path), LocalBackend(path)
    try:
        ws = await _workspace(one)
        assert await _workspace(two) == ws
        entry = await one.create_entry(ws, EntryFields(start=T0, end=T0 + H, description="a"))
        assert await two.list_entries(ws, *EVER) == [entry]
        changed = await two.update_entry(entry.replace(description="b"))
        assert await one.list_entries(ws, *EVER) == [changed]
        tag = await two.create_tag(ws, "urgent")
        assert await one.list_tags(ws) == [tag]
        with pytest.raises(ValidationError):  # the duplicate check sees the other's write
            await one.create_tag(ws, "URGENT")
        await one.delete_entry(ws, entry.id)
        assert await two.list_entries(ws, *EVER) == []
    finally:
        await one.aclose()
        await two.aclose()


async def test_a_write_waits_for_another_process_lock(path: Path) -> None:
    backend = LocalBackend(path)
    ws = await _workspace(backend)
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, lambda: holder.execute("COMMIT"))
    release.start()
    try:
        created = await backend.create_client(ws, "Acme")  # waits rather than failing
        assert [c.id for c in await backend.list_clients(ws)] == [created.id]
    finally:
        release.join()
        holder.close()
        await backend.aclose()


async def test_sigkill_mid_transaction_loses_only_that_transaction(path: Path) -> None:
    backend = LocalBackend(path)
    ws = await _workspace(backend)
    kept = await backend.create_entry(ws, EntryFields(start=T0, end=T0 + H, description="kept"))
    await backend.aclose()

    # Enough rows that SQLite spills uncommitted pages into the WAL before the kill.
    script = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from tui.backends.local import schema
        conn = schema.connect(Path({str(path)!r}))
        conn.execute("BEGIN IMMEDIATE")
        rows = [(f"e{{i}}", {ws!r}, i, i + 60, "x" * 200, None, None, 0) for i in range(50000)]
        conn.executemany(schema.ENTRY_INSERT, rows)
        conn.execute("UPDATE entry SET description = 'clobbered'")
        print("in the middle", flush=True)
        time.sleep(60)
        """
    )
    # A plain Popen on purpose: the test SIGKILLs it mid-write, then waits for it.
    proc = subprocess.Popen(  # noqa: ASYNC220
        [sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        line = await asyncio.wait_for(asyncio.to_thread(proc.stdout.readline), timeout=30)
        assert line.strip() == "in the middle"
        assert Path(f"{path}-wal").stat().st_size > 0  # noqa: ASYNC240 -- one stat
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL

    assert _pragma(path, "integrity_check") == "ok"
    again = LocalBackend(path)
    try:
        assert await again.list_entries(ws, *EVER) == [kept]
        assert _pragma(path, "integrity_check") == "ok"
    finally:
        await again.aclose()


async def test_times_keep_whole_seconds(path: Path) -> None:
    backend = LocalBackend(path)
    ws = await _workspace(backend)
    berlin = (T0 + timedelta(microseconds=999_999)).astimezone(BERLIN)
    entry = await backend.create_entry(ws, EntryFields(start=berlin, end=berlin + H))
    assert entry.start == T0
    assert entry.start.tzinfo == UTC
    assert entry.end == T0 + H
    assert not entry.locked
    assert await backend.list_entries(ws, *EVER) == [entry]
    await backend.aclose()


async def test_a_zero_length_entry_belongs_to_its_window(path: Path) -> None:
    backend = LocalBackend(path)
    ws = await _workspace(backend)
    blip = await backend.create_entry(ws, EntryFields(start=T0, end=T0))
    assert await backend.list_entries(ws, T0, T0 + H) == [blip]
    assert await backend.list_entries(ws, T0 - H, T0) == []
    assert await backend.list_entries(ws, T0 + H, T0) == []
    await backend.aclose()


async def test_timer_rules(path: Path) -> None:
    backend = LocalBackend(path)
    ws = await _workspace(backend)
    running = await backend.create_entry(ws, EntryFields(start=T0))
    with pytest.raises(ValidationError):  # would have to end the running one before it began
        await backend.create_entry(ws, EntryFields(start=T0 - H))
    finished = await backend.create_entry(ws, EntryFields(start=T0 - 3 * H, end=T0 - 2 * H))
    # Setting an old entry running stops the current timer at its start when that fits.
    with pytest.raises(ValidationError):
        await backend.update_entry(finished.replace(end=None))
    later = await backend.create_entry(ws, EntryFields(start=T0 + H, end=T0 + 2 * H))
    restarted = await backend.update_entry(later.replace(end=None))
    assert await backend.running_entry(ws) == restarted
    listed = {e.id: e for e in await backend.list_entries(ws, *EVER)}
    assert listed[running.id].end == T0 + H
    with pytest.raises(ValidationError):
        await backend.bulk_insert_entries(ws, [EntryFields(start=T0), EntryFields(start=T0)])
    await backend.aclose()


async def test_bad_input_is_refused_readably(path: Path) -> None:
    backend = LocalBackend(path)
    ws = await _workspace(backend)
    with pytest.raises(ValidationError, match="colour"):
        await backend.create_project(ws, "Web", color="blue")
    with pytest.raises(ValidationError, match="name"):
        await backend.create_client(ws, "   ")
    with pytest.raises(ValidationError, match="time zone"):
        await backend.list_entries(ws, datetime(2026, 1, 1), datetime(2026, 1, 2))
    web = await backend.create_project(ws, "Web")
    task = await backend.create_task(ws, web.id, "Design")
    other = await backend.create_project(ws, "Other")
    with pytest.raises(ValidationError, match="another project"):
        await backend.update_task(task.replace(project_id=other.id))
    await backend.aclose()
    with pytest.raises(BackendError, match="closed"):
        await backend.list_workspaces()


async def test_a_newer_schema_is_refused(path: Path) -> None:
    await LocalBackend(path).aclose()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(BackendError, match="newer punchcard"):
        LocalBackend(path)


# Seeded stores


def _portable(entries: list[TimeEntry], names: dict[str, str]) -> list[tuple[object, ...]]:
    """Entries with ids swapped for names, to compare two stores seeded apart."""
    return [
        (
            e.start,
            e.end,
            e.description,
            names.get(e.project_id or ""),
            names.get(e.task_id or ""),
            tuple(names[t] for t in e.tag_ids),
            e.billable,
        )
        for e in entries
    ]


async def _seeded(path: Path, now: datetime) -> tuple[LocalBackend, str, list[TimeEntry]]:
    backend = LocalBackend(path)
    await seed_demo(backend, now, BERLIN)
    ws = await _workspace(backend)
    return backend, ws, await backend.list_entries(ws, *EVER)


async def test_demo_store(tmp_path: Path) -> None:
    backend, ws, entries = await _seeded(tmp_path / "demo.sqlite3", NOW)
    try:
        assert len(await backend.list_clients(ws)) == 3
        projects = await backend.list_projects(ws)
        assert 7 <= len(projects) <= 9
        assert any(p.client_id is None for p in projects)
        assert any(p.billable for p in projects)
        assert len({p.color for p in projects}) > 3
        tasks = await backend.list_tasks(ws, None)
        assert all(2 <= sum(t.project_id == p.id for t in tasks) <= 5 for p in projects)
        assert {t.name for t in await backend.list_tags(ws)} >= {"meeting", "urgent", "remote"}

        running = [e for e in entries if e.running]
        assert len(running) == 1
        assert NOW - 3 * H < running[0].start < NOW
        assert await backend.running_entry(ws) == running[0]
        done = [e for e in entries if e.end is not None]
        assert all(e.end is not None and e.end <= running[0].start for e in done)
        for earlier, later in pairwise(entries):
            assert earlier.end is not None, "entries overlap"
            assert earlier.end <= later.start, "entries overlap"

        def day(instant: datetime) -> date:
            return instant.astimezone(BERLIN).date()

        assert any(e.end is not None and day(e.start) != day(e.end) for e in entries)
        days = {day(e.start) for e in entries}
        assert min(days) >= day(NOW) - timedelta(weeks=8)
        past = [day(NOW) - timedelta(days=n) for n in range(1, 56)]
        workdays = [d for d in past if d.weekday() < 5]
        assert 1 <= sum(d not in days for d in workdays) <= 3  # a day or two off
        by_project = {p.id: p.billable for p in projects}
        assert all(e.billable == by_project[e.project_id] for e in entries if e.project_id)
        assert any(e.tag_ids for e in entries)
        assert len({e.description for e in entries}) > 15

        with pytest.raises(ValidationError, match="empty"):
            await seed_demo(backend, NOW, BERLIN)
    finally:
        await backend.aclose()


async def test_demo_store_is_deterministic(tmp_path: Path) -> None:
    stores = [await _seeded(tmp_path / f"{n}.sqlite3", NOW) for n in range(2)]
    seen = []
    for backend, ws, entries in stores:
        names = {p.id: p.name for p in await backend.list_projects(ws)}
        names |= {t.id: f"{names[t.project_id]}/{t.name}" for t in await backend.list_tasks(ws)}
        names |= {t.id: t.name for t in await backend.list_tags(ws)}
        seen.append(_portable(entries, names))
        await backend.aclose()
    assert seen[0] == seen[1]


async def test_large_store(tmp_path: Path) -> None:
    backend = LocalBackend(tmp_path / "large.sqlite3")
    try:
        await seed_large(backend, NOW, BERLIN)
        ws = await _workspace(backend)
        entries = await backend.list_entries(ws, *EVER)
        assert 2_200 <= len(entries) <= 2_800
        assert len(await backend.list_projects(ws)) == 40
        assert len(await backend.list_tasks(ws)) == 200
        assert entries[0].start >= NOW - timedelta(weeks=52, days=1)
        for earlier, later in pairwise(entries):
            assert earlier.end is not None
            assert earlier.end <= later.start
    finally:
        await backend.aclose()
