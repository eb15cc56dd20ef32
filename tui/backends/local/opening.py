"""Opening the store's file: private from its first byte, checked before anything is
written to it, and opened read-only when it cannot be written (a backup, a mounted copy).

What can be wrong with a file, and what is said (one line naming the file and what to do):

- it cannot be written: it is opened read-only, reads work, every write is refused;
- it is damaged (truncated, pages overwritten, not a database at all): ``PRAGMA quick_check``
  on every open finds it before a single write, and nothing is written to it;
- it is another program's database, or a punchcard store of a newer (or impossible) schema
  version: it is left exactly as it was.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from tui.backends.errors import BackendError, ValidationError
from tui.backends.local import schema
from tui.backends.sqlite_tx import use_wal
from tui.locations import private_dir

_OUR_TABLES = frozenset({"workspace", "person", "client", "project", "task", "tag", "entry"})
_PRIVATE_FILE = 0o600
_ROW_RULES = ("CHECK constraint failed", "NULL value in")


class DamagedStoreError(BackendError):
    """The file cannot be trusted: damaged, not ours, or of a schema this punch cannot read."""


@dataclass(frozen=True)
class OpenedFile:
    conn: sqlite3.Connection
    read_only: bool


class ReadOnlyError(ValidationError):
    """A write refused because the file can only be read: nothing was written."""


def read_only_error(path: Path) -> ReadOnlyError:
    # The path last: a status line cut at the terminal's width still says what happened.
    return ReadOnlyError(f"The data file is read-only (it can be read, not changed): {path}")


def damaged(path: Path, why: str) -> DamagedStoreError:
    return DamagedStoreError(
        f"The data file {path} is damaged ({why}); nothing was written to it. Move it aside "
        "to start a fresh one, or put back a copy from a backup."
    )


def is_damage(err: sqlite3.Error) -> bool:
    """SQLite's words for a file whose bytes are not a sound database."""
    text = str(err).lower()
    return isinstance(err, sqlite3.DatabaseError) and (
        "malformed" in text or "not a database" in text or "corrupt" in text
    )


def _is_read_only(err: sqlite3.Error) -> bool:
    text = str(err).lower()
    return "readonly" in text or "read-only" in text or "unable to open" in text


def open_file(path: Path) -> OpenedFile:
    """The store at ``path``, created (0600) when missing, checked, migrated when it can be
    written; ``BackendError`` with one sentence when it cannot be used."""
    try:
        created = _create_private(path)
    except OSError as err:  # the folder cannot be entered or read
        raise BackendError(f"Cannot open the data file {path}: {err.strerror or err}.") from None
    if not created and not os.access(path, os.W_OK):
        return OpenedFile(_open_read_only(path), read_only=True)
    try:
        conn = _open_read_write(path)
    except sqlite3.OperationalError as err:
        # The file is writable but its folder is not (WAL's side files cannot be made).
        if created or not _is_read_only(err):
            raise _mapped(path, err) from None
        return OpenedFile(_open_read_only(path), read_only=True)
    except sqlite3.Error as err:
        raise _mapped(path, err) from None
    if not created:
        _tighten(path)
    return OpenedFile(conn, read_only=False)


def _create_private(path: Path) -> bool:
    """Make the file, empty and 0600 whatever the umask, when it is missing: SQLite makes
    its -wal and -shm files with the main file's mode, so they are private too."""
    if path.exists():
        return False
    try:
        private_dir(path.parent)  # a folder made here is 0700; one that exists is kept
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, _PRIVATE_FILE)
    except FileExistsError:
        return False  # another punch made it a moment ago
    except OSError as err:
        raise BackendError(f"Cannot create the data file {path}: {err.strerror or err}.") from None
    try:
        os.fchmod(fd, _PRIVATE_FILE)  # os.open's mode is cut by the umask, never widened
    finally:
        os.close(fd)
    return True


