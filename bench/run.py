"""punchcard's benchmarks: every figure is a ratio to a baseline measured in the same run.

    python bench/run.py            # the full run (a few minutes)
    python bench/run.py --quick    # a short run, for a smoke test
    python bench/run.py --all      # also every other bench (timer, review, Clockify, ...)

(a) cold start: a fresh ``punch`` process on a store with a year of data (seed_large: about
    2,500 entries, 40 projects, 200 tasks) until its first painted week grid with rows, versus
    a bare Textual app painting a 200-row DataTable. Both headless, alternated, medians.
(b) keystroke to repaint in a 300-row grid (``run_test(size=(120, 40))``): a digit starts an
    edit of the cell, Enter commits it and the cell repaints with the new value. Timed from the key
    event to the first frame that shows the change, with a cursor move as the same-run
    baseline.
(c) peak RSS of the processes in (a), punch versus the bare app.

Prints a table and, last, one JSON line with every figure; the JSON also goes to
``bench/results/last.json`` (ignored by git). See bench/README.md for the figures measured.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
# sys.path[0] is this folder, so startup_child imports; a source tree that is not installed
# needs its root too, here and in the child processes.
SOURCE_ROOT = None if importlib.util.find_spec("tui") else str(HERE.parent)
if SOURCE_ROOT:
    sys.path.insert(0, SOURCE_ROOT)

CHILD = HERE / "startup_child.py"
ZONE = "Europe/Berlin"
# Friday 20 Nov 2026, 17:00 in Berlin: the week shown is a full working week.
NOW = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)
GRID_ROWS = 300
SIZE = (120, 40)
TARGETS = {
    "startup_ratio": 1.3,
    "rss_ratio": 1.5,
    "edit_median_ms": 16.0,
    "edit_p99_ms": 50.0,
}


# ---------------------------------------------------------------------------- statistics


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile: with few samples, p99 is the slowest one, as it should be."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), -(-len(ordered) * q // 100)))
    return ordered[int(rank) - 1]


# ---------------------------------------------------------------------------- (a) + (c)


def seed_year(store: Path) -> dict[str, int]:
    from tui.backends.local import LocalBackend
    from tui.backends.local.demo import seed_large

    async def seed() -> dict[str, int]:
        backend = LocalBackend(store)
        try:
            await seed_large(backend, NOW, ZoneInfo(ZONE))
            ws = (await backend.list_workspaces())[0].id
            entries = await backend.list_entries(
                ws, datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)
            )
            return {
                "entries": len(entries),
                "projects": len(await backend.list_projects(ws)),
                "tasks": len(await backend.list_tasks(ws, None)),
            }
        finally:
            await backend.aclose()

    return asyncio.run(seed())


def start_once(which: str, env: dict[str, str], scratch: Path) -> dict[str, float]:
    """One fresh process: seconds from spawn to its first full paint, and its peak RSS."""
    argv = [sys.executable, str(CHILD), which]
    if which == "punch":
        argv.append(NOW.isoformat())
    out, err = scratch / f"{which}.out", scratch / f"{which}.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        spawned = time.monotonic()
        proc = subprocess.Popen(
            argv, env=env, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr
        )
        # wait4 rather than wait: it gives this child's own rusage (peak RSS included).
        _, status, usage = os.wait4(proc.pid, 0)
        ended = time.monotonic()
        proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(
            f"{which} child failed ({proc.returncode}):\n{err.read_text(errors='replace')}"
        )
    report = json.loads(out.read_text().strip().splitlines()[-1])
    return {
        "paint_s": report["paint"] - spawned,
        "exit_s": ended - spawned,
        "rss_kib": float(usage.ru_maxrss),  # KiB on Linux
        "hwm_kib": float(report["hwm_kib"]),
    }


def bench_startup(runs: int, env: dict[str, str], scratch: Path) -> dict[str, Any]:
    for which in ("punch", "bare"):  # warm the bytecode and page caches; not counted
        start_once(which, env, scratch)
    samples: dict[str, list[dict[str, float]]] = {"punch": [], "bare": []}
    for i in range(runs):
        order = ("punch", "bare") if i % 2 == 0 else ("bare", "punch")
        for which in order:
            samples[which].append(start_once(which, env, scratch))

    def med(which: str, key: str) -> float:
        return median([s[key] for s in samples[which]])

    punch_ms, bare_ms = med("punch", "paint_s") * 1000, med("bare", "paint_s") * 1000
    punch_mib, bare_mib = med("punch", "rss_kib") / 1024, med("bare", "rss_kib") / 1024
    return {
        "runs": runs,
        "punch_paint_ms": punch_ms,
        "bare_paint_ms": bare_ms,
        "startup_ratio": punch_ms / bare_ms,
        "punch_exit_ms": med("punch", "exit_s") * 1000,
        "bare_exit_ms": med("bare", "exit_s") * 1000,
        "punch_paint_ms_all": [round(s["paint_s"] * 1000, 1) for s in samples["punch"]],
        "bare_paint_ms_all": [round(s["paint_s"] * 1000, 1) for s in samples["bare"]],
        "punch_rss_mib": punch_mib,
        "bare_rss_mib": bare_mib,
        "rss_ratio": punch_mib / bare_mib,
    }


# ---------------------------------------------------------------------------- (b)


async def seed_grid(store: Path, rows: int) -> None:
    """``rows`` project › task rows, each with half an hour on the Tuesday of NOW's week."""
    from tui.backends.local import LocalBackend
    from tui.domain.models import EntryFields
    from tui.domain.weeks import week_start_date

    tz = ZoneInfo(ZONE)
    backend = LocalBackend(store)
    try:
        ws = (await backend.list_workspaces())[0].id
        monday = week_start_date(NOW.astimezone(tz).date(), 0)
        start = datetime.combine(monday + timedelta(days=1), datetime.min.time(), tzinfo=tz)
        start = start.replace(hour=9)
        per_project = 5
        entries: list[EntryFields] = []
        for p in range(-(-rows // per_project)):
            project = await backend.create_project(ws, f"Project {p + 1:03d}")
            for t in range(min(per_project, rows - p * per_project)):
                task = await backend.create_task(ws, project.id, f"Task {t + 1}")
                at = start + timedelta(minutes=len(entries) % 16 * 30)
                entries.append(
                    EntryFields(
                        start=at,
                        end=at + timedelta(minutes=30),
                        project_id=project.id,
                        task_id=task.id,
                    )
                )
        await backend.bulk_insert_entries(ws, entries)
    finally:
        await backend.aclose()


async def bench_keys(presses: int, scratch: Path) -> dict[str, Any]:
    from rich.console import RenderableType
    from startup_child import render_frame
    from textual import events
    from textual.coordinate import Coordinate
    from textual.screen import Screen

    from tui.app import PunchcardApp
    from tui.app_factory import build_app
    from tui.backends.local import LocalBackend
    from tui.config import Settings
    from tui.widgets.timesheet_table import TimesheetTable

    class Timed(PunchcardApp):
        """Timestamps the first frame after a key at which ``probe()`` holds."""

        probe: Callable[[], bool] | None = None
        painted: asyncio.Event
        painted_at = 0.0

        def _display(self, screen: Screen[Any], renderable: RenderableType | None) -> None:
            super()._display(screen, renderable)
            render_frame(self, renderable)
            if self.probe is not None and renderable is not None and self.probe():
                self.painted_at = time.perf_counter()
                self.probe = None
                self.painted.set()

    store = scratch / "grid.sqlite3"
    await seed_grid(store, GRID_ROWS)
    tz = ZoneInfo(ZONE)
    app = build_app(
        Settings(timezone=ZONE),
        backend=LocalBackend(store),
        clock=lambda: NOW,
        machine_tz=tz,
        app_class=Timed,
    )
    assert isinstance(app, Timed)

    async def press(key: str, char: str | None, probe: Callable[[], bool]) -> float:
        """Milliseconds from posting the key event to the frame that shows its effect."""
        app.painted = asyncio.Event()
        app.probe = probe
        event = events.Key(key, char)
        event.set_sender(app)
        sent = time.perf_counter()
        app.post_message(event)
        await asyncio.wait_for(app.painted.wait(), timeout=10)
        return (app.painted_at - sent) * 1000

    open_ms: list[float] = []
    commit_ms: list[float] = []
    move_ms: list[float] = []
    async with app.run_test(size=SIZE) as pilot:

        async def settle() -> None:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()

        await settle()
        screen = app.screen
        table = screen.query_one(TimesheetTable)
        shown_rows = len(app.snapshot.grid.rows) if app.snapshot else 0
        if shown_rows != GRID_ROWS:
            raise RuntimeError(f"expected {GRID_ROWS} rows in the grid, got {shown_rows}")
        row = GRID_ROWS // 2
        cell = Coordinate(row, 1)  # Monday, empty to begin with
        table.focus()
        table.cursor_coordinate = cell
        await settle()

        for i in range(presses):
            digit = "23"[i % 2]
            open_ms.append(
                # However the app shows an edit in progress, the digit must repaint something.
                await press(digit, digit, lambda: True)
            )
            await pilot.pause()
            expected = f"{digit}:00"
            commit_ms.append(
                await press("enter", "\r", lambda e=expected: table.get_cell_at(cell).plain == e)
            )
            await settle()  # the write reaches SQLite before the next key, as a person types
        for i in range(presses):
            key, target = ("down", row + 1) if i % 2 == 0 else ("up", row)
            move_ms.append(
                await press(key, None, lambda t=target: table.cursor_coordinate.row == t)
            )
            await pilot.pause()
    return {
        "rows": GRID_ROWS,
        "presses": presses,
        "edit_median_ms": median(commit_ms),
        "edit_p99_ms": percentile(commit_ms, 99),
        "open_median_ms": median(open_ms),
        "open_p99_ms": percentile(open_ms, 99),
        "move_median_ms": median(move_ms),
        "move_p99_ms": percentile(move_ms, 99),
        "edit_vs_move": median(commit_ms) / median(move_ms),
    }


# ---------------------------------------------------------------------------- report


def table(rows: list[tuple[str, str, str, str, str]]) -> str:
    head = ("measure", "punch", "baseline", "ratio", "target")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(5)]

    def line(r: tuple[str, ...]) -> str:
        cells = zip(r, widths, strict=True)
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(cells))

    return "\n".join([line(head), "  ".join("-" * w for w in widths), *map(line, rows)])


