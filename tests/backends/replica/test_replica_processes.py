"""Several processes on one replica: two openers editing and draining at once, and a sender
killed with SIGKILL in the middle of its sends. Afterwards the server holds exactly the
intended entries: the lease lets one send at a time, and a send whose answer died with its
process is looked up before it is sent again."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.backends.replica.harness import wrapped
from tests.fakes.clockify import FakeClockify, State
from tui.backends.replica.backend import ReplicaBackend
from tui.domain.models import TimeEntry

T0 = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)
WEEK = (T0 - timedelta(hours=8), T0 + timedelta(days=7))
REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def fake() -> Iterator[FakeClockify]:
    state = State(timezone="America/New_York")
    state.add_workspace("Personal")
    with FakeClockify(state, rate_limit=None) as server:
        yield server


def on_server(fake: FakeClockify) -> list[str]:
    with fake.state.lock:
        return sorted(e.description for s in fake.state.spaces.values() for e in s.entries.values())


def entry(ws: str, n: int) -> TimeEntry:
    start = T0 + timedelta(days=n % 5, hours=n // 5)
    return TimeEntry(
        id="local-" + os.urandom(16).hex(),
        workspace_id=ws,
        start=start,
        end=start + timedelta(minutes=30),
        description=f"e{n:02d}",
    )


async def drained(backend: ReplicaBackend) -> None:
    for _ in range(400):
        if (await backend.drain()).waiting == 0:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(backend.sync_report())


@pytest.mark.parametrize("seed", [1, 2])
async def test_two_openers_edit_and_drain_at_once_without_losing_or_doubling(
    fake: FakeClockify, tmp_path: Path, seed: int
) -> None:
    rng = random.Random(seed)
    path = tmp_path / "replica.sqlite3"
    fake.latency = 0.01
    async with wrapped(fake, path) as first, wrapped(fake, path) as second:
        ws = (await first.list_workspaces())[0].id
        await first.list_entries(ws, *WEEK)
        await second.list_entries(ws, *WEEK)
        intended: set[str] = set()
        for n in range(24):
            opener = rng.choice([first, second])
            shown = {e.description: e for e in await opener.list_entries(ws, *WEEK)}
            mine = sorted(d for d in shown if d in intended)
            if mine and rng.random() < 0.25:
                name = rng.choice(mine)
                await opener.apply_changes(ws, [(shown[name], None)])
                intended.discard(name)
            else:
                await opener.apply_changes(ws, [(None, entry(ws, n))])
                intended.add(f"e{n:02d}")
            if rng.random() < 0.3:
                await asyncio.gather(first.drain(), second.drain())
        await asyncio.gather(drained(first), drained(second))
        assert on_server(fake) == sorted(intended)


CHILD = """
import asyncio, os, sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from tui.backends.clockify import ClockifyBackend
from tui.backends.replica.parts import wrap
from tui.domain.models import TimeEntry

async def main() -> None:
    key, url, path, ws = sys.argv[1:5]
    backend = wrap(ClockifyBackend(key, url), Path(path), settle=1.0)
    t0 = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)
    await backend.list_entries(ws, t0 - timedelta(hours=8), t0 + timedelta(days=7))
    changes = []
    for n in range(12):
        start = t0 + timedelta(days=n % 5, hours=n // 5)
        changes.append((None, TimeEntry(id="local-" + os.urandom(16).hex(), workspace_id=ws,
            start=start, end=start + timedelta(minutes=30), description=f"k{n:02d}")))
    await backend.apply_changes(ws, changes)
    print("journaled", flush=True)
    await backend.drain()
    print("drained", flush=True)

asyncio.run(main())
"""


def _journal_then_die(fake: FakeClockify, path: Path, ws: str, kill_after: float) -> None:
    """A child journals twelve entries, starts sending, and is killed ``kill_after``
    seconds in (from a thread: it blocks)."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, fake.api_key, fake.base_url, str(path), ws],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "journaled"  # durable before it sends
    time.sleep(kill_after)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)


@pytest.mark.parametrize("kill_after", [0.15, 0.45, 0.8])
async def test_a_sender_killed_mid_send_leaves_nothing_lost_or_doubled(
    fake: FakeClockify, tmp_path: Path, kill_after: float
) -> None:
    path = tmp_path / "replica.sqlite3"
    ws = next(iter(fake.state.spaces))
    fake.latency = 0.1  # each answer takes a while: the kill lands between send and answer
    await asyncio.to_thread(_journal_then_die, fake, path, ws, kill_after)
    landed = len(on_server(fake))
    fake.latency = 0.0
    async with wrapped(fake, path) as survivor:
        await drained(survivor)
        assert survivor.sync_report().failed == ()
    assert on_server(fake) == [f"k{n:02d}" for n in range(12)], f"{landed} had landed"


SENDER = """
import asyncio, os, sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from tui.backends.clockify import ClockifyBackend
from tui.backends.replica.parts import wrap
from tui.domain.models import TimeEntry

async def main() -> None:
    key, url, path, ws, name = sys.argv[1:6]
    backend = wrap(ClockifyBackend(key, url), Path(path))
    t0 = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)
    await backend.list_entries(ws, t0 - timedelta(hours=8), t0 + timedelta(days=7))
    print("ready", flush=True)
    sys.stdin.readline()
    changes = []
    for n in range(8):
        start = t0 + timedelta(days=n % 5, hours=n // 5 + (4 if name == "b" else 0))
        changes.append((None, TimeEntry(id="local-" + os.urandom(16).hex(), workspace_id=ws,
            start=start, end=start + timedelta(minutes=30), description=f"{name}{n}")))
    await backend.apply_changes(ws, changes)
    for _ in range(600):
        if (await backend.drain()).waiting == 0:
            break
        await asyncio.sleep(0.05)
    print(backend.sync_report().waiting, flush=True)
    await backend.aclose()

asyncio.run(main())
"""


async def test_two_processes_on_one_replica_send_one_at_a_time(
    fake: FakeClockify, tmp_path: Path
) -> None:
    """Two processes (two tabs of `punch serve`) journal at the same moment and both drain:
    the lease lets one send at a time, so the service never has two of their writes at once,
    and every change lands once."""
    path = tmp_path / "replica.sqlite3"
    ws = next(iter(fake.state.spaces))
    fake.latency = 0.05  # each write takes a while: two senders at once would overlap

    def run_both() -> list[str]:
        children = [
            subprocess.Popen(
                [sys.executable, "-c", SENDER, fake.api_key, fake.base_url, str(path), ws, name],
                cwd=REPO,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            for name in ("a", "b")
        ]
        for child in children:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "ready"
        for child in children:
            assert child.stdin is not None
            child.stdin.write("go\n")
            child.stdin.flush()
        return [child.communicate(timeout=120)[0].strip() for child in children]

    assert await asyncio.to_thread(run_both) == ["0", "0"]  # nothing left waiting in either
    assert on_server(fake) == sorted(f"{name}{n}" for name in "ab" for n in range(8))
    assert len(fake.sent("POST", r"/workspaces/[^/]+/time-entries")) == 16  # none sent twice
    assert fake.peak_writes_in_flight == 1
