"""Loading and exporting the review without a terminal: the shown week from the store, the
four weeks before it read concurrently, stale answers dropped, files written whole."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from tests.frozen_time import BERLIN, frozen_store
from tui.backends.errors import OfflineError
from tui.backends.local import LocalBackend
from tui.domain.models import EntryFields, TimeEntry
from tui.reports.export import entries_csv, export_review, review_payload
from tui.store import Store
from tui.store.review import ReviewLoader, load_period, review_of

MON = date(2026, 11, 16)


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), BERLIN).astimezone(UTC)


class CountingBackend(LocalBackend):
    """Counts reads of entries, how many overlap, and can fail or stall them."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.reads: list[datetime] = []
        self.in_flight = 0
        self.most_in_flight = 0
        self.fail_before: datetime | None = None
        self.delay = 0.0

    async def list_entries(self, workspace_id: str, start: datetime, end: datetime):  # type: ignore[no-untyped-def]
        self.reads.append(start)
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
            if self.fail_before is not None and start < self.fail_before:
                raise OfflineError("Can't reach the server (offline)")
            return await super().list_entries(workspace_id, start, end)
        finally:
            self.in_flight -= 1


async def seeded_store(path: Path) -> tuple[Store, CountingBackend]:
    backend = CountingBackend(path)
    ws = (await backend.list_workspaces())[0].id
    project = await backend.create_project(ws, "Website", billable=True)
    for weeks_back, hours in enumerate([3, 5, 7, 9, 11, 13]):
        day = MON - timedelta(weeks=weeks_back)
        await backend.create_entry(
            ws,
            EntryFields(
                start=at(day, 9),
                end=at(day, 9 + hours),
                project_id=project.id,
                billable=True,
                description="=SUM(A1)" if weeks_back == 0 else "work",
            ),
        )
    store = frozen_store(backend)
    await store.open()
    backend.reads.clear()
    return store, backend


async def test_the_weeks_before_are_read_concurrently_and_kept(store_path: Path):
    store, backend = await seeded_store(store_path)
    backend.delay = 0.01
    loader = ReviewLoader(store)
    history = await loader.load(MON)
    assert history is not None
    assert history.error == ""
    assert [first for first, _ in history.weeks] == [MON - timedelta(weeks=n) for n in (1, 2, 3, 4)]
    assert backend.most_in_flight == 4  # all four at once, the shown week not read again
    review = review_of(store.snapshot, store.settings, store.now(), history)
    assert review.total == 3 * 3600
    assert review.comparison is not None
    assert review.comparison.previous.total == 5 * 3600
    assert review.comparison.average.total == (5 + 7 + 9 + 11) * 3600 // 4
    # One week back: the shown week comes from the store, and one new earlier week is read.
    backend.reads.clear()
    history = await loader.load(MON - timedelta(weeks=1))
    assert history is not None
    assert store.snapshot.week == MON - timedelta(weeks=1)
    assert len(backend.reads) == 2  # the store's new week, and week -5
    assert review_of(store.snapshot, store.settings, store.now(), history).total == 5 * 3600


async def test_a_later_load_wins_and_the_earlier_answer_is_dropped(store_path: Path):
    store, backend = await seeded_store(store_path)
    backend.delay = 0.02
    loader = ReviewLoader(store)
    earlier, later = await asyncio.gather(
        loader.load(MON - timedelta(weeks=1)), loader.load(MON - timedelta(weeks=2))
    )
    assert earlier is None
    assert later is not None
    assert later.week == MON - timedelta(weeks=2)
    assert store.snapshot.week == MON - timedelta(weeks=2)


async def test_earlier_weeks_that_cannot_be_read_are_left_out_and_said(store_path: Path):
    store, backend = await seeded_store(store_path)
    backend.fail_before = at(MON - timedelta(weeks=1), 0)  # weeks -2 to -4 fail
    history = await ReviewLoader(store).load(MON)
    assert history is not None
    assert [first for first, _ in history.weeks] == [MON - timedelta(weeks=1)]
    assert history.error == "Earlier weeks not read: Can't reach the server (offline)"
    review = review_of(store.snapshot, store.settings, store.now(), history)
    assert review.comparison is not None
    assert review.comparison.weeks == 1