# The feature benches, each a script of its own; (full arguments, quick arguments).
OTHERS = {
    "timer_bytes.py": ([], ["--seconds", "15"]),
    "status_time.py": ([], ["--runs", "10"]),
    "review_open.py": ([], ["--runs", "3"]),
    "clockify_week.py": ([], ["--runs", "3"]),
    "burst.py": ([], ["--runs", "2"]),
    "warm_start.py": ([], ["--runs", "3"]),
    "clicktime_week.py": ([], ["--runs", "3"]),
    "clicktime_warm_start.py": ([], ["--runs", "3"]),
}


def run_the_others(quick: bool) -> dict[str, Any]:
    """Run each feature bench as its own process; its table goes to the terminal and its
    last line (JSON) into the result."""
    figures: dict[str, Any] = {}
    for script, (full, short) in OTHERS.items():
        print(f"\n== {script}", flush=True)
        done = subprocess.run(
            [sys.executable, str(HERE / script), *(short if quick else full)],
            capture_output=True,
            text=True,
            check=False,
        )
        print(done.stdout.rstrip())
        lines = done.stdout.strip().splitlines()
        if done.returncode != 0 or not lines:
            print(done.stderr.rstrip(), file=sys.stderr)
            figures[script] = {"failed": done.returncode}
            continue
        figures[script] = json.loads(lines[-1])
    return figures


