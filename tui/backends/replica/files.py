"""Where replicas live and how many changes wait in them, with the standard library only:
`punch logout` asks before dropping unsent changes, without opening any backend."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from tui import locations


def replica_dir() -> Path:
    return locations.data_dir() / "replicas"


def replica_path(backend_name: str, identity: str) -> Path:
    """One file per backend and account address: ``identity`` names the service and where it
    is (the backend's ``repr``, which never shows a secret); hashed so the name says neither."""
    digest = hashlib.sha256(identity.encode()).hexdigest()[:16]
    return replica_dir() / f"{backend_name}-{digest}.sqlite3"


def replica_files(backend_name: str) -> list[Path]:
    folder = replica_dir()
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{backend_name}-*.sqlite3"))


def waiting_changes(path: Path) -> int:
    """Changes in the file's journal not yet on the service (waiting or refused)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return 0
    try:
        return int(conn.execute("SELECT count(*) FROM journal").fetchone()[0])
    except sqlite3.Error:
        return 0
    finally:
        conn.close()


def remove_replica(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
