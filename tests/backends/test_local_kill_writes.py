"""``kill -9`` at any instant of a stream of writes to the embedded store leaves a file that
opens, passes SQLite's integrity check, holds every write that was acknowledged, and holds
no batch in part.

A child process writes as fast as it can (creates, updates, deletes, and three-entry
batches through ``apply_changes``), printing ``begin`` before each write and ``ack`` once
the backend has returned. The parent kills it after a random time, then checks the file
against the acknowledgements: only the one write in flight may be either there or not.
Rounds continue on the same file, so each round also opens a store the last kill left.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = int(os.environ.get("KILL_WRITE_ROUNDS", "12"))

CHILD = textwrap.dedent(
    """
    import asyncio, json, random, sys
    from datetime import UTC, datetime, timedelta
    from pathlib import Path
    from tui.backends.local import LocalBackend
    from tui.domain.models import EntryFields, TimeEntry

    T0 = datetime(2000, 1, 3, tzinfo=UTC)
    EVER = (datetime(1990, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))

    def say(*words):
        print(json.dumps(words), flush=True)

    async def main(path, round_no, seed):
        backend = LocalBackend(Path(path))
        ws = (await backend.list_workspaces())[0].id
        live = {e.id: e for e in await backend.list_entries(ws, *EVER)}
        rnd = random.Random(seed)
        n = 0
        say("ready")
        while True:
            n += 1
            tag = f"r{round_no}-w{n}"
            start = T0 + timedelta(hours=round_no * 20000 + n)
            fields = EntryFields(start=start, end=start + timedelta(minutes=30), description=tag)
            kinds = ["create", "update", "delete", "batch", "batch"] if live else ["create"]
            kind = rnd.choice(kinds)
            if kind == "create":
                say("begin", "create", tag)
                made = await backend.create_entry(ws, fields)
                live[made.id] = made
                say("ack", "create", made.id, tag)
            elif kind == "update":
                entry = live[rnd.choice(sorted(live))]
                say("begin", "update", entry.id, tag)
                live[entry.id] = await backend.update_entry(entry.replace(description=tag))
                say("ack", "update", entry.id, tag)
            elif kind == "delete":
                entry_id = rnd.choice(sorted(live))
                say("begin", "delete", entry_id)
                await backend.delete_entry(ws, entry_id)
                del live[entry_id]
                say("ack", "delete", entry_id)
            else:
                made = [
                    fields.replace(
                        start=start + timedelta(minutes=i * 10),
                        end=start + timedelta(minutes=i * 10 + 5),
                        description=f"{tag}-{i}",
                    )
                    for i in range(3)
                ]
                planned = [
                    (None, TimeEntry(id=f"local-{tag}-{i}", workspace_id=ws, **f.entry_fields()))
                    for i, f in enumerate(made)
                ]
                say("begin", "batch", tag)
                stored = await backend.apply_changes(ws, planned)
                for entry in stored:
                    live[entry.id] = entry
                say("ack", "batch", tag, [e.id for e in stored])

    asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
    """
)


def _stored(path: Path) -> dict[str, str]:
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return dict(conn.execute("SELECT id, description FROM entry"))


def _run_round(path: Path, round_no: int, rnd: random.Random) -> list[list[object]]:
    """One child, killed after a random time; the lines it printed."""
    errors = path.with_name("child-stderr.txt")
    with errors.open("w") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path), str(round_no), str(rnd.randrange(1 << 30))],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
    assert proc.stdout is not None
    try:
        first = proc.stdout.readline()
        assert first.strip() == '["ready"]', (first, errors.read_text())
        # Kill at a random instant after writing began: from a few ms to most of a second.
        time.sleep(rnd.uniform(0.005, 0.8))
    finally:
        proc.send_signal(signal.SIGKILL)
        # Through the same reader as the readline above: it may already hold the first lines
        # after "ready" (communicate() reads the pipe itself, past them: they were lost).
        out = proc.stdout.read()
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    # The last line may be cut by the kill: a cut "ack" counts as not acknowledged.
    lines = []
    for line in out.splitlines():
        try:
            lines.append(json.loads(line))
        except json.JSONDecodeError:
            break
    return lines


def _open_and_close(path: Path) -> None:
    from tui.backends.local import LocalBackend

    async def run() -> None:
        backend = LocalBackend(path)
        await backend.list_workspaces()
        await backend.aclose()

    asyncio.run(run())


def test_kill_9_at_any_instant_keeps_every_acknowledged_write(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    _open_and_close(path)  # made and migrated before the first child
    expected = _stored(path)
    rnd = random.Random(20261202)
    acked_total = 0
    for round_no in range(ROUNDS):
        lines = _run_round(path, round_no, rnd)
        in_flight: list[object] | None = None
        for line in lines:
            if line[0] == "begin":
                in_flight = line
            elif line[0] == "ack":
                acked_total += 1
                in_flight = None
                kind = line[1]
                if kind in ("create", "update"):
                    expected[str(line[2])] = str(line[3])
                elif kind == "delete":
                    expected.pop(str(line[2]))
                else:
                    ids = line[3]
                    assert isinstance(ids, list)
                    for i, entry_id in enumerate(ids):
                        expected[entry_id] = f"{line[2]}-{i}"
        stored = _stored(path)
        _check(stored, expected, in_flight)
        expected = stored  # the write in flight is settled either way
        # And the store the kill left opens and reads for the next round (and for users).
        _open_and_close(path)
    assert acked_total > ROUNDS  # the children did write between the kills


def _check(
    stored: dict[str, str], expected: dict[str, str], in_flight: list[object] | None
) -> None:
    extra = {k: v for k, v in stored.items() if k not in expected}
    missing = {k: v for k, v in expected.items() if k not in stored}
    changed = {k: (expected[k], v) for k, v in stored.items() if k in expected and expected[k] != v}
    if in_flight is None:
        assert (extra, missing, changed) == ({}, {}, {})
        return
    kind = in_flight[1]
    if kind == "create":
        assert not missing
        assert not changed
        assert list(extra.values()) in ([], [in_flight[2]])
    elif kind == "batch":
        assert not missing
        assert not changed
        tag = in_flight[2]
        # All three entries of the batch, or none: never a part.
        assert sorted(extra.values()) in ([], [f"{tag}-{i}" for i in range(3)])
    elif kind == "update":
        assert not missing
        assert not extra
        assert changed in ({}, {in_flight[2]: (expected[str(in_flight[2])], in_flight[3])})
    else:
        assert not extra
        assert not changed
        assert missing in ({}, {in_flight[2]: expected[str(in_flight[2])]})