def _tighten(path: Path) -> None:
    """An older punch made stores as the umask allowed: take others' access away."""
    try:
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            os.chmod(path, mode & 0o700)
    except OSError:
        pass  # not ours to change (another owner, a read-only mount): it still opens


def _settings(conn: sqlite3.Connection) -> None:
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {schema.BUSY_TIMEOUT_MS}")


def _open_read_write(path: Path) -> sqlite3.Connection:
    # isolation_level=None: the backend issues BEGIN/COMMIT itself, so each edit is exactly
    # one transaction and nothing is left open between calls for another process to wait on.
    conn = sqlite3.connect(
        path, timeout=schema.BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    try:
        _settings(conn)
        _check(path, conn, writable=True)  # before the first write: WAL mode is one
        use_wal(conn)
        # NORMAL under WAL may lose the last commits on power loss but never corrupts; a
        # killed process loses nothing that was committed.
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        schema.migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _open_read_only(path: Path) -> sqlite3.Connection:
    """``mode=ro``; when even WAL's shared-memory file cannot be made beside it (a read-only
    folder after a clean close), the file is read as it stands (``immutable``)."""
    uri = f"file:{quote(str(path))}?mode=ro"
    last: sqlite3.Error | None = None
    for query in ("", "&immutable=1"):
        try:
            conn = sqlite3.connect(
                uri + query,
                uri=True,
                timeout=schema.BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as err:
            last = err
            continue
        try:
            _settings(conn)
            _check(path, conn, writable=False)
        except sqlite3.OperationalError as err:
            conn.close()
            last = err
            if _is_read_only(err):
                continue
            raise _mapped(path, err) from None
        except BaseException:
            conn.close()
            raise
        return conn
    assert last is not None
    raise _mapped(path, last)


def _check(path: Path, conn: sqlite3.Connection, *, writable: bool) -> None:
    """Sound pages, and a file that is ours at a version this punch reads."""
    try:
        verdict = str(conn.execute("PRAGMA quick_check(1)").fetchone()[0])
    except sqlite3.DatabaseError as err:
        if not is_damage(err):
            raise
        raise damaged(path, str(err)) from None
    # The pages are checked first; a row breaking a CHECK or NOT NULL rule (another
    # program wrote it) is reported after them, and such rows are left out when read.
    if verdict != "ok" and not verdict.startswith(_ROW_RULES):
        raise damaged(path, verdict.splitlines()[-1].strip())
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    app = int(conn.execute("PRAGMA application_id").fetchone()[0])
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_schema WHERE type='table'")}
    ours = app == schema.APPLICATION_ID or (app == 0 and tables >= _OUR_TABLES)
    not_ours = DamagedStoreError(
        f"{path} is not a punchcard data file (another program's database?); it was left as "
        "it is. Move it elsewhere, or set XDG_DATA_HOME to use another folder."
    )
    if version < 0:
        raise damaged(path, f"schema version {version}, which no punchcard writes")
    if app not in (0, schema.APPLICATION_ID) or (version == 0 and tables and not ours):
        raise not_ours
    if version > schema.SCHEMA_VERSION:
        if not ours:
            raise not_ours
        raise DamagedStoreError(
            f"The data file {path} was written by a newer punchcard (schema {version}); "
            "please upgrade punchcard."
        )
    if version > 0 and not ours:
        raise not_ours
    if not writable and version < schema.SCHEMA_VERSION:
        raise BackendError(
            f"The data file {path} is read-only and of an older punchcard: it cannot be "
            "brought up to date. Make it writable once."
        )


def _mapped(path: Path, err: sqlite3.Error) -> BackendError:
    if is_damage(err):
        return damaged(path, str(err))
    if _is_read_only(err):
        why = os.strerror(errno.EACCES)
        return BackendError(f"Cannot open the data file {path}: {why} ({err}).")
    text = str(err)
    if "locked" in text or "busy" in text:
        return BackendError(
            "The local data file is busy: another punch process is writing to it. Try again."
        )
    return BackendError(f"The data file {path} could not be used ({text}).")