def verdict(value: float, target: float) -> str:
    return f"≤ {target:g} {'ok' if value <= target else 'MISSED'}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="punchcard benchmarks (ratios, same run)")
    parser.add_argument("--quick", action="store_true", help="a short run: fewer repeats")
    parser.add_argument("--runs", type=int, help="cold starts of each app (default 15, quick 3)")
    parser.add_argument("--presses", type=int, help="edits and moves timed (default 200, quick 20)")
    parser.add_argument(
        "--all",
        action="store_true",
        help="also run the timer, review, Clockify and key-burst benches",
    )
    args = parser.parse_args(argv)
    runs = args.runs or (3 if args.quick else 15)
    presses = args.presses or (20 if args.quick else 200)

    with tempfile.TemporaryDirectory(prefix="punch-bench-") as tmp:
        scratch = Path(tmp)
        # Everything this run reads or writes stays in the scratch folder.
        os.environ["XDG_CONFIG_HOME"] = str(scratch / "config")
        os.environ["XDG_DATA_HOME"] = str(scratch / "data")
        os.environ["TZ"] = ZONE
        os.environ.pop("PUNCHCARD_BACKEND", None)
        env = dict(os.environ)
        # An installed punch has its bytecode compiled at install; a machine that sets
        # PYTHONDONTWRITEBYTECODE would have every child compile all of it again.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        if SOURCE_ROOT:
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [SOURCE_ROOT, env.get("PYTHONPATH")]))
        from tui import locations

        print(f"seeding a year of data into {locations.store_file().name}…", file=sys.stderr)
        seeded = seed_year(locations.store_file())
        print(f"cold starts: {runs} of each, alternating…", file=sys.stderr)
        startup = bench_startup(runs, env, scratch)
        print(
            f"keystrokes: {presses} edits and {presses} moves in {GRID_ROWS} rows…", file=sys.stderr
        )
        keys = asyncio.run(bench_keys(presses, scratch))

    import textual

    result = {
        "bench": "punchcard",
        "quick": args.quick,
        "when": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "python": platform.python_version(),
        "textual": textual.__version__,
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
        "store": seeded,
        "startup": startup,
        "keys": keys,
    }
    print(
        table(
            [
                (
                    "(a) cold start to first grid paint, median ms",
                    f"{startup['punch_paint_ms']:.0f}",
                    f"{startup['bare_paint_ms']:.0f}",
                    f"{startup['startup_ratio']:.2f}×",
                    verdict(startup["startup_ratio"], TARGETS["startup_ratio"]),
                ),
                (
                    "    … to process exit, median ms",
                    f"{startup['punch_exit_ms']:.0f}",
                    f"{startup['bare_exit_ms']:.0f}",
                    f"{startup['punch_exit_ms'] / startup['bare_exit_ms']:.2f}×",
                    "",
                ),
                (
                    "(b) Enter → cell repainted, median ms",
                    f"{keys['edit_median_ms']:.1f}",
                    f"{keys['move_median_ms']:.1f}",
                    f"{keys['edit_vs_move']:.2f}×",
                    verdict(keys["edit_median_ms"], TARGETS["edit_median_ms"]) + " ms",
                ),
                (
                    "    Enter → cell repainted, p99 ms",
                    f"{keys['edit_p99_ms']:.1f}",
                    f"{keys['move_p99_ms']:.1f}",
                    f"{keys['edit_p99_ms'] / keys['move_p99_ms']:.2f}×",
                    verdict(keys["edit_p99_ms"], TARGETS["edit_p99_ms"]) + " ms",
                ),
                (
                    "    digit → first frame (edit opens), median / p99 ms",
                    f"{keys['open_median_ms']:.1f} / {keys['open_p99_ms']:.1f}",
                    "",
                    "",
                    "",
                ),
                (
                    "(c) peak RSS of (a), median MiB",
                    f"{startup['punch_rss_mib']:.1f}",
                    f"{startup['bare_rss_mib']:.1f}",
                    f"{startup['rss_ratio']:.2f}×",
                    verdict(startup["rss_ratio"], TARGETS["rss_ratio"]),
                ),
            ]
        )
    )
    print(
        f"store: {seeded['entries']} entries, {seeded['projects']} projects, "
        f"{seeded['tasks']} tasks; baseline of (b) is a cursor move in the same grid"
    )
    if args.all:
        result["more"] = run_the_others(args.quick)
    line = json.dumps(result, ensure_ascii=False)
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    (results / "last.json").write_text(line + "\n", encoding="utf-8")
    print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
