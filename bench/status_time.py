"""How long `punch status` takes: what a tmux status line pays every few seconds.

    python bench/status_time.py             # 40 runs of each
    python bench/status_time.py --runs 10   # a quick look

Runs the installed ``punch status`` (and ``--format``) as fresh processes against a status
file with a running timer, alternating with the baseline measured in the same run: a fresh
``python -c pass`` of the same interpreter. Reports medians, the ratio, and the absolute
median against the target of 150 ms. Prints a table and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_MS = 150.0


def punch_command() -> list[str]:
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    found = shutil.which("punch", path=search)
    return [found] if found else [sys.executable, "-m", "tui"]


def write_state(data_home: Path) -> None:
    """A status file as the app leaves it: a timer running for 1 h 23 min."""
    sys.path.insert(0, str(HERE.parent))  # a source tree that is not installed
    from tui.store.status_file import write_status

    start = datetime.now(UTC) - timedelta(hours=1, minutes=23)
    write_status(
        data_home / "punchcard" / "status.json",
        {
            "backend": "local",
            "workspace": "Personal",
            "timezone": "Europe/Berlin",
            "checked_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "clock_offset": 0.0,
            "today": datetime.now(UTC).date().isoformat(),
            "today_finished": 12600,
            "running": {
                "id": "x",
                "description": "Checkout wireframes",
                "client": "Acme Corp",
                "project": "Website Redesign",
                "task": "Design",
                "tags": ["remote"],
                "billable": True,
                "start": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
            },
        },
    )


def once(argv: list[str], env: dict[str, str]) -> float:
    began = time.perf_counter()
    done = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, capture_output=True)
    took = time.perf_counter() - began
    if done.returncode != 0:
        raise RuntimeError(f"{argv} failed: {done.stderr.decode(errors='replace')}")
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    punch = punch_command()
    with tempfile.TemporaryDirectory(prefix="punch-status-") as tmp:
        home = Path(tmp)
        # Bytecode as an installed punch has it (see bench/run.py).
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("PUNCHCARD_") and k != "PYTHONDONTWRITEBYTECODE"
        }
        env.update(
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_DATA_HOME=str(home / "data"),
            TZ="Europe/Berlin",
        )
        write_state(home / "data")
        commands = {
            "baseline": [sys.executable, "-c", "pass"],
            "status": [*punch, "status"],
            "format": [*punch, "status", "--format", "{hm} {title}"],
        }
        shown = subprocess.run(commands["format"], env=env, capture_output=True, text=True)
        for argv in commands.values():  # warm the page cache and the bytecode; not counted
            once(argv, env)
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, argv in commands.items():
                samples[name].append(once(argv, env) * 1000)

    median = {name: statistics.median(values) for name, values in samples.items()}
    base = median["baseline"]
    print(f"`punch status --format '{{hm}} {{title}}'` prints: {shown.stdout.strip()!r}")
    print(f"{'':34} {'median':>9} {'ratio':>7}  target")
    print(f"{'python -c pass (baseline)':34} {base:>7.1f} ms {1:>6.2f}×")
    for name, label in (("status", "punch status"), ("format", "punch status --format")):
        verdict = "ok" if median[name] <= TARGET_MS else "MISSED"
        print(
            f"{label:34} {median[name]:>7.1f} ms {median[name] / base:>6.2f}×"
            f"  ≤ {TARGET_MS:.0f} ms — {verdict}"
        )
    print(
        json.dumps(
            {
                "runs": args.runs,
                "median_ms": {name: round(value, 1) for name, value in median.items()},
                "ratio_to_python": {
                    name: round(median[name] / base, 2) for name in ("status", "format")
                },
                "target_ms": TARGET_MS,
                "python": sys.version.split()[0],
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
