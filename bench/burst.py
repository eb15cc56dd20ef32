"""A burst of keys, posted back to back, until the store holds every value typed in it.

    python bench/burst.py            # 5 runs of each (about 30 s)
    python bench/burst.py --runs 2   # a smoke run

The app is the real one (``tui.app_factory.build_app``) on the embedded store, headless at
120×40, on a week with 20 rows. A burst is 200 key events posted at once, as a terminal
delivers a fast typist's or a batching SSH link's keys in one read: a value (".1" to ".5"
hours), Enter and a move for each cell, snaking down the first column and up the next, and
so on. Measured:

- burst: from posting the 200 keys to the moment every key is handled and every edit has
  been written (the store's workers done);
- baseline: 200 keys that only move the cursor (down, up, down…), posted the same way,
  until every key is handled: the cost of handing keys out one by one, in the same run;
- lost: cells whose stored value (read back from the SQLite file by a fresh backend) is not
  the value typed into them (target 0).

Prints a table, then one JSON line. Everything it touches lives in a temporary folder.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
SOURCE_ROOT = None if importlib.util.find_spec("tui") else str(HERE.parent)
if SOURCE_ROOT:
    sys.path.insert(0, SOURCE_ROOT)

ZONE = "Europe/Berlin"
NOW = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)  # Friday 17:00 in Berlin
ROWS = 20
KEYS = 200
SIZE = (120, 40)
TARGET_LOST = 0


def burst_keys(count: int, rows: int) -> tuple[list[str], dict[tuple[int, int], int]]:
    """``count`` keys typing a value into cell after cell (down a column, up the next), and
    the seconds each (row, day) cell must end with. Values are tenths of an hour (".1" to
    ".5"), so a day of 20 rows stays well inside 24 hours."""
    keys: list[str] = []
    expected: dict[tuple[int, int], int] = {}
    row, day, step = 0, 0, 1
    while len(keys) + 4 <= count and day < 7:
        tenths = 1 + (row + day) % 5
        keys += [".", str(tenths), "enter"]
        expected[(row, day)] = tenths * 360
        if 0 <= row + step < rows:
            row += step
            keys.append("down" if step > 0 else "up")
        else:
            day, step = day + 1, -step
            keys.append("right")
    while len(keys) < count:  # pad with moves that leave every value where it is
        keys.append("left" if len(keys) % 2 else "right")
    return keys, expected


def moves_only(count: int) -> list[str]:
    """``count`` keys that only move the cursor: down and up again, alternately."""
    return ["down" if n % 2 == 0 else "up" for n in range(count)]


async def seed(store: Path) -> list[str]:
    """``ROWS`` projects, each with one hour on Sunday so that its row is in the week."""
    from tui.backends.local import LocalBackend
    from tui.domain.models import EntryFields

    backend = LocalBackend(store)
    try:
        ws = (await backend.list_workspaces())[0].id
        sunday = datetime(2026, 11, 22, 8, 0, tzinfo=ZoneInfo(ZONE))
        names = [f"Project {n:02d}" for n in range(ROWS)]
        for name in names:
            project = await backend.create_project(ws, name)
            start = sunday
            await backend.create_entry(
                ws, EntryFields(start=start, end=start + timedelta(hours=1), project_id=project.id)
            )
        return names
    finally:
        await backend.aclose()


async def stored(store: Path) -> dict[str, tuple[int, ...]]:
    from tui.backends.local import LocalBackend
    from tui.config import Settings
    from tui.store import Store

    tz = ZoneInfo(ZONE)
    backend = LocalBackend(store)
    check = Store(
        backend, Settings(timezone=ZONE), clock=lambda: NOW, machine_tz=tz, remember_workspace=False
    )
    try:
        await check.open()
        return {row.label: row.seconds for row in check.snapshot.grid.rows}
    finally:
        await backend.aclose()


async def one_run(scratch: Path, keys: list[str], number: int) -> dict[str, float]:
    """One app on a fresh store: seconds until every key is handled and every write done."""

    from tui.app_factory import build_app
    from tui.backends.local import LocalBackend
    from tui.config import Settings
    from tui.keys.order import OrderedKeysApp
    from tui.widgets.timesheet_table import TimesheetTable

    store = scratch / f"burst-{number}.sqlite3"
    names = await seed(store)
    tz = ZoneInfo(ZONE)
    app = build_app(
        Settings(timezone=ZONE), backend=LocalBackend(store), clock=lambda: NOW, machine_tz=tz
    )
    assert isinstance(app, OrderedKeysApp)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(TimesheetTable)
        snap = app.snapshot
        shown = [row.label for row in snap.grid.rows] if snap else []
        if shown != names:
            raise RuntimeError(f"expected the {ROWS} seeded rows, the grid shows {shown}")
        table.focus()
        table.cursor_coordinate = table.cursor_coordinate._replace(row=0, column=1)
        await pilot.pause()
        sent = time.perf_counter()
        for key in keys:
            app.post_message(key_event(key))
        arrived = asyncio.Event()
        app.call_later(arrived.set)  # after the app has taken in every key above
        await arrived.wait()
        await app.keys_handled()
        await app.workers.wait_for_complete()
        done = time.perf_counter()
        await pilot.pause()
    return {"seconds": done - sent, "store": str(store)}


def key_event(key: str) -> Any:
    """A key as a terminal read makes it: ``.`` is ``full_stop`` with its character."""
    from textual import events

    names = {".": ("full_stop", "."), "enter": ("enter", "\r")}
    name, char = names.get(key, (key, key if len(key) == 1 else None))
    return events.Key(name, char)


def lost_cells(held: dict[str, tuple[int, ...]], expected: dict[tuple[int, int], int]) -> int:
    lost = 0
    for (row, day), seconds in expected.items():
        lost += held.get(f"Project {row:02d}", (0,) * 7)[day] != seconds
    return lost


async def bench(runs: int, scratch: Path) -> dict[str, Any]:
    keys, expected = burst_keys(KEYS, ROWS)
    baseline_keys = moves_only(len(keys))
    burst_s: list[float] = []
    move_s: list[float] = []
    lost: list[int] = []
    for n in range(runs):  # alternated, so a busy moment of the machine hits both alike
        base = await one_run(scratch, baseline_keys, 2 * n)
        move_s.append(base["seconds"])
        typed = await one_run(scratch, keys, 2 * n + 1)
        burst_s.append(typed["seconds"])
        lost.append(lost_cells(await stored(Path(typed["store"])), expected))
    burst_ms = statistics.median(burst_s) * 1000
    move_ms = statistics.median(move_s) * 1000
    return {
        "bench": "burst",
        "keys": KEYS,
        "cells": len(expected),
        "rows": ROWS,
        "runs": runs,
        "burst_median_ms": burst_ms,
        "moves_median_ms": move_ms,
        "burst_vs_moves": burst_ms / move_ms,
        "lost_max": max(lost),
        "lost_total": sum(lost),
        "when": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="a 200-key burst until the store holds it")
    parser.add_argument("--runs", type=int, default=5, help="bursts of each kind (default 5)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="punch-burst-") as tmp:
        import os

        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        os.environ["XDG_DATA_HOME"] = str(Path(tmp) / "data")
        result = asyncio.run(bench(args.runs, Path(tmp)))
    ok = "ok" if result["lost_max"] <= TARGET_LOST else "MISSED"
    rows = [
        ("measure", "punch", "baseline", "ratio", "target"),
        (
            f"{KEYS} keys ({result['cells']} values) until stored, median ms",
            f"{result['burst_median_ms']:.0f}",
            f"{result['moves_median_ms']:.0f}",
            f"{result['burst_vs_moves']:.2f}×",
            "",
        ),
        (
            f"values lost (of {result['cells']}, worst of {args.runs} runs)",
            str(result["lost_max"]),
            "",
            "",
            f"= {TARGET_LOST} {ok}",
        ),
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for r in rows:
        cells = enumerate(zip(r, widths, strict=True))
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in cells))
    print(json.dumps(result))
    return 0 if result["lost_max"] <= TARGET_LOST else 1


if __name__ == "__main__":
    raise SystemExit(main())
