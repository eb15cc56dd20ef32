"""A week load on ClickTime, from the fake server with 50 ms added to every answer.

    python bench/clicktime_week.py            # 7 runs of each, medians
    python bench/clicktime_week.py --runs 3 --entries 150 --jobs 40 --latency 0.05

Measures, on a company with ``--entries`` entries in one week on ``--jobs`` jobs (one task
each, all allowed), through the real store and backend over loopback HTTP, with the
backend's own pacing (10 requests in any 5 s per kind):

(a) opening: ``Store.open()`` from nothing — /Me, /Company, clients, jobs, tasks, the week's
    entries and timesheets, the timer;
(b) a week load with the session's metadata in memory: the store moves to the week before and
    back (``shift_week``), and the move back to the busy week is timed.

Each is reported as a multiple of the added latency and of one bare round trip (``GET /Me``
on a fresh connection, measured in the same run), with the number of requests and how many
read entries (target: ceil(entries / 500), the page size ClickTime allows). Target for (b):
≤ 3× the latency. Prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from week_load import print_table, summarize

from tests.fakes.clicktime import FakeClickTime, State
from tui.backends.clicktime import ClickTimeBackend
from tui.config import Settings
from tui.store import Store

WEEK = date(2026, 11, 16)
NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")


def seed(state: State, entries: int, jobs: int) -> None:
    client = state.add_client("Acme Corp")
    for n in range(jobs):
        job = state.add_job(f"Job {n:02d}", client, f"J{n:02d}")
        task = state.add_task(f"Work {n:02d}")
        state.allow(job, task)
    pairs = list(zip(state.jobs, state.tasks, strict=True))
    for n in range(entries):
        job, task = pairs[n % len(pairs)]
        state.add_entry(WEEK + timedelta(days=n % 3), 0.25, job, task, comment=f"#{n}")


def _since(fake: FakeClickTime, mark: int) -> list[str]:
    return [r.path for r in fake.requests[mark:]]


async def _round_trip(fake: FakeClickTime) -> float:
    backend = ClickTimeBackend(fake.token, fake.base_url, tz=BERLIN)
    try:
        started = time.perf_counter()
        await backend.http.get_json("/Me")
        return time.perf_counter() - started
    finally:
        await backend.aclose()


async def _one_run(fake: FakeClickTime) -> dict[str, Any]:
    backend = ClickTimeBackend(fake.token, fake.base_url, tz=BERLIN, now=lambda: NOW)
    store = Store(
        backend,
        Settings(timezone="Europe/Berlin"),
        clock=lambda: NOW,
        machine_tz=BERLIN,
        remember_workspace=False,
    )
    try:
        mark = len(fake.requests)
        started = time.perf_counter()
        await store.open()
        opened = time.perf_counter() - started
        open_paths = _since(fake, mark)
        entries = len(store.snapshot.entries)
        await store.shift_week(-1)
        mark = len(fake.requests)
        started = time.perf_counter()
        await store.shift_week(1)
        week = time.perf_counter() - started
        week_paths = _since(fake, mark)
        assert len(store.snapshot.entries) == entries, "the week came back different"
        return {
            "open_s": opened,
            "open_requests": len(open_paths),
            "open_entry_requests": open_paths.count("/Me/TimeEntries"),
            "week_s": week,
            "week_requests": len(week_paths),
            "week_entry_requests": week_paths.count("/Me/TimeEntries"),
            "week_paths": sorted(week_paths),
            "entries": entries,
            "projects": len(store.snapshot.projects),
        }
    finally:
        await backend.aclose()


async def main(args: argparse.Namespace) -> dict[str, Any]:
    # Each run stands for an open after a pause. With the profile's requests counted across
    # processes (and runs), ClickTime's 10 per 5 s would make every run after the first wait
    # for the one before it: true for two commands a second apart, not what this measures.
    os.environ["PUNCHCARD_SHARED_PACING"] = "0"
    state = State(today=WEEK + timedelta(days=2), TaskRestrictionMethod="byjob")
    seed(state, args.entries, args.jobs)
    with FakeClickTime(state, latency=args.latency, validate=False) as fake:
        await _one_run(fake)  # warm-up: imports, connections, caches of the interpreter
        trips = [await _round_trip(fake) for _ in range(args.runs)]
        runs = [await _one_run(fake) for _ in range(args.runs)]
    result = summarize(runs, trips, args.latency, per_page=500)
    result["week_paths"] = runs[0]["week_paths"]
    return result


def report(result: dict[str, Any]) -> None:
    print_table(result, "ClickTime", "jobs", f"(b) asked for: {', '.join(result['week_paths'])}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--entries", type=int, default=150)
    parser.add_argument("--jobs", type=int, default=40)
    parser.add_argument("--latency", type=float, default=0.05)
    report(asyncio.run(main(parser.parse_args())))
