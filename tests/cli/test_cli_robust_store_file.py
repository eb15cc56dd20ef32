"""The embedded store's file as a user may hand it to punch: read-only (a backup, a mounted
copy), damaged, another program's, of a newer or impossible schema. Reading works where it
can; otherwise one line names the file and what to do, and the file is never written.

Read-only runs go through :func:`tests.plain_user.obey_file_modes`: as root, file modes do
not stop a process, so the child drops the capabilities that override them."""

from __future__ import annotations

import asyncio
import hashlib
import os
import sqlite3
import stat
import subprocess
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.installed_punch import punch_command
from tests.plain_user import obey_file_modes
from tui.backends.local import LocalBackend
from tui.backends.local.schema import SCHEMA_VERSION
from tui.domain.models import EntryFields


def punch_plain(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*punch_command(), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PUNCHCARD_BACKEND": "local"},
        preexec_fn=obey_file_modes,
    )


def data_dir(home: Path) -> Path:
    return home / "data" / "punchcard"


def seeded(home: Path, entries: int = 3) -> Path:
    """A store with ``entries`` finished entries today (one hour each), closed cleanly."""
    path = data_dir(home) / "punchcard.sqlite3"

    async def seed() -> None:
        backend = LocalBackend(path)
        ws = (await backend.list_workspaces())[0].id
        project = await backend.create_project(ws, "Backup")
        now = datetime.now(UTC).replace(microsecond=0)
        day = now.replace(hour=0, minute=0, second=0)
        await backend.bulk_insert_entries(
            ws,
            [
                EntryFields(
                    start=day + timedelta(minutes=i),
                    end=day + timedelta(minutes=i + 1),
                    description="x" * 300,
                    project_id=project.id,
                )
                for i in range(entries)
            ],
        )
        await backend.aclose()

    asyncio.run(seed())
    return path


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def read_only_folder(hermetic_home: Path) -> Iterator[Path]:
    """A store in a folder nobody may write (its files too), put back afterwards so the
    test's folder can be removed."""
    path = seeded(hermetic_home)
    folder = path.parent
    for item in folder.iterdir():
        item.chmod(0o444)
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)


