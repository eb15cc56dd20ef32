"""The journal's rules, against the fake Clockify behind the replica: a warm start asks
nothing of the network, stale changes are refused whole, an undo of an unsent change leaves
nothing to send, ids of entries made offline follow into later changes, refusals and
conflicts are kept for the user, and two openers of one replica send one at a time."""

from __future__ import annotations

import asyncio
import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.backends.replica.harness import wrapped
from tests.fakes.clockify import FakeClockify, State
from tests.fakes.clockify.state import Space
from tui.backends.base import workspace_rules
from tui.backends.changes import StaleChanges
from tui.backends.errors import ValidationError
from tui.backends.replica.backend import ReplicaBackend
from tui.domain.models import TimeEntry

T0 = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)
WEEK = (T0 - timedelta(hours=8), T0 + timedelta(days=7))
H = timedelta(hours=1)


@pytest.fixture
def fake() -> Iterator[FakeClockify]:
    state = State(timezone="America/New_York")
    space = state.add_workspace("Personal")
    state.add_entry(space, T0, T0 + H, description="seeded")
    with FakeClockify(state, rate_limit=None) as server:
        yield server
    assert server.violations == []


def space(fake: FakeClockify) -> Space:
    return next(iter(fake.state.spaces.values()))


def descriptions(fake: FakeClockify) -> list[str]:
    with fake.state.lock:
        return sorted(e.description for e in space(fake).entries.values())


async def until_drained(backend: ReplicaBackend) -> None:
    for _ in range(200):
        if (await backend.drain()).waiting == 0:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(backend.sync_report())


async def settled(backend: ReplicaBackend, state: str) -> None:
    """The sender runs in the background: wait (bounded) for the state it reaches."""
    for _ in range(200):
        if backend.sync_report().state == state:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(backend.sync_report())


def entry(ws: str, description: str, start: datetime = T0 + 2 * H) -> TimeEntry:
    return TimeEntry(
        id="local-" + os.urandom(16).hex(),
        workspace_id=ws,
        start=start,
        end=start + H,
        description=description,
    )


async def test_a_warm_start_reads_nothing_from_the_network_then_refreshes(
    fake: FakeClockify, tmp_path: Path
) -> None:
    path = tmp_path / "replica.sqlite3"
    async with wrapped(fake, path) as cold:
        ws = (await cold.list_workspaces())[0].id
        await cold.get_user()
        await cold.list_projects(ws)
        await workspace_rules(cold, ws)
        assert [e.description for e in await cold.list_entries(ws, *WEEK)] == ["seeded"]
        await cold.running_entry(ws)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with fake.state.lock:
        fake.state.add_entry(space(fake), T0 + 3 * H, T0 + 4 * H, description="from the web")
    fake.forget_requests()
    async with wrapped(fake, path, refresh_delay=60.0) as warm:
        await warm.get_user()
        assert [w.id for w in await warm.list_workspaces()] == [ws]
        await warm.list_projects(ws)
        await workspace_rules(warm, ws)
        first = await warm.list_entries(ws, *WEEK)
        await warm.running_entry(ws)
        assert fake.sent() == [], "a warm start asks the network nothing before it answers"
        assert [e.description for e in first] == ["seeded"]
        await warm.settle()
        assert fake.sent(), "then it refreshes in the background"
        assert await warm.changed_elsewhere()
        again = await warm.list_entries(ws, *WEEK)
        assert sorted(e.description for e in again) == ["from the web", "seeded"]


