"""The review's numbers over every backend the contract suite covers (the embedded store, and
Clockify through its fake server over real HTTP): it reads only through the Backend protocol,
in the backend's own time zone and week start."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.backends.contract.conftest import BACKENDS
from tests.backends.contract.harness import contract_backends
from tests.frozen_time import frozen_store
from tui.backends.base import CatalogWrites
from tui.domain.models import EntryFields
from tui.store.review import ReviewLoader, load_period, review_of

H = 3600


def at(day: date, hh: int, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hh), tz).astimezone(UTC)


@pytest.mark.parametrize("name", sorted(contract_backends("catalog_writes")))
async def test_the_review_reads_the_same_numbers_on_every_backend(name: str, tmp_path: Path):
    async with BACKENDS[name](tmp_path) as backend:
        assert isinstance(backend, CatalogWrites)  # the test makes its own projects
        store = frozen_store(backend)
        await store.open()
        snap = store.snapshot
        assert snap.workspace is not None
        ws, tz, first = snap.workspace.id, snap.tz, snap.week
        web = await backend.create_project(ws, "Website", None, None, True)
        ops = await backend.create_project(ws, "Ops")
        for start, end, project, billable in [
            (at(first, 9, tz), at(first, 11, tz), web.id, True),
            (at(first, 10, tz), at(first, 12, tz), ops.id, False),  # overlaps an hour
            (
                at(first - timedelta(days=7), 9, tz),
                at(first - timedelta(days=7), 13, tz),
                web.id,
                True,
            ),
            # The last hour of the week before, and the first of this one.
            (at(first - timedelta(days=1), 23, tz), at(first, 1, tz), ops.id, False),
        ]:
            fields = EntryFields(start=start, end=end, project_id=project, billable=billable)
            await backend.create_entry(ws, fields)
        await store.refresh_catalog()
        history = await ReviewLoader(store).load(first, reload=True)
        assert history is not None
        assert history.error == ""
        review = review_of(store.snapshot, store.settings, store.now(), history)

        assert review.first == first
        assert review.days[0].seconds == 2 * H + 2 * H + H
        assert review.total == 5 * H
        assert review.billable == 2 * H
        lines = {line.label: line.seconds for line in review.breakdown("project").lines}
        assert lines == {"Website": 2 * H, "Ops": 3 * H}
        kinds = {p.kind for p in review.problems}
        assert {"overlap", "crosses_midnight"} <= kinds
        assert review.comparison is not None
        assert review.comparison.previous.total == 4 * H + H
        assert review.comparison.average.total == 5 * H // 4

        period = await load_period(store, first - timedelta(days=7), first)
        assert len(period) == 4
