"""Processes that open one new SQLite file at the same moment all get it (tui/backends/
sqlite_tx.py ``use_wal``).

Switching a new file to WAL needs it alone for a moment; when another process is doing the
same, SQLite answers "database is locked" at once rather than waiting on the busy timeout.
Found as a flake: a `punch serve` tab's pacing file, then the replica's second process that
never said "ready". Here three processes open each of many new files together, through each
of the three openers (the embedded store, the replica, the shared pacing file); every open
must succeed. Without the retry, about one round in two lost a process here.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PROCESSES, ROUNDS, APART = 3, 15, 0.1

CHILD = """
import sys, time
from pathlib import Path

which, folder, start, rounds, apart = (
    sys.argv[1], Path(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
)

def open_it(path):
    if which == "store":
        from tui.backends.local.opening import open_file
        open_file(path).conn.close()
    elif which == "replica":
        from tui.backends.replica.schema import connect
        connect(path).close()
    else:
        from tui.backends.shared_pacing import SharedRateLimiter
        SharedRateLimiter(5, 1.0, path=path, scope="s")._connect().close()

open_it(folder / "warm-up.sqlite3")  # imports done before the rounds start
failed = 0
for n in range(rounds):
    while time.time() < start + n * apart:  # every process opens round n's file together
        pass
    try:
        open_it(folder / f"round-{n}.sqlite3")
    except Exception as err:
        failed += 1
        print(type(err).__name__, err, file=sys.stderr)
print(failed)
"""


@pytest.mark.parametrize("which", ["store", "replica", "pacing"])
def test_processes_opening_one_new_file_together_all_get_it(which: str, tmp_path: Path):
    start = time.time() + 2.0  # after every process has started and imported
    children = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                CHILD,
                which,
                str(tmp_path),
                str(start),
                str(ROUNDS),
                str(APART),
            ],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    outputs = [child.communicate(timeout=120) for child in children]
    assert [(out.strip(), err) for out, err in outputs] == [("0", "")] * PROCESSES