async def test_stale_changes_change_nothing(fake: FakeClockify, tmp_path: Path) -> None:
    async with wrapped(fake, tmp_path / "r.sqlite3") as backend:
        ws = (await backend.list_workspaces())[0].id
        [seeded] = await backend.list_entries(ws, *WEEK)
        fake.down = True
        [moved] = await backend.apply_changes(ws, [(seeded, seeded.replace(end=T0 + 2 * H))])
        assert moved is not None
        new = entry(ws, "new")
        with pytest.raises(StaleChanges) as refused:
            await backend.apply_changes(ws, [(None, new), (seeded, seeded.replace(end=T0))])
        assert refused.value.changed_ids == (seeded.id,)
        listed = await backend.list_entries(ws, *WEEK)
        assert [(e.description, e.end) for e in listed] == [("seeded", T0 + 2 * H)]
        assert backend.sync_report().waiting == 1


async def test_undoing_an_unsent_change_leaves_nothing_to_send(
    fake: FakeClockify, tmp_path: Path
) -> None:
    async with wrapped(fake, tmp_path / "r.sqlite3") as backend:
        ws = (await backend.list_workspaces())[0].id
        [seeded] = await backend.list_entries(ws, *WEEK)
        fake.down = True
        longer = seeded.replace(end=T0 + 2 * H)
        await backend.apply_changes(ws, [(seeded, longer)])
        [made] = await backend.apply_changes(ws, [(None, entry(ws, "typo"))])
        assert backend.sync_report().waiting == 2
        assert made is not None
        await backend.apply_changes(ws, [(made, None)])  # undo the create
        await backend.apply_changes(ws, [(longer, seeded)])  # undo the change
        assert backend.sync_report().waiting == 0
        await backend.apply_changes(ws, [(seeded, None)])  # a delete, then its undo
        await backend.apply_changes(ws, [(None, seeded)])
        assert backend.sync_report().waiting == 0
        fake.forget_requests()
        fake.down = False
        await until_drained(backend)
        assert fake.sent("POST") == fake.sent("PUT") == fake.sent("DELETE") == []
        assert descriptions(fake) == ["seeded"]


async def test_an_entry_made_offline_gets_its_server_id_in_later_changes(
    fake: FakeClockify, tmp_path: Path
) -> None:
    async with wrapped(fake, tmp_path / "r.sqlite3") as backend:
        ws = (await backend.list_workspaces())[0].id
        await backend.list_entries(ws, *WEEK)
        fake.down = True
        [made] = await backend.apply_changes(ws, [(None, entry(ws, "offline"))])
        assert made is not None
        [renamed] = await backend.apply_changes(ws, [(made, made.replace(description="renamed"))])
        assert renamed is not None
        assert renamed.id == made.id
        fake.down = False
        await until_drained(backend)
        assert descriptions(fake) == ["renamed", "seeded"]
        [(local, server)] = backend.sync_report().resolved_ids
        assert local == made.id
        assert not server.startswith("local-")
        # The store may still hold the local id: the wrapper knows where it went.
        await backend.update_entry(renamed.replace(description="again"))
        assert descriptions(fake) == ["again", "seeded"]
        assert len(fake.sent("POST")) == 1


async def test_a_refused_change_is_kept_with_the_reason_and_the_replica_shows_the_truth(
    fake: FakeClockify, tmp_path: Path
) -> None:
    async with wrapped(fake, tmp_path / "r.sqlite3") as backend:
        ws = (await backend.list_workspaces())[0].id
        await backend.list_entries(ws, *WEEK)
        fake.down = True
        bad = entry(ws, "nowhere").replace(project_id="0123456789abcdef01234567")
        await backend.apply_changes(ws, [(None, bad)])
        await settled(backend, "offline")
        fake.down = False  # the send was unclear: it is looked up, then sent, then refused
        await settled(backend, "failed")
        [failed] = backend.sync_report().failed
        assert "nowhere" in failed.label
        assert failed.reason
        assert not failed.conflict
        assert [e.description for e in await backend.list_entries(ws, *WEEK)] == ["seeded"]
        await backend.discard(failed.change_id)
        assert backend.sync_report().failed == ()
        assert backend.sync_report().state == "synced"
        # Online, a plain write is refused at once, as the service says, and kept nowhere.
        with pytest.raises(ValidationError):
            await backend.create_entry(ws, bad.fields())
        assert backend.sync_report().failed == ()
        assert descriptions(fake) == ["seeded"]


