"""A week load on Clockify, from the fake server with 50 ms added to every answer.

    python bench/clockify_week.py            # 7 runs of each, medians
    python bench/clockify_week.py --runs 3 --entries 300 --projects 60 --latency 0.05

Measures, on a workspace with ``--entries`` entries in one week and ``--projects`` projects
(two tasks each), through the real store and backend over loopback HTTP:

(a) opening: ``Store.open()`` from nothing — user, workspaces, catalog, the week, the timer;
(b) a week load with the session's metadata in memory: the store moves to the week and back
    (``shift_week``), and the move back to the 300-entry week is timed.

Each is reported as a multiple of the added latency and of one bare round trip (``GET /user``
on a fresh connection, measured in the same run), with the number of requests and how many
of them read entries (target: ceil(entries / 200)). Prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from week_load import print_table, summarize

from tests.fakes.clockify import FakeClockify, State
from tests.fakes.clockify.seed import seed_bench
from tui.backends.clockify import ClockifyBackend
from tui.config import Settings
from tui.store import Store

WEEK = date(2026, 11, 16)
NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")


def _entry_reads(fake: FakeClockify) -> int:
    return sum(
        1
        for r in fake.sent("GET", "/workspaces/[^/]+/user/[^/]+/time-entries")
        if r.param("in-progress") is None
    )


async def _round_trip(fake: FakeClockify) -> float:
    backend = ClockifyBackend(fake.api_key, fake.base_url)
    try:
        started = time.perf_counter()
        await backend.http.get_json("/user")
        return time.perf_counter() - started
    finally:
        await backend.aclose()


async def _one_run(fake: FakeClockify) -> dict[str, Any]:
    backend = ClockifyBackend(fake.api_key, fake.base_url)
    store = Store(
        backend, Settings(), clock=lambda: NOW, machine_tz=BERLIN, remember_workspace=False
    )
    try:
        fake.forget_requests()
        started = time.perf_counter()
        await store.open()
        opened = time.perf_counter() - started
        open_requests, open_entry_reads = len(fake.sent()), _entry_reads(fake)
        entries = len(store.snapshot.entries)
        await store.shift_week(-1)
        fake.forget_requests()
        started = time.perf_counter()
        await store.shift_week(1)
        week = time.perf_counter() - started
        assert len(store.snapshot.entries) == entries, "the week came back different"
        return {
            "open_s": opened,
            "open_requests": open_requests,
            "open_entry_requests": open_entry_reads,
            "week_s": week,
            "week_requests": len(fake.sent()),
            "week_entry_requests": _entry_reads(fake),
            "entries": entries,
            "projects": len(store.snapshot.projects),
        }
    finally:
        await backend.aclose()


async def main(args: argparse.Namespace) -> dict[str, Any]:
    state = State(timezone="Europe/Berlin")
    seed_bench(state, WEEK, entries=args.entries, projects=args.projects)
    with FakeClockify(state, latency=args.latency, validate=False) as fake:
        await _one_run(fake)  # warm-up: imports, connections, caches of the interpreter
        trips = [await _round_trip(fake) for _ in range(args.runs)]
        runs = [await _one_run(fake) for _ in range(args.runs)]
    result = summarize(runs, trips, args.latency, per_page=200)
    return result


def report(result: dict[str, Any]) -> None:
    print_table(result, "Clockify", "projects")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--entries", type=int, default=300)
    parser.add_argument("--projects", type=int, default=60)
    parser.add_argument("--latency", type=float, default=0.05)
    report(asyncio.run(main(parser.parse_args())))