@pytest.mark.parametrize("args", [("week",), ("week", "--json"), ("report",), ("status",)])
def test_reading_works_in_a_read_only_folder(read_only_folder: Path, args: tuple[str, ...]) -> None:
    before = digest(read_only_folder)
    result = punch_plain(*args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    if args[0] in ("week", "report"):
        assert "Backup" in result.stdout  # what the store holds, read without writing
    if args == ("week",):
        assert "0:03" in result.stdout
    assert digest(read_only_folder) == before


@pytest.mark.parametrize("args", [("start", "More"), ("start", "More", "--json"), ("continue",)])
def test_a_write_in_a_read_only_folder_is_one_line(
    read_only_folder: Path, args: tuple[str, ...]
) -> None:
    before = digest(read_only_folder)
    result = punch_plain(*args)
    assert result.returncode == 1
    line = one_line(result)
    assert "read-only" in line
    assert str(read_only_folder / "punchcard.sqlite3") in line.replace("\\\\", "\\")
    assert digest(read_only_folder) == before


def test_a_read_only_store_file_in_a_writable_folder(hermetic_home: Path) -> None:
    path = seeded(hermetic_home)
    path.chmod(0o444)
    week = punch_plain("week")
    started = punch_plain("start", "More")
    stored = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        count = stored.execute("SELECT count(*) FROM entry").fetchone()[0]
    finally:
        stored.close()
        path.chmod(0o600)
    assert week.returncode == 0, week.stderr
    assert "Backup" in week.stdout
    assert started.returncode == 1
    assert "read-only" in one_line(started)
    assert count == 3  # nothing was added


def test_a_writable_store_in_a_read_only_folder_is_read(hermetic_home: Path) -> None:
    """The file could be written, but WAL's side files cannot be made beside it."""
    folder = seeded(hermetic_home).parent
    folder.chmod(0o555)
    before = digest(folder)
    try:
        week = punch_plain("week")
        started = punch_plain("start", "More")
    finally:
        folder.chmod(0o700)
    assert week.returncode == 0, week.stderr
    assert "Backup" in week.stdout
    assert started.returncode == 1
    assert "read-only" in one_line(started)
    assert digest(folder) == before


def test_a_missing_store_in_a_read_only_folder_is_one_line(hermetic_home: Path) -> None:
    folder = data_dir(hermetic_home)
    folder.mkdir(parents=True)
    folder.chmod(0o555)
    try:
        result = punch_plain("week")
    finally:
        folder.chmod(0o755)
    assert result.returncode == 1
    line = one_line(result)
    assert "punchcard.sqlite3" in line
    assert list(folder.iterdir()) == []


def test_an_unreadable_data_folder_is_one_line(hermetic_home: Path) -> None:
    folder = seeded(hermetic_home).parent
    folder.chmod(0o000)
    try:
        week = punch_plain("week")
        status = punch_plain("status")
    finally:
        folder.chmod(0o700)
    assert week.returncode == 1
    assert "punchcard.sqlite3" in one_line(week)
    assert status.returncode in (0, 1)
    if status.returncode:
        assert "status" in one_line(status)


def test_an_unreadable_config_folder_is_one_line(hermetic_home: Path) -> None:
    folder = hermetic_home / "config" / "punchcard"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text('week_start = "monday"\n')
    folder.chmod(0o000)
    try:
        result = punch_plain("week")
    finally:
        folder.chmod(0o700)
    assert result.returncode == 1
    assert "config" in one_line(result)


# Damaged files and files that are not ours


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    page = 4096
    if how == "truncated":  # (each connection below is closed: its WAL is in the file)
        path.write_bytes(data[: len(data) // 2])
    elif how == "random bytes":
        path.write_bytes(os.urandom(len(data)))
    elif how == "text":
        path.write_text("timesheet\nmonday 8h\n" * 100)
    elif how == "pages overwritten":
        # Late pages: the rows of the entry table, which a week read may never touch.
        last = len(data) // page - 2
        path.write_bytes(data[: last * page] + b"\xa5" * page + data[(last + 1) * page :])
    elif how == "another program's":
        path.unlink()
        with closing(sqlite3.connect(path)) as conn:
            conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
            conn.execute("PRAGMA user_version = 70")
            conn.commit()
    elif how == "another program's at version 0":
        path.unlink()
        with closing(sqlite3.connect(path)) as conn:
            conn.execute("CREATE TABLE notes (body TEXT)")
            conn.commit()
    elif how == "newer schema":
        with closing(sqlite3.connect(path)) as conn:
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    elif how == "negative schema":
        with closing(sqlite3.connect(path)) as conn:
            conn.execute("PRAGMA user_version = -3")
    else:
        raise AssertionError(how)


DAMAGE = [
    ("truncated", "damaged"),
    ("random bytes", "damaged"),
    ("text", "damaged"),
    ("pages overwritten", "damaged"),
    ("another program's", "not a punchcard data file"),
    ("another program's at version 0", "not a punchcard data file"),
    ("newer schema", "newer punchcard"),
    ("negative schema", "damaged"),
]


@pytest.mark.parametrize(("how", "said"), DAMAGE)
def test_a_damaged_or_foreign_store_is_one_line_and_never_written(
    hermetic_home: Path, how: str, said: str
) -> None:
    path = seeded(hermetic_home, entries=400)  # enough rows for pages a week never reads
    _damage(path, how)
    before = path.read_bytes()
    for args in (("week",), ("start", "Into the damage"), ("report",)):
        result = punch_plain(*args)
        assert result.returncode == 1, (args, result.stdout)
        line = one_line(result)
        assert said in line
        assert str(path) in line
        assert path.read_bytes() == before
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0


@pytest.mark.parametrize("how", ["truncated", "pages overwritten", "another program's"])
def test_a_damaged_store_says_what_to_do(hermetic_home: Path, how: str) -> None:
    path = seeded(hermetic_home, entries=400)
    _damage(path, how)
    line = one_line(punch_plain("week"))
    assert "Move it" in line


# Modes


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_store_and_its_side_files_are_private_under_an_open_umask(hermetic_home: Path) -> None:
    path = data_dir(hermetic_home) / "punchcard.sqlite3"
    old = os.umask(0)
    try:
        backend = LocalBackend(path)

        async def write() -> None:
            ws = (await backend.list_workspaces())[0].id
            now = datetime.now(UTC)
            await backend.create_entry(ws, EntryFields(start=now - timedelta(hours=1), end=now))

        asyncio.run(write())
        # While it is open, SQLite's -wal and -shm files are beside it.
        modes = {p.name: _mode(p) for p in path.parent.iterdir()}
        asyncio.run(backend.aclose())
    finally:
        os.umask(old)
    assert set(modes) >= {path.name, f"{path.name}-wal", f"{path.name}-shm"}
    assert set(modes.values()) == {0o600}, modes
    assert _mode(path.parent) == 0o700


def test_the_installed_punch_makes_a_private_store_under_an_open_umask(
    hermetic_home: Path,
) -> None:
    result = subprocess.run(
        [*punch_command(), "start", "Private"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PUNCHCARD_BACKEND": "local"},
        preexec_fn=lambda: os.umask(0),
    )
    assert result.returncode == 0, result.stderr
    folder = data_dir(hermetic_home)
    assert _mode(folder) == 0o700
    assert _mode(folder / "punchcard.sqlite3") == 0o600


def test_the_replica_and_its_side_files_are_private_under_an_open_umask(tmp_path: Path) -> None:
    from tui.backends.replica.schema import connect

    path = tmp_path / "replicas" / "clockify.sqlite3"
    old = os.umask(0)
    try:
        conn = connect(path)
        conn.execute("INSERT INTO ids VALUES ('local-1', 'srv-1')")
        modes = {p.name: _mode(p) for p in path.parent.iterdir()}
        conn.close()
    finally:
        os.umask(old)
    assert set(modes) >= {path.name, f"{path.name}-wal", f"{path.name}-shm"}
    assert set(modes.values()) == {0o600}, modes


def test_an_older_store_others_could_read_is_made_private(hermetic_home: Path) -> None:
    path = seeded(hermetic_home)
    path.chmod(0o644)
    assert punch_plain("week").returncode == 0
    assert _mode(path) == 0o600
