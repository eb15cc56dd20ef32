"""One cold start, run as a fresh process by ``bench/run.py``; not meant to be run by hand.

    python bench/startup_child.py punch   # the real `punch` (tui.cli.main) on $XDG_DATA_HOME
    python bench/startup_child.py bare    # a bare Textual app painting a 200-row DataTable

Both run headless and exit themselves at their first frame that shows the table with its rows.
Headless Textual skips turning a frame into terminal bytes, so both do that here too (and
throw the bytes away): a paint costs what it would cost on a terminal, minus the write.

The last line on stdout is JSON: ``paint`` is ``time.monotonic()`` at that frame (the clock is
system-wide, so the parent compares it with its own reading taken before the spawn) and
``hwm_kib`` the process's peak resident set (VmHWM) at that moment.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime
from typing import Any

BARE_ROWS = 200
COLUMNS = 9  # the grid's: label, seven days, total


def peak_rss_kib() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


class Report:
    painted: float | None = None

    @classmethod
    def done(cls, app: Any) -> None:
        if cls.painted is None:
            cls.painted = time.monotonic()
            app.exit()

    @classmethod
    def emit(cls) -> None:
        print(json.dumps({"paint": cls.painted, "hwm_kib": peak_rss_kib()}), flush=True)


def render_frame(app: Any, renderable: Any) -> None:
    """What a real terminal driver would do with the frame, minus writing it."""
    from textual._compositor import CompositorUpdate

    if isinstance(renderable, CompositorUpdate):
        renderable.render_segments(app.console)


def run_bare() -> int:
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable(cursor_type="cell", zebra_stripes=True)
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_column("Client › Project › Task", width=40)
            for day in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Total"):
                table.add_column(day, width=7)
            table.add_rows(
                [f"Client {r % 7} › Project {r % 40} › Task {r}"]
                + [f"{(r + c) % 9}:{(r * c) % 60:02d}" for c in range(1, COLUMNS)]
                for r in range(BARE_ROWS)
            )

        def _display(self, screen: Any, renderable: Any) -> None:
            super()._display(screen, renderable)
            render_frame(self, renderable)
            if self.query_one(DataTable).row_count:
                Report.done(self)

    Bare().run(headless=True)
    return 0


def grid_shown(app: Any) -> bool:
    """The app's grid shows its loaded week with rows. With a running timer the grid on screen
    is the snapshot's plus the running time (maybe in a row of its own), another object: so
    the rows it holds are compared, not the objects."""
    from tui.widgets.timesheet_table import TimesheetTable

    snap = app.snapshot
    if snap is None or snap.loading or not snap.grid.rows:
        return False
    tables = app.screen.query(TimesheetTable)
    if not tables:
        return False
    return {r.key for r in snap.grid.rows} <= {r.key for r in tables.first().grid.rows}


def punch_builds(app_class: Any, frozen: datetime) -> None:
    """`punch` builds ``app_class`` with the bench's clock from now on."""
    import tui.app_factory

    build = tui.app_factory.build_app

    def build_timed(*args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("clock", lambda: frozen)
        return build(*args, app_class=app_class, **kwargs)

    tui.app_factory.build_app = build_timed


def run_punch(now: str) -> int:
    import tui.app
    import tui.cli

    frozen = datetime.fromisoformat(now)

    class Punch(tui.app.PunchcardApp):
        """The real app, with the bench's clock, headless, exiting at its first full grid."""

        def run(self, *args: Any, **kwargs: Any) -> Any:
            kwargs["headless"] = True
            return super().run(*args, **kwargs)

        def _display(self, screen: Any, renderable: Any) -> None:
            super()._display(screen, renderable)
            render_frame(self, renderable)
            if grid_shown(self):
                Report.done(self)

    punch_builds(Punch, frozen)
    code = tui.cli.main([])
    if Report.painted is None:
        print("punch exited before painting a grid with rows", file=sys.stderr)
        return 1
    return code


def main() -> int:
    which = sys.argv[1]
    if which == "bare":
        code = run_bare()
    elif which == "punch":
        code = run_punch(sys.argv[2])
    else:
        raise SystemExit(f"unknown child {which!r}")
    Report.emit()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