@pytest.mark.parametrize("keep", ["mine", "theirs"])
async def test_a_conflict_shows_both_versions_and_the_user_chooses(
    fake: FakeClockify, tmp_path: Path, keep: str
) -> None:
    async with wrapped(fake, tmp_path / "r.sqlite3") as backend:
        ws = (await backend.list_workspaces())[0].id
        [seeded] = await backend.list_entries(ws, *WEEK)
        fake.down = True
        mine = seeded.replace(description="mine")
        await backend.apply_changes(ws, [(seeded, mine)])
        with fake.state.lock:  # someone edits it on the web meanwhile
            space(fake).entries[seeded.id].description = "theirs"
        fake.down = False
        report = await backend.drain()
        [conflict] = report.failed
        assert conflict.conflict
        assert conflict.mine is not None
        assert conflict.theirs is not None
        assert (conflict.mine.description, conflict.theirs.description) == ("mine", "theirs")
        assert descriptions(fake) == ["theirs"], "never overwritten silently"
        shown = await backend.list_entries(ws, *WEEK)
        assert [e.description for e in shown] == ["theirs"]
        await backend.resolve(conflict.change_id, "mine" if keep == "mine" else "theirs")
        await until_drained(backend)
        assert backend.sync_report().failed == ()
        assert descriptions(fake) == [keep]
        assert [e.description for e in await backend.list_entries(ws, *WEEK)] == [keep]


async def test_two_openers_of_one_replica_send_one_at_a_time_and_both_see_the_state(
    fake: FakeClockify, tmp_path: Path
) -> None:
    path = tmp_path / "r.sqlite3"
    # The first waits a minute before trying again on its own, so that once its one try
    # while the service is down is over, nothing but this test's calls sends or claims.
    slow_retry = (60.0, 60.0)
    async with (
        wrapped(fake, path, backoff=slow_retry) as first,
        wrapped(fake, path) as second,
    ):
        ws = (await first.list_workspaces())[0].id
        await first.list_entries(ws, *WEEK)
        fake.down = True
        await first.apply_changes(ws, [(None, entry(ws, "from the first"))])
        for _ in range(500):  # its own try, made in the background, has failed and let go
            if first.sync_report().state == "offline":
                break
            await asyncio.sleep(0.01)
        assert first.sync_report().state == "offline"
        fake.down = False
        assert await second._sender.claim()  # the second is sending (holds the lease)
        fake.forget_requests()
        waiting = await first.drain()
        assert waiting.waiting == 1, "the first waits for the lease"
        assert waiting.reason == "another punch process is sending them"
        assert fake.sent("POST") == []
        await second._sender.release()
        await until_drained(second)
        assert descriptions(fake) == ["from the first", "seeded"]
        for _ in range(100):  # the first sees it within its poll
            if first.sync_report().waiting == 0:
                break
            await asyncio.sleep(0.02)
        assert first.sync_report().waiting == 0
        assert len(fake.sent("POST")) == 1


async def test_a_service_answering_429_is_rate_limited_not_offline_and_the_change_waits(
    fake: FakeClockify, tmp_path: Path
) -> None:
    async with wrapped(fake, tmp_path / "r.sqlite3") as backend:
        ws = (await backend.list_workspaces())[0].id
        await backend.list_entries(ws, *WEEK)
        limit = {"error": "Too many requests"}
        fault = fake.fail(
            "POST", r".*/time-entries", status=429, body=str(limit).encode(), times=1000
        )
        await backend.apply_changes(ws, [(None, entry(ws, "busy service"))])
        await settled(backend, "rate_limited")
        assert backend.sync_report().waiting == 1
        fault.times = 0  # the service has room again: what waited is sent, once
        await until_drained(backend)
        assert descriptions(fake) == ["busy service", "seeded"]
