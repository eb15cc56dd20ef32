"""ClickTime's paging and pacing over the fake: one page for a busy week, ``page.count``
else ``links.next``, each id once, ten requests in five seconds per kind, a 429 on a write
waited out and sent again, and a recorded answer's shape read as ClickTime shows it."""

from __future__ import annotations

import json
from datetime import timedelta

from tests.backends.clicktime_helpers import MONDAY, WS, Slept, at, clicktime
from tests.fakes.clicktime import Options, State
from tests.fakes.clicktime.testing import seeded
from tests.vendor import CLICKTIME_FIXTURES
from tui.backends.clicktime import paging
from tui.backends.clicktime.backend import RATE_LIMIT
from tui.domain.models import EntryFields

SUNDAY_NEXT = MONDAY + timedelta(days=7)


async def test_150_entries_on_40_jobs_are_one_page() -> None:
    state = State()
    jobs = [state.add_job(f"Job {n:02d}") for n in range(40)]
    task = state.add_task("Work")
    for n in range(150):
        state.add_entry(MONDAY + timedelta(days=n % 5), 0.25, jobs[n % 40], task)
    async with clicktime(state) as (backend, fake):
        week = await backend.list_entries(WS, at(MONDAY), at(SUNDAY_NEXT))
        assert len(week) == 150
        assert len(fake.sent("GET", "/Me/TimeEntries")) == 1


async def test_paging_follows_count_else_links_and_keeps_each_id_once() -> None:
    state = State()
    for name in ("Alpha", "Bravo", "Charlie", "Delta", "Echo"):
        state.add_client(name)
    async with clicktime(state) as (backend, fake):
        found = await paging.paginate(backend.http, "/Me/Clients", limit=2)
        assert [c["Name"] for c in found] == ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]
        assert [r.param("offset") for r in fake.sent("GET", "/Me/Clients")] == ["0", "2", "4"]

        fake.options = Options(page_count=False)  # no count: links.next decides
        found = await paging.paginate(backend.http, "/Me/Clients", limit=2)
        assert len(found) == 5
        assert len(fake.sent("GET", "/Me/Clients")) == 6

        # A record that shifts to the next page while paging is counted once.
        shifted = [state.clients[k] for k in list(state.clients)[1:3]]
        page = {"count": 5, "limit": 2, "offset": 0, "links": {}}
        body = {"data": shifted, "errors": [], "page": page}
        fake.fail("GET", "/Me/Clients", status=200, body=json.dumps(body).encode())
        fake.options = Options()
        found = await paging.paginate(backend.http, "/Me/Clients", limit=2)
        assert [c["Name"] for c in found] == ["Bravo", "Charlie", "Delta", "Echo"]


class VirtualClock:
    """A monotonic clock that only the injected ``sleep`` moves."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds


async def test_requests_are_paced_ten_in_five_seconds_per_kind() -> None:
    clock = VirtualClock()
    async with clicktime(rate_limit=RATE_LIMIT, clock=clock, sleep=clock.sleep) as (backend, _):
        for _ in range(10):
            await paging.get_data(backend.http, "/Company")
        assert clock.waits == []
        # Entries are paced on their own: the one limit on record is theirs.
        query = {"StartDate": "2026-11-16", "EndDate": "2026-11-22"}
        await paging.paginate(backend.http, "/Me/TimeEntries", query)
        assert clock.waits == []
        await paging.get_data(backend.http, "/Company")  # the eleventh of its kind
        assert sum(clock.waits) >= 5.0


async def test_a_write_refused_with_429_is_sent_again_once_it_may_be() -> None:
    slept = Slept()
    state, ids = seeded()
    async with clicktime(state, sleep=slept) as (backend, fake):
        fake.burst("POST", "/Me/TimeEntries", times=1, retry_after="2")
        fields = EntryFields(
            start=at(MONDAY, 9),
            end=at(MONDAY, 10),
            project_id=ids.admin,
            task_id=f"{ids.admin}/{ids.meetings}",
        )
        made = await backend.create_entry(WS, fields)
        assert slept.waits == [2.0]
        assert len(fake.sent("POST")) == 2
        assert [e.id for e in state.entries.values() if e.job_id == ids.admin] == [made.id]


async def test_a_recorded_shape_of_the_week_reads_as_clicktime_shows_it() -> None:
    """The synthesized verbose answer in tests/vendor (ClickTime's shape, with a break and
    clock times on one entry) served for the week: hours are ``Hours``, the start its clock
    time, the other entry on its day."""
    recorded = CLICKTIME_FIXTURES / "synth.me-timeentries.list.verbose.response.json"
    async with clicktime() as (backend, fake):
        fake.fail("GET", "/Me/TimeEntries", status=200, body=recorded.read_bytes())
        week = await backend.list_entries(WS, at(MONDAY), at(SUNDAY_NEXT))
        assert [(e.id, e.start, e.seconds()) for e in week] == [
            ("te-0001", at(MONDAY, 9), int(6.5 * 3600)),
            ("te-0002", at(MONDAY + timedelta(days=1)), 3600),
        ]
        assert week[0].task_id == "job-0001/task-0001"
