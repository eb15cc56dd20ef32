"""ClickTime behind its replica and journal, as ``punch`` opens it: the replica is named from
the profile without the token, every ClickTime part the screens use is there and answers
through the lazily opened client, and ClickTime's rules refuse an edit before it is
journaled — judged from what is cached, never with a request."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.backends.clicktime_helpers import MONDAY, TZ, at
from tests.backends.replica.harness import quick
from tests.fakes.clicktime import FakeClickTime, State
from tests.fakes.clicktime.testing import Seeded, seeded, serving
from tui import profiles
from tui.backends.base import (
    ChecksChanges,
    HasTerms,
    HasWorkspaceRules,
    TimeOffReader,
    TimesheetDetails,
    TimesheetPeriods,
)
from tui.backends.clicktime import ClickTimeBackend
from tui.backends.clicktime.profile import replica_identity
from tui.backends.errors import ValidationError
from tui.backends.replica.backend import ReplicaBackend
from tui.backends.ways_in import WayIn
from tui.domain.models import TimeEntry
from tui.store.open_backend import open_backend

WEEK = (at(MONDAY), at(MONDAY + timedelta(days=7)))


def test_the_replica_is_named_as_the_opened_backend_without_the_token(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_secret(*args: object, **kwargs: object) -> str:
        raise AssertionError("naming the replica must not read the token")

    assert replica_identity({}) is None  # nothing configured: opening says what to do
    env = {"CLICKTIME_TOKEN": "tok", "CLICKTIME_BASE_URL": "http://127.0.0.1:9/v2/"}
    opened = ClickTimeBackend("tok", env["CLICKTIME_BASE_URL"])
    assert replica_identity(env) == repr(opened)
    profiles.save_profile("clicktime", {"base_url": "https://ct.example.com/v2"}, "saved")
    monkeypatch.setattr(profiles, "read_secret", no_secret)
    assert replica_identity({}) == repr(ClickTimeBackend("x", "https://ct.example.com/v2"))
    assert replica_identity(env) == repr(opened)  # the environment overrides the profile
    membrane = {
        "PUNCHCARD_VIA": "membrane",
        "MEMBRANE_TOKEN": "mt",
        "MEMBRANE_CONNECTION": "c1",
        "MEMBRANE_API_URL": "http://127.0.0.1:9",
    }
    way = WayIn(
        via="membrane",
        address="http://127.0.0.1:9",
        connection="c1",
        service="ClickTime",
        login="clicktime",
    )
    through = ClickTimeBackend("mt", via=way)
    assert replica_identity(membrane) == repr(through)
    assert replica_identity({**membrane, "MEMBRANE_CONNECTION": "c2"}) != repr(through)


async def test_punch_opens_clicktime_behind_its_replica_with_every_part(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    state, ids = seeded()
    state.add_time_off(MONDAY + timedelta(days=4), 8.0, ids.vacation)
    with serving(state) as fake:
        monkeypatch.setenv("CLICKTIME_TOKEN", fake.token)
        monkeypatch.setenv("CLICKTIME_BASE_URL", fake.base_url)
        backend = await open_backend("clicktime")
        try:
            assert isinstance(backend, ReplicaBackend)
            parts: Any = backend  # with the ClickTime parts the wrapper adds
            for part in (
                HasWorkspaceRules,
                TimesheetPeriods,
                TimesheetDetails,
                HasTerms,
                TimeOffReader,
                ChecksChanges,
            ):
                assert isinstance(backend, part), part
            assert fake.sent() == [], "nothing is asked before the first read"
            ws = (await backend.list_workspaces())[0].id
            assert (await parts.terms(ws)).project == "Job"
            periods = await parts.timesheet_periods(ws, MONDAY, MONDAY + timedelta(days=6))
            assert [p.start for p in periods] == [MONDAY]
            off = await parts.list_time_off(ws, MONDAY, MONDAY + timedelta(days=6))
            assert [(t.day, t.seconds) for t in off] == [(MONDAY + timedelta(days=4), 8 * 3600)]
            listed = await backend.list_entries(ws, *WEEK)
            assert sorted(e.seconds() for e in listed) == [3600, 23400]
        finally:
            await backend.aclose()
        fake.forget_requests()
        warm = await open_backend("clicktime")
        try:
            assert isinstance(warm, ReplicaBackend)
            ww: Any = warm
            ws = (await warm.list_workspaces())[0].id
            assert (await ww.terms(ws)).project == "Job"
            assert len(await warm.list_entries(ws, *WEEK)) == 2
            sunday = MONDAY + timedelta(days=6)
            assert [p.state for p in await ww.timesheet_periods(ws, MONDAY, sunday)] == ["open"]
            assert len(await ww.list_time_off(ws, MONDAY, sunday)) == 1
            assert fake.sent() == [], "a warm start answers from the replica, periods too"
            # Refreshed behind the answer: an approver's decision reaches the grid.
            with state.lock:
                state.approve(MONDAY, "fine")
            await warm.settle()
            assert fake.sent("GET", "/Me/Timesheets"), "then it refreshes in the background"
            assert await warm.changed_elsewhere()
            [period] = await ww.timesheet_periods(ws, MONDAY, sunday)
            assert (period.state, period.locked) == ("approved", True)
        finally:
            await warm.aclose()


def _entry(ids: Seeded, day: date, hours: float, comment: str = "x") -> TimeEntry:
    start = datetime.combine(day, time(9), TZ).astimezone(UTC)
    return TimeEntry(
        id="local-" + "0" * 32,
        workspace_id="company-0001",
        start=start,
        end=start + timedelta(hours=hours),
        description=comment,
        project_id=ids.website,
        task_id=f"{ids.website}/{ids.meetings}",
    )


async def _cached(fake: FakeClickTime, tmp_path: Path) -> ClickTimeBackend:
    """A client that has read the user, the company and this week, as a week load does."""
    backend = ClickTimeBackend(
        fake.token,
        fake.base_url,
        tz=TZ,
        rate_limit=(1000, 1.0),
        sleep=quick,
        now=lambda: datetime.combine(fake.state.today, time(12), TZ),
        timer_path=tmp_path / "timer.json",
    )
    await backend.get_user()
    await backend.list_entries("company-0001", *WEEK)
    return backend


@pytest.mark.parametrize(
    ("setup", "change", "said"),
    [
        ("waiting", "wednesday", "submitted and waiting for approval"),
        ("approved", "wednesday", "ask your approver"),
        ("lock", "monday", "lock date"),
        ("comments", "no comment", "requires a comment"),
        ("plain", "3 minutes", "zero-hour"),
        ("plain", "friday", "in the future"),
        ("clock times", "past midnight", "must fall on one day"),
        ("waiting", "delete monday", "submitted and waiting"),
    ],
)
async def test_clicktime_refuses_a_change_from_what_it_holds_without_a_request(
    tmp_path: Path, setup: str, change: str, said: str
) -> None:
    state, ids = seeded(State(LockDate="2026-11-16" if setup == "lock" else None))
    state.me["RequireComments"] = setup == "comments"
    state.me["RequireStartEndTime"] = setup == "clock times"
    if setup in ("waiting", "approved"):
        state.sheet(MONDAY).status = setup.capitalize()
    wednesday, friday = MONDAY + timedelta(days=2), MONDAY + timedelta(days=4)
    with serving(state) as fake:
        backend = await _cached(fake, tmp_path)
        try:
            monday = (await backend.list_entries("company-0001", *WEEK))[0]
            fake.forget_requests()
            before, after = {
                "wednesday": (None, _entry(ids, wednesday, 2)),
                "monday": (None, _entry(ids, MONDAY, 1)),
                "no comment": (None, _entry(ids, wednesday, 1, comment="")),
                "3 minutes": (None, _entry(ids, wednesday, 0.05)),
                "friday": (None, _entry(ids, friday, 1)),
                "past midnight": (None, _entry(ids, wednesday, 16)),
                "delete monday": (monday, None),
            }[change]
            with pytest.raises(ValidationError, match=said):
                await backend.check_changes("company-0001", [(before, after)])
            assert fake.sent() == [], "judged from what is held, never with a request"
            # An ordinary edit on an open day passes.
            if setup not in ("waiting", "approved"):
                await backend.check_changes("company-0001", [(None, _entry(ids, wednesday, 1))])
        finally:
            await backend.aclose()


async def test_what_is_not_known_yet_is_left_to_clicktime(tmp_path: Path) -> None:
    state, ids = seeded()
    state.sheet(MONDAY).status = "Approved"
    with serving(state) as fake:
        backend = ClickTimeBackend(fake.token, fake.base_url, tz=TZ, rate_limit=(1000, 1.0))
        try:
            await backend.check_changes("company-0001", [(None, _entry(ids, MONDAY, 0.05))])
            assert fake.sent() == [], "nothing read yet: no request, no judgement"
        finally:
            await backend.aclose()


async def test_behind_the_replica_a_refused_edit_is_never_journaled(tmp_path: Path) -> None:
    state, ids = seeded()
    state.sheet(MONDAY).status = "Waiting"
    with serving(state) as fake:
        from tui.backends.replica.parts import wrap

        backend = wrap(await _cached(fake, tmp_path), tmp_path / "replica.sqlite3")
        try:
            ws = (await backend.list_workspaces())[0].id
            await backend.list_entries(ws, *WEEK)
            with pytest.raises(ValidationError, match="undo the submission"):
                await backend.apply_changes(ws, [(None, _entry(ids, MONDAY + timedelta(1), 2))])
            assert backend.sync_report().waiting == 0
            assert fake.sent("POST") == []
        finally:
            await backend.aclose()


async def test_offline_the_journal_still_refuses_what_clicktime_never_takes(
    tmp_path: Path,
) -> None:
    state, ids = seeded()
    with serving(state) as fake:
        from tui.backends.replica.parts import wrap

        backend = wrap(
            await _cached(fake, tmp_path),
            tmp_path / "replica.sqlite3",
            backoff=(5.0, 5.0),
            settle=0.1,  # a send whose answer was lost is looked up again this soon
        )
        try:
            ws = (await backend.list_workspaces())[0].id
            await backend.list_entries(ws, *WEEK)
            fake.go_down()
            wednesday = MONDAY + timedelta(days=2)
            await backend.apply_changes(ws, [(None, _entry(ids, wednesday, 2))])
            await backend.drain()
            assert backend.sync_report().state == "offline"
            assert backend.sync_report().waiting == 1
            with pytest.raises(ValidationError, match="in the future"):
                await backend.apply_changes(ws, [(None, _entry(ids, wednesday + timedelta(2), 1))])
            assert backend.sync_report().waiting == 1, "the refused edit was never journaled"
            fake.come_back()
            await asyncio.sleep(0.2)
            await backend.drain()
            assert backend.sync_report().waiting == 0
        finally:
            await backend.aclose()
        assert [e.hours for e in state.entries.values() if e.date == wednesday] == [2.0]


async def test_a_stopped_timer_and_a_moved_entry_follow_the_id_clicktime_gives_them(
    tmp_path: Path,
) -> None:
    """ClickTime writes a stopped timer as a new entry, and moves an entry to another day as a
    create and a delete: behind the replica, each is one entry under ClickTime's new id."""
    state, ids = seeded()
    with serving(state) as fake:
        from tui.backends.replica.parts import wrap

        backend = wrap(await _cached(fake, tmp_path), tmp_path / "replica.sqlite3")
        try:
            ws = (await backend.list_workspaces())[0].id
            tuesday = MONDAY + timedelta(days=1)
            start = datetime.combine(tuesday, time(13), TZ).astimezone(UTC)
            timer = _entry(ids, tuesday, 1).replace(start=start, end=None)
            running = await backend.create_entry(ws, timer.fields())
            assert running.running
            stopped = await backend.update_entry(running.replace(end=start + timedelta(hours=1)))
            assert stopped.id != running.id
            assert stopped.id in {e.id for e in state.entries.values()}
            assert await backend.running_entry(ws) is None
            listed_ids = [e.id for e in await backend.list_entries(ws, *WEEK)]
            assert len(listed_ids) == 3  # the two seeded, and the timer's entry once
            assert stopped.id in listed_ids
            assert running.id not in listed_ids, "the timer's id is gone"
            assert stopped.end is not None
            day = timedelta(days=1)
            moved = await backend.update_entry(
                stopped.replace(start=stopped.start + day, end=stopped.end + day)
            )
            assert moved.id != stopped.id
            listed = {e.id for e in await backend.list_entries(ws, *WEEK)}
            assert moved.id in listed
            assert stopped.id not in listed
            assert backend.sync_report().waiting == 0
        finally:
            await backend.aclose()
        assert sorted(e.date for e in state.entries.values()) == [
            MONDAY,
            MONDAY + timedelta(days=1),
            MONDAY + timedelta(days=2),
        ]
