"""Fault injection against the fake Clockify behind the replica: seeded, randomised edit
sessions while the server times out, answers 5xx, 429 or an HTML page, drops the answer of a
write it carried out, and goes away and comes back. After it is back and the journal has
drained, the server holds exactly the intended entries: none lost, none twice."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.backends.replica.harness import wrapped
from tests.fakes.clockify import FakeClockify, State
from tests.fakes.clockify.state import Space
from tui.backends.changes import EntryChange
from tui.backends.replica.backend import ReplicaBackend
from tui.domain.models import TimeEntry

T0 = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)  # a Monday
WEEK = (T0 - timedelta(hours=8), T0 + timedelta(days=7))
H = timedelta(hours=1)
ENTRIES = r"/workspaces/\w+/time-entries(/\w+)?"
LISTS = r"/workspaces/\w+/user/\w+/time-entries"
TIMEOUT = 0.4
"""The client's time-out: a fault's answer later than this is never heard."""


@pytest.fixture
def fake() -> Iterator[FakeClockify]:
    state = State(timezone="America/New_York")
    state.add_workspace("Personal")
    with FakeClockify(state, rate_limit=None) as server:
        yield server
    assert server.violations == []


def space(fake: FakeClockify) -> Space:
    return next(iter(fake.state.spaces.values()))


def on_server(fake: FakeClockify) -> list[tuple[str, datetime, datetime | None, bool]]:
    with fake.state.lock:
        found = [(e.description, e.start, e.end, e.billable) for e in space(fake).entries.values()]
    return sorted(found, key=lambda item: item[0])


async def shown(backend: ReplicaBackend, ws: str) -> dict[str, TimeEntry]:
    listed = await backend.list_entries(ws, *WEEK)
    return {e.description: e for e in listed}


async def drained(backend: ReplicaBackend) -> None:
    """Drain until nothing waits (each pass sends what it can; a change whose answer was
    lost waits for the harness's settle time before it is sent again)."""
    for _ in range(200):
        report = await backend.drain()
        if report.waiting == 0:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"the journal did not drain: {backend.sync_report()}")


def inject(fake: FakeClockify, rng: random.Random) -> str:
    """One fault for the next few requests; returns its name for the failure message."""
    kind = rng.choice(
        ["timeout", "timeout-landed", "5xx", "5xx-landed", "429", "html-landed", "down", "none"]
    )
    method = rng.choice(["POST", "PUT", "DELETE", "GET"])
    path = LISTS if method == "GET" else ENTRIES
    if kind == "timeout":
        fake.fail(method, path, delay=TIMEOUT * 2)
    elif kind == "timeout-landed":
        fake.fail(method, path, delay=TIMEOUT * 2, process=True)
    elif kind == "5xx":
        fake.fail(method, path, status=rng.choice([500, 502, 503]), body=b"{}")
    elif kind == "5xx-landed":
        fake.fail(method, path, status=502, body=b"<html>Bad gateway</html>", process=True)
    elif kind == "429":
        fake.fail(method, path, status=429, headers={"Retry-After": "0"}, times=2)
    elif kind == "html-landed":
        fake.fail(method, path, status=200, body=b"<html>proxy</html>", process=True)
    elif kind == "down":
        fake.down = True
    return f"{kind} on {method}"


def _known_over(current: dict[str, TimeEntry], new: TimeEntry) -> list[EntryChange]:
    """The entries the session was shown under ``new``'s time, named unchanged: a batch
    that claims time others hold says it knows they are there (else it is stale)."""
    assert new.end is not None
    return [
        (e, e)
        for e in current.values()
        if e.id != new.id and e.start < new.end and (e.end is None or e.end > new.start)
    ]


