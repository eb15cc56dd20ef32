"""A warm start on ClickTime: the real `punch`, headless, against the fake ClickTime with
50 ms added to every answer, with the replica a previous run left on disk.

    python bench/clicktime_warm_start.py               # 7 runs of each, medians
    python bench/clicktime_warm_start.py --runs 3 --latency 0.05

The week of ``clicktime_week.py`` (``--entries`` entries on ``--jobs`` jobs) is put in the
fake ClickTime and, copied, in an embedded store. Each run is a fresh process
(``startup_child.py punch``) timed from spawn to its first frame showing the grid with its
rows: on ClickTime behind its replica (one cold run first fills it), and on the embedded
store, alternating, in the same run. Reported: the warm start as a multiple of the embedded
store's cold start, and the requests the fake received before that first frame (target 0:
the week's entries, timesheet periods, time off, the company's words all come from disk).
Prints a table, then one JSON line.
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
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(1, str(HERE))

from clicktime_week import seed  # noqa: E402
from run import ZONE, start_once  # noqa: E402
from warm_start import copy_backend  # noqa: E402

from tests.fakes.clicktime import FakeClickTime, State  # noqa: E402

TARGETS = {"requests_before_paint": 0}


class Stamped(FakeClickTime):
    """The fake, noting when each request arrived (``time.monotonic()``, system-wide)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.arrivals: list[float] = []

    def answer(self, *args: Any) -> tuple[int, dict[str, str], bytes]:
        self.arrivals.append(time.monotonic())
        return super().answer(*args)


async def copy_clicktime(fake: FakeClickTime, store: Path) -> int:
    from zoneinfo import ZoneInfo

    from tui.backends.clicktime import ClickTimeBackend

    remote = ClickTimeBackend(fake.token, fake.base_url, tz=ZoneInfo(ZONE), rate_limit=(1000, 1))
    return await copy_backend(remote, store)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--entries", type=int, default=150)
    parser.add_argument("--jobs", type=int, default=40)
    args = parser.parse_args(argv)

    state = State()
    seed(state, args.entries, args.jobs)
    with Stamped(state, validate=False) as fake, tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        base = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("CLICKTIME_", "CLOCKIFY_", "PUNCHCARD_"))
        }
        base |= {"TZ": ZONE, "XDG_CONFIG_HOME": str(scratch / "config")}
        local_env = base | {"XDG_DATA_HOME": str(scratch / "local")}
        (scratch / "local" / "punchcard").mkdir(parents=True)
        from tui import locations

        os.environ["XDG_DATA_HOME"] = str(scratch / "local")
        copied = asyncio.run(copy_clicktime(fake, locations.store_file()))
        remote_env = base | {
            "XDG_DATA_HOME": str(scratch / "remote"),
            "CLICKTIME_TOKEN": fake.token,
            "CLICKTIME_BASE_URL": fake.base_url,
            "PUNCHCARD_BACKEND": "clicktime",
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
        "cold_clicktime_paint_ms": round(cold["paint_s"] * 1000, 1),
        "warm_clicktime_paint_ms": round(warm_ms, 1),
        "local_cold_paint_ms": round(local_ms, 1),
        "warm_ratio": round(warm_ms / local_ms, 3),
        "requests_before_paint": max(early),
        "requests_before_paint_all": early,
    }
    rows = [
        ("cold start on ClickTime (fills the replica)", f"{cold['paint_s'] * 1000:.0f} ms", ""),
        ("warm start on ClickTime (replica on disk)", f"{warm_ms:.0f} ms", ""),
        ("cold start on the embedded store", f"{local_ms:.0f} ms", ""),
        ("warm ÷ embedded", f"{result['warm_ratio']:.2f}×", ""),
        ("requests before the first frame (most in a run)", str(max(early)), "= 0"),
    ]
    for name, value, target in rows:
        print(f"{name:<50} {value:>10}  {target}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