async def test_a_period_for_the_report(store_path: Path):
    store, _ = await seeded_store(store_path)
    entries = await load_period(store, MON - timedelta(weeks=1), MON)
    assert sorted(e.seconds() for e in entries) == [3 * 3600, 5 * 3600]


async def test_export_writes_the_payload_and_the_entries(store_path: Path, tmp_path: Path):
    store, _ = await seeded_store(store_path)
    history = await ReviewLoader(store).load(MON)
    review = review_of(store.snapshot, store.settings, store.now(), history)
    json_path = await export_review(review, store.snapshot, "json", tmp_path / "out")
    assert json_path == tmp_path / "out" / "week-2026-11-16.json"
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data == json.loads(json.dumps(review_payload(review, store.snapshot)))
    assert data["comparison"]["previous"] == {
        "from": "2026-11-09",
        "to": "2026-11-15",
        "total": 5 * 3600,
        "billable": 5 * 3600,
    }
    csv_path = await export_review(review, store.snapshot, "csv", tmp_path / "out")
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
    assert len(rows) == 1
    assert rows[0]["description"] == "'=SUM(A1)"  # never a formula in a spreadsheet
    assert rows[0]["seconds"] == "10800"
    assert rows[0]["hours"] == "3.00"
    assert rows[0]["billable"] == "yes"
    assert rows[0]["amount_minor"] == ""
    assert rows[0]["entry_start"] == "2026-11-16T09:00:00+01:00"
    assert not list((tmp_path / "out").glob("*.tmp"))


def test_csv_splits_an_entry_across_midnight():
    from tests.domain.test_review_domain import CATALOG
    from tui.domain.models import Capabilities
    from tui.domain.timesheet import WeekGrid
    from tui.domain.weeks import week_days
    from tui.store.snapshot import Snapshot

    night = TimeEntry(
        id="n1",
        workspace_id="w",
        start=at(MON, 23),
        end=at(MON + timedelta(days=1), 1, 30),
        project_id="p1",
        billable=True,
    )
    snap = Snapshot(
        backend="local",
        capabilities=Capabilities(),
        tz=BERLIN,
        week_start_day=0,
        week=MON,
        today=MON,
        grid=WeekGrid(tuple(week_days(MON)), ()),
        catalog=CATALOG,
    )
    rows = list(csv.DictReader(io.StringIO(entries_csv([night], week_days(MON), snap))))
    assert [(r["date"], r["seconds"], r["amount_minor"], r["currency"]) for r in rows] == [
        ("2026-11-16", "3600", "10000", "EUR"),
        ("2026-11-17", "5400", "15000", "EUR"),
    ]
    assert rows[0]["client"] == "Acme"
    assert rows[0]["project"] == "Web"


def test_the_entries_csv_has_a_line_for_time_off_so_each_date_adds_up() -> None:
    from tui.domain.models import Capabilities
    from tui.domain.time_off import TimeOff
    from tui.domain.timesheet import WeekGrid
    from tui.domain.weeks import week_days
    from tui.store.snapshot import Snapshot

    friday = MON + timedelta(days=4)
    snap = Snapshot(
        backend="clicktime",
        capabilities=Capabilities(),
        tz=BERLIN,
        week_start_day=0,
        week=MON,
        today=MON,
        grid=WeekGrid(tuple(week_days(MON)), ()),
        time_off=(
            TimeOff(
                id="o1", day=friday, seconds=28800, type_id="t1", type_name="Vacation", note="Away"
            ),
            TimeOff(
                id="o2", day=MON + timedelta(days=9), seconds=3600, type_id="t1", type_name="Sick"
            ),
        ),
    )
    rows = list(csv.DictReader(io.StringIO(entries_csv([], week_days(MON), snap))))
    assert [(r["date"], r["seconds"], r["project"], r["task"], r["description"]) for r in rows] == [
        ("2026-11-20", "28800", "Time off", "Vacation", "Away")  # next week's is not this week's
    ]
    assert rows[0]["entry_id"] == ""