@pytest.mark.parametrize("seed", list(range(1, 9)))
async def test_a_randomised_session_through_faults_ends_with_exactly_the_intended_entries(
    fake: FakeClockify, tmp_path: Path, seed: int
) -> None:
    rng = random.Random(seed)
    intent: dict[str, tuple[datetime, datetime, bool]] = {}
    log: list[str] = []
    async with wrapped(fake, tmp_path / "replica.sqlite3", client_timeout=TIMEOUT) as backend:
        ws = (await backend.list_workspaces())[0].id
        await backend.list_entries(ws, *WEEK)
        for step in range(36):
            if rng.random() < 0.45:
                log.append(inject(fake, rng))
            if fake.down and rng.random() < 0.3:
                fake.down = False
                log.append("up")
            current = await shown(backend, ws)
            choice = rng.random()
            if choice < 0.45 or not intent:
                name = f"e{step}"
                start = T0 + timedelta(days=rng.randrange(5), hours=rng.randrange(9))
                made = TimeEntry(
                    id="local-" + f"{seed:04d}{step:028d}",
                    workspace_id=ws,
                    start=start,
                    end=start + timedelta(minutes=rng.choice([15, 30, 60])),
                    description=name,
                )
                intent[name] = (made.start, made.end or made.start, False)
                if rng.random() < 0.5:
                    await backend.apply_changes(ws, [(None, made), *_known_over(current, made)])
                else:
                    await _plainly(backend.create_entry(ws, made.fields()))
                log.append(f"create {name}")
            elif choice < 0.8:
                name = rng.choice(sorted(intent))
                before = current[name]
                assert before.end is not None
                after = before.replace(end=before.end + timedelta(minutes=15), billable=True)
                intent[name] = (after.start, after.end or after.start, True)
                await backend.apply_changes(ws, [(before, after), *_known_over(current, after)])
                log.append(f"update {name}")
            else:
                name = rng.choice(sorted(intent))
                await backend.apply_changes(ws, [(current[name], None)])
                del intent[name]
                log.append(f"delete {name}")
        fake.down = False
        with fake._lock:
            fake.faults.clear()
        await drained(backend)
        report = backend.sync_report()
        assert report.failed == (), log
        expected = sorted((name, s, e, b) for name, (s, e, b) in intent.items())
        server = on_server(fake)
        extra = [item for item in server if item not in expected]
        lost = [item for item in expected if item not in server]
        assert server == expected, f"extra {extra} lost {lost} after {log}"
        # The replica, read afresh, agrees: every id is the server's own.
        listed = await backend.list_entries(ws, *WEEK)
        assert sorted(e.description for e in listed) == sorted(intent)
        assert all(not e.id.startswith("local-") for e in listed)


async def _plainly(write: object) -> None:
    """A plain write through faults: a refusal it raises would be a bug, not a fault."""
    await write  # type: ignore[misc]


async def test_edits_made_offline_survive_a_restart_and_drain_when_the_server_is_back(
    fake: FakeClockify, tmp_path: Path
) -> None:
    path = tmp_path / "replica.sqlite3"
    async with wrapped(fake, path) as backend:
        ws = (await backend.list_workspaces())[0].id
        await backend.list_entries(ws, *WEEK)
        fake.down = True
        made = await backend.create_entry(ws, _fields("offline one").fields())
        assert made.id.startswith("local-")
        [moved] = await backend.apply_changes(ws, [(made, made.replace(end=T0 + 2 * H))])
        assert backend.sync_report().state == "offline"
        assert backend.sync_report().waiting == 2
    assert on_server(fake) == []
    async with wrapped(fake, path) as again:  # a new process's state, the same files
        assert (await shown(again, ws))["offline one"].end == T0 + 2 * H
        fake.down = False
        await drained(again)
        assert on_server(fake) == [("offline one", T0, T0 + 2 * H, False)]
        report = again.sync_report()
        assert report.waiting == 0
        assert [local for local, _ in report.resolved_ids] == [made.id]
        assert moved is not None


def _fields(description: str) -> TimeEntry:
    return TimeEntry(id="x", workspace_id="x", start=T0, end=T0 + H, description=description)
