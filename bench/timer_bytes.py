"""Bytes a ticking timer costs on the wire: what matters over SSH.

    python bench/timer_bytes.py               # 60 s per screen (about three minutes)
    python bench/timer_bytes.py --seconds 10  # a quick look

Runs the installed ``punch --demo`` (a timer is running in the demo) on a real pseudo-terminal,
120×40, ``TERM=xterm-256color``, and counts the bytes it writes:

1. the grid: the first full paint (every byte up to the first half second of silence after the
   grid and the timer bar are on screen), then the bytes per second while it just ticks;
2. the timer screen (space): the same, with the big clock.

A window of 60 s holds exactly one minute boundary, where the grid repaints the running cell's
row and the totals and the big clock its h:mm, so the average is the true long-run figure.

Baselines measured in the same run, on the same terminal: the first full paint of each screen
(the ratio says what share of a repaint a second of ticking costs), and a naive clock, a
Textual app that calls ``Static.update`` on a 120-column line every second. Target: at most
200 bytes per second on either screen. Prints a table and one JSON line.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import pty
import select
import shutil
import signal
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path
from typing import Any

WIDTH, HEIGHT = 120, 40
QUIET = 0.5  # seconds without output that end a paint
TARGET_BPS = 200.0

NAIVE_CLOCK = """
from datetime import datetime
from textual.app import App
from textual.widgets import Static

class Naive(App):
    def compose(self):
        yield Static(id="clock")
        yield Static("x" * 2000)

    def on_mount(self):
        self.set_interval(1, self.tick)
        self.tick()

    def tick(self):
        now = datetime.now()
        self.query_one("#clock", Static).update(
            f" ● {now:%H:%M:%S}  Checkout wireframes · Acme Corp › Website Redesign › Design"
        )

Naive().run()
"""


def punch_command() -> list[str]:
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    found = shutil.which("punch", path=search)
    return [found] if found else [sys.executable, "-m", "tui"]


class Terminal:
    """One program on a pseudo-terminal of a fixed size; every byte it writes is kept."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.chunks: list[tuple[float, bytes]] = []
        pid, fd = pty.fork()
        if pid == 0:  # the child: size the terminal, then become the program
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", HEIGHT, WIDTH, 0, 0))
            os.execvpe(argv[0], argv, env)
        self.pid, self.fd = pid, fd

    def read_for(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    data = os.read(self.fd, 65536)
                except OSError:
                    return
                if not data:
                    return
                self.chunks.append((time.monotonic(), data))

    def text(self) -> bytes:
        return b"".join(data for _, data in self.chunks)

    def wait_for(self, marker: bytes, timeout: float = 30.0) -> None:
        end = time.monotonic() + timeout
        while marker not in self.text():
            if time.monotonic() > end:
                raise RuntimeError(f"{marker!r} never appeared on screen")
            self.read_for(0.1)

    def settle(self) -> None:
        """Read until the program has been silent for QUIET seconds."""
        while True:
            before = len(self.chunks)
            self.read_for(QUIET)
            if len(self.chunks) == before:
                return

    def bytes_since(self, start: int) -> int:
        return sum(len(data) for _, data in self.chunks[start:])

    def send(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.send(b"q")
            self.read_for(1.0)
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGTERM)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def ticking(term: Terminal, seconds: float) -> dict[str, float]:
    start = len(term.chunks)
    began = time.monotonic()
    term.read_for(seconds)
    elapsed = time.monotonic() - began
    written = term.bytes_since(start)
    return {
        "bytes": written,
        "writes": len(term.chunks) - start,
        "seconds": round(elapsed, 2),
        "bytes_per_second": round(written / elapsed, 1),
    }


def measure_punch(env: dict[str, str], seconds: float) -> dict[str, Any]:
    term = Terminal([*punch_command(), "--demo"], env)
    try:
        term.wait_for(b"Total")  # the grid is there...
        term.wait_for(b"since")  # ...and the timer bar
        term.settle()
        grid_paint = term.bytes_since(0)
        grid = ticking(term, seconds)
        mark = len(term.chunks)
        term.send(b" ")  # the timer screen
        term.wait_for(b"Recent")
        term.settle()
        timer_paint = term.bytes_since(mark)
        timer = ticking(term, seconds)
    finally:
        term.close()
    return {
        "grid": {"first_paint_bytes": grid_paint, **grid},
        "timer_screen": {"first_paint_bytes": timer_paint, **timer},
    }


def measure_naive(env: dict[str, str], seconds: float, scratch: Path) -> dict[str, Any]:
    script = scratch / "naive_clock.py"
    script.write_text(NAIVE_CLOCK)
    term = Terminal([sys.executable, str(script)], env)
    try:
        term.wait_for(b"xxxx")
        term.read_for(1.5)
        paint = term.bytes_since(0)
        result = ticking(term, seconds)
    finally:
        term.close()
    return {"first_paint_bytes": paint, **result}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="ticking time per screen")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="punch-bytes-") as tmp:
        scratch = Path(tmp)
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("TMUX", "PUNCHCARD_", "TEXTUAL", "COLORTERM", "CLOCKIFY_"))
        }
        env.update(
            XDG_CONFIG_HOME=str(scratch / "config"),
            XDG_DATA_HOME=str(scratch / "data"),
            TZ="Europe/Berlin",
            TERM="xterm-256color",
            LANG="C.UTF-8",
            LC_ALL="C.UTF-8",
        )
        punch = measure_punch(env, args.seconds)
        naive = measure_naive(env, min(args.seconds, 20.0), scratch)  # the same every second

    rows = [
        ("grid, timer bar ticking", punch["grid"]),
        ("timer screen, big clock", punch["timer_screen"]),
        ("naive Static.update clock", naive),
    ]
    print(f"{'':28} {'first paint':>12} {'B/s ticking':>12} {'ratio':>8}  target")
    for name, row in rows:
        ratio = row["bytes_per_second"] / row["first_paint_bytes"]
        verdict = ""
        if name != rows[-1][0]:
            ok = row["bytes_per_second"] <= TARGET_BPS
            verdict = f"≤ {TARGET_BPS:.0f} B/s — {'ok' if ok else 'MISSED'}"
        print(
            f"{name:28} {row['first_paint_bytes']:>10} B {row['bytes_per_second']:>10.1f}"
            f" {ratio:>7.2%}  {verdict}"
        )
    figures = {
        "size": f"{WIDTH}x{HEIGHT}",
        "term": "xterm-256color",
        "seconds": args.seconds,
        "punch": punch,
        "naive_static_update": naive,
        "target_bytes_per_second": TARGET_BPS,
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
