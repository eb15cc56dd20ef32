"""The store's timer on ClickTime: started in punch (nothing sent), stopped into one entry of
the company's increment, which the week then shows with ClickTime's id."""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.backends.clicktime_helpers import clicktime
from tests.fakes.clicktime.testing import seeded
from tests.frozen_time import FROZEN_NOW, frozen_store
from tui.domain.models import EntryFields


async def test_start_and_stop_on_clicktime_write_one_rounded_entry() -> None:
    state, ids = seeded()
    now = [FROZEN_NOW]

    def clock() -> datetime:
        return now[0]

    async with clicktime(state, now=clock) as (backend, fake):
        store = frozen_store(backend, clock=clock)
        await store.open()
        task = f"{ids.website}/{ids.meetings}"
        fields = EntryFields(start=FROZEN_NOW, project_id=ids.website, task_id=task)
        started = await store.start_timer(fields.replace(description="Planning"))
        assert started is not None
        assert store.snapshot.running is not None
        assert [r for r in fake.sent() if r.method != "GET"] == []
        now[0] = FROZEN_NOW + timedelta(minutes=50)
        assert await store.stop_timer() is not None
        assert store.snapshot.running is None
        [post] = fake.sent("POST")
        assert (post.body["Hours"], post.body["Comment"]) == (0.75, "Planning")
        [written] = [e for e in store.snapshot.entries if e.description == "Planning"]
        assert written.id in state.entries
        assert written.seconds() == 45 * 60
