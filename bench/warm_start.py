"""(a) A warm start on Clockify: the real `punch`, headless, against the fake Clockify with
50 ms added to every answer, with the replica a previous run left on disk.

    python bench/warm_start.py               # 7 runs of each, medians
    python bench/warm_start.py --runs 3 --latency 0.05

The same week (``--entries`` entries, ``--projects`` projects with two tasks each) is put in
the fake Clockify and, copied, in an embedded store. Each run is a fresh process
(``startup_child.py punch``) timed from spawn to its first frame showing the grid with its
rows: on Clockify behind its replica (one cold run first fills the replica), and on the
embedded store, alternating, in the same run. Reported: the warm start as a multiple of the
embedded store's cold start (target ≤ 1.1) and the requests the fake received before that
first frame (target 0). Prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(1, str(HERE))

from run import ZONE, start_once  # noqa: E402

from tests.fakes.clockify import FakeClockify, State  # noqa: E402
from tests.fakes.clockify.seed import seed_bench  # noqa: E402

WEEK = date(2026, 11, 16)  # the week NOW shows
TARGETS = {"warm_ratio": 1.1, "requests_before_paint": 0}


async def copy_into_local(fake: FakeClockify, store: Path) -> int:
    """The fake's workspace, catalog and week, into an embedded store: the same grid."""
    from tui.backends.clockify import ClockifyBackend

    return await copy_backend(ClockifyBackend(fake.api_key, fake.base_url), store)


async def copy_backend(remote: Any, store: Path) -> int:
    """A remote backend's workspace, catalog and week, into an embedded store: the same
    grid (``bench/clicktime_warm_start.py`` copies ClickTime's with it too)."""
    from datetime import UTC, datetime, timedelta

    from tui.backends.local import LocalBackend

    local = LocalBackend(store)
    try:
        [space] = await remote.list_workspaces()
        ws = (await local.list_workspaces())[0].id
        clients = {
            c.id: (await local.create_client(ws, c.name)).id
            for c in await remote.list_clients(space.id)
        }
        projects: dict[str, str] = {}
        for p in await remote.list_projects(space.id):
            made = await local.create_project(ws, p.name, clients.get(p.client_id or ""))
            projects[p.id] = made.id
        tasks = {}
        for t in await remote.list_tasks(space.id):
            tasks[t.id] = (await local.create_task(ws, projects[t.project_id], t.name)).id
        tags = {
            t.id: (await local.create_tag(ws, t.name)).id for t in await remote.list_tags(space.id)
        }
        start = datetime(2026, 11, 15, tzinfo=UTC)
        entries = await remote.list_entries(space.id, start, start + timedelta(days=9))
        for e in entries:
            await local.create_entry(
                ws,
                e.fields().replace(
                    project_id=projects.get(e.project_id or ""),
                    task_id=tasks.get(e.task_id or ""),
                    tag_ids=tuple(tags[t] for t in e.tag_ids if t in tags),
                ),
            )
        return len(entries)
    finally:
        await remote.aclose()
        await local.aclose()


class Stamped(FakeClockify):
    """The fake, noting when each request arrived (``time.monotonic()``, system-wide, so it
    compares with the child's reading of its first frame)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.arrivals: list[float] = []

    def answer(self, *args: Any) -> tuple[int, dict[str, str], bytes]:
        self.arrivals.append(time.monotonic())
        return super().answer(*args)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--entries", type=int, default=300)
    parser.add_argument("--projects", type=int, default=60)
    args = parser.parse_args(argv)

    state = State(timezone=ZONE)
    seed_bench(state, WEEK, entries=args.entries, projects=args.projects)
    with (
        Stamped(state, latency=0.0, validate=False, rate_limit=None) as fake,
        tempfile.TemporaryDirectory() as tmp,
    ):
        scratch = Path(tmp)
        base = {
            k: v for k, v in os.environ.items() if not k.startswith(("CLOCKIFY_", "PUNCHCARD_"))
        }
        base |= {"TZ": ZONE, "XDG_CONFIG_HOME": str(scratch / "config")}
        local_env = base | {"XDG_DATA_HOME": str(scratch / "local")}
        (scratch / "local" / "punchcard").mkdir(parents=True)
        from tui import locations

        os.environ["XDG_DATA_HOME"] = str(scratch / "local")
        copied = asyncio.run(copy_into_local(fake, locations.store_file()))
        remote_env = base | {
            "XDG_DATA_HOME": str(scratch / "remote"),
            "CLOCKIFY_API_KEY": fake.api_key,
            "CLOCKIFY_BASE_URL": fake.base_url,
            "PUNCHCARD_BACKEND": "clockify",
        }
        fake.latency = args.latency
        cold = start_once("punch", remote_env, scratch)  # fills the replica
        start_once("punch", local_env, scratch)  # warms the caches; not counted
        warm: list[float] = []
        local: list[float] = []
        early: list[int] = []
        for i in range(args.runs):
            for which in ("warm", "local") if i % 2 == 0 else ("local", "warm"):
                if which == "local":
                    local.append(start_once("punch", local_env, scratch)["paint_s"])
                    continue
                fake.arrivals.clear()
                spawned = time.monotonic()
                sample = start_once("punch", remote_env, scratch)
                painted = spawned + sample["paint_s"]
                early.append(sum(1 for at in list(fake.arrivals) if at < painted))
                warm.append(sample["paint_s"])
                time.sleep(0.1)  # the child is gone; let the fake finish what it was answering
    warm_ms, local_ms = statistics.median(warm) * 1000, statistics.median(local) * 1000
    result = {
        "runs": args.runs,
        "latency_ms": args.latency * 1000,
        "entries": copied,
        "cold_clockify_paint_ms": round(cold["paint_s"] * 1000, 1),
        "warm_clockify_paint_ms": round(warm_ms, 1),
        "local_cold_paint_ms": round(local_ms, 1),
        "warm_ratio": round(warm_ms / local_ms, 3),
        "requests_before_paint": max(early),
        "requests_before_paint_all": early,
    }
    rows = [
        (
            "cold start on Clockify (fills the replica)",
            f"{result['cold_clockify_paint_ms']:.0f} ms",
            "",
        ),
        ("warm start on Clockify (replica on disk)", f"{warm_ms:.0f} ms", ""),
        ("cold start on the embedded store", f"{local_ms:.0f} ms", ""),
        ("warm ÷ embedded", f"{result['warm_ratio']:.2f}×", f"≤ {TARGETS['warm_ratio']}"),
        ("requests before the first frame (most in a run)", str(max(early)), "= 0"),
    ]
    for name, value, target in rows:
        print(f"{name:<50} {value:>10}  {target}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
