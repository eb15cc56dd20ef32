"""How fast the weekly review opens on a year of data, as a ratio to the grid's own start-up.

    python bench/review_open.py            # 10 fresh processes (about 10 s)
    python bench/review_open.py --runs 3   # a smoke run

Each run is a fresh `punch` process (``tui.cli.main([])``, headless, like bench/run.py's
cold start) on a store with a year of data (``seed_large``: about 2,500 entries, 40
projects, 200 tasks), with the clock at Friday 20 Nov 2026, 17:00 in Berlin. In that one
process it measures:

- grid: spawn to the first frame that shows the week grid with its rows (the baseline: the
  grid's own start-up, which is what the review must open within);
- review (cold): `r` posted to the first frame that shows the review with its numbers and its
  comparison with the four weeks before (the first open imports the review's modules);
- review (warm): Esc, then `r` again: a second open in the same session.

Reported as medians and as ratios review / grid (target: the cold open at most 1.0×).
Prints a table, then one JSON line. Everything it touches lives in a temporary folder.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SOURCE_ROOT = None if importlib.util.find_spec("tui") else str(HERE.parent)
if SOURCE_ROOT:
    sys.path.insert(0, SOURCE_ROOT)

ZONE = "Europe/Berlin"
NOW = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)  # Friday 17:00 in Berlin: a full week
TARGET = 1.0


# ---------------------------------------------------------------------------- the child


def child(now: str) -> int:
    """One punch process: paints the grid, opens the review, closes it, opens it again."""
    from startup_child import grid_shown, punch_builds, render_frame
    from textual import events

    import tui.app
    import tui.cli
    from tui.widgets.timesheet_table import TimesheetTable

    frozen = datetime.fromisoformat(now)
    marks: dict[str, float] = {}

    class Punch(tui.app.PunchcardApp):
        phase = "grid"

        def run(self, *args: Any, **kwargs: Any) -> Any:
            kwargs["headless"] = True
            return super().run(*args, **kwargs)

        def press(self, key: str, mark: str) -> None:
            event = events.Key(key, key if len(key) == 1 else None)
            event.set_sender(self)
            marks[mark] = time.monotonic()
            self.post_message(event)

        def review_shown(self) -> bool:
            from tui.screens.review import ReviewScreen

            screen = self.screen
            if not isinstance(screen, ReviewScreen) or screen.review is None:
                return False
            history = screen._history
            snap = self.snapshot
            return history is not None and snap is not None and history.week == snap.week

        def _display(self, screen: Any, renderable: Any) -> None:
            super()._display(screen, renderable)
            render_frame(self, renderable)
            if renderable is None:
                return
            if self.phase == "grid":
                if grid_shown(self):
                    marks["grid"] = time.monotonic()
                    self.phase = "review"
                    self.press("r", "key")
            elif self.phase in ("review", "again") and self.review_shown():
                marks[self.phase] = time.monotonic()
                if self.phase == "again":
                    self.phase = "done"
                    self.exit()
                else:
                    self.phase = "back"
                    self.press("escape", "escape")
            elif self.phase == "back" and self.screen.query(TimesheetTable):
                self.phase = "again"
                self.press("r", "key_again")

    punch_builds(Punch, frozen)
    code = tui.cli.main([])
    if "again" not in marks:
        print(f"punch exited before opening the review twice: {marks}", file=sys.stderr)
        return 1
    print(json.dumps(marks), flush=True)
    return code


# ---------------------------------------------------------------------------- the parent


def once(env: dict[str, str], scratch: Path) -> dict[str, float]:
    argv = [sys.executable, str(Path(__file__).resolve()), "--child", NOW.isoformat()]
    out, err = scratch / "child.out", scratch / "child.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        spawned = time.monotonic()
        code = subprocess.call(
            argv, env=env, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr
        )
    if code != 0:
        raise RuntimeError(f"child failed ({code}):\n{err.read_text(errors='replace')}")
    marks = json.loads(out.read_text().strip().splitlines()[-1])
    return {
        "grid_ms": (marks["grid"] - spawned) * 1000,
        "review_ms": (marks["review"] - marks["key"]) * 1000,
        "again_ms": (marks["again"] - marks["key_again"]) * 1000,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="weekly review open time vs grid start-up")
    parser.add_argument("--runs", type=int, default=10, help="fresh processes (default 10)")
    parser.add_argument("--child", metavar="NOW", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child)

    with tempfile.TemporaryDirectory(prefix="punch-review-bench-") as tmp:
        scratch = Path(tmp)
        os.environ["XDG_CONFIG_HOME"] = str(scratch / "config")
        os.environ["XDG_DATA_HOME"] = str(scratch / "data")
        os.environ["TZ"] = ZONE
        os.environ.pop("PUNCHCARD_BACKEND", None)
        env = dict(os.environ)
        # An installed punch has its bytecode compiled at install; a machine that sets
        # PYTHONDONTWRITEBYTECODE would have every child compile all of it again.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        paths = [str(HERE), *(p for p in [SOURCE_ROOT, env.get("PYTHONPATH")] if p)]
        env["PYTHONPATH"] = os.pathsep.join(paths)
        from tui import locations

        print("seeding a year of data…", file=sys.stderr)
        from run import seed_year  # the same year of data as bench/run.py's cold start

        store = seed_year(locations.store_file())
        once(env, scratch)  # warm the bytecode and page caches; not counted
        print(f"{args.runs} fresh processes…", file=sys.stderr)
        samples = [once(env, scratch) for _ in range(args.runs)]

    def med(key: str) -> float:
        return statistics.median(s[key] for s in samples)

    grid, review, again = med("grid_ms"), med("review_ms"), med("again_ms")
    result = {
        "bench": "review_open",
        "when": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
        "store": store,
        "runs": args.runs,
        "grid_first_paint_ms": round(grid, 1),
        "review_open_cold_ms": round(review, 1),
        "review_open_warm_ms": round(again, 1),
        "cold_ratio": round(review / grid, 3),
        "warm_ratio": round(again / grid, 3),
        "samples": [{k: round(v, 1) for k, v in s.items()} for s in samples],
    }
    verdict = "ok" if review / grid <= TARGET else "MISSED"
    print(f"store: {store['entries']} entries, {store['projects']} projects; {args.runs} runs")
    print(f"grid first paint (baseline), median  {grid:7.1f} ms")
    print(f"review open, first in the process    {review:7.1f} ms  {review / grid:.2f}×", end="")
    print(f"  target ≤ {TARGET:g}× {verdict}")
    print(f"review open, second time             {again:7.1f} ms  {again / grid:.2f}×")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
