"""One line above the grid: the running timer, its elapsed time ticking every second.

Cheap over SSH: a Line-API widget that, on each tick, asks Textual to repaint only the clock
(never the whole line, never the layout). Textual sends a partial repaint from the widget's
left edge to the right end of the dirty region, so the clock comes first on the line, in
one style: a tick costs its few characters and one colour code, about 40 bytes.
The rest of the line changes only when the running entry does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget

from tui.domain.durations import format_clock
from tui.domain.timer import elapsed
from tui.domain.timesheet import row_key
from tui.store.snapshot import Snapshot

NEXT_SECOND_SLACK = 0.01  # fire just after the second turns, not just before it


@dataclass(frozen=True)
class TimerView:
    """What the bar and the timer screen say about the running entry."""

    start: datetime
    description: str
    path: str
    tags: tuple[str, ...]
    billable: bool
    since: str  # "09:15", or "Tue 17:40" when it started on another day


def timer_view(snap: Snapshot | None) -> TimerView | None:
    if snap is None or snap.running is None:
        return None
    running = snap.running
    local = running.start.astimezone(snap.tz)
    since = f"{local:%H:%M}" if local.date() == snap.today else f"{local:%a %H:%M}"
    return TimerView(
        start=running.start,
        description=running.description,
        path=snap.catalog.label(row_key(running)),
        tags=tuple(snap.tag_names(running.tag_ids)),
        billable=running.billable,
        since=since,
    )


STALE_AFTER = timedelta(minutes=5)
"""Data older than this, from a replica, says how old it is."""


def sync_note(snap: Snapshot | None) -> str:
    """Where the user's changes are, when that is news: "offline · 3 changes waiting",
    "1 change refused (y)", and how old the data is while the service is away."""
    if snap is None:
        return ""
    waiting = max(0, snap.pending_writes - len(snap.failed))
    parts: list[str] = []
    if snap.sync == "offline":
        parts.append("offline")
    elif snap.sync == "rate_limited":
        parts.append("rate-limited, retrying")
    if waiting:
        parts.append(f"{waiting} change{'' if waiting == 1 else 's'} waiting")
    if snap.failed:
        count = len(snap.failed)
        parts.append(f"{count} change{'' if count == 1 else 's'} refused (y)")
    fresh = snap.fresh_as_of
    away = snap.sync in ("offline", "rate_limited")
    if fresh is not None and (away or datetime.now(UTC) - fresh > STALE_AFTER):
        # What is shown came from the replica: say how old it is until the service answers.
        local = fresh.astimezone(snap.tz)
        parts.append(
            f"as of {local:%H:%M}" if local.date() == snap.today else f"as of {local:%a %H:%M}"
        )
    return " · ".join(parts)


def _fit(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells, with an ellipsis when cut; "" when no room."""
    if width < 4:
        return ""
    if cell_len(text) <= width:
        return text
    while cell_len(text) > width - 1:
        text = text[:-1]
    return text + "…"


def seconds_to_next_tick(start: datetime, now: datetime) -> float:
    """How long until the elapsed time shows its next second."""
    fraction = (now - start).total_seconds() % 1.0
    return 1.0 - fraction + NEXT_SECOND_SLACK


class TimerBar(Widget):
    COMPONENT_CLASSES = {
        "timer-bar--clock",
        "timer-bar--title",
        "timer-bar--dim",
        "timer-bar--offline",
    }
    DEFAULT_CSS = """
    TimerBar { height: 1; }
    """

    MARK = " ● "  # before the clock, in its style: one segment from the left edge
    IDLE_TEXT = "No timer running"
    IDLE_HINT = "s starts one on the row · S picks · space: timer"
    RUNNING_HINT = "x stops · X stops at… · space: timer"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.now: Callable[[], datetime] = datetime.now
        """The server's clock; the screen sets it to the store's."""
        self.view: TimerView | None = None
        self.offline = False
        self.note = ""
        """What the write journal says (:func:`sync_note`), at the right of the bar."""
        self.clock_text = ""
        self._ticker: Timer | None = None

    # ------------------------------------------------------------ data in

    def show(self, view: TimerView | None, offline: bool = False, note: str = "") -> None:
        """Show another entry (or none); the same one again costs nothing."""
        if view == self.view and offline == self.offline and note == self.note:
            return
        self.view, self.offline, self.note = view, offline, note
        self.clock_text = self._clock()
        self.refresh()
        self._schedule()

    def _clock(self) -> str:
        return format_clock(elapsed(self.view.start, self.now())) if self.view else ""

    def _schedule(self) -> None:
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        if self.view is not None and self.is_mounted:
            delay = seconds_to_next_tick(self.view.start, self.now())
            self._ticker = self.set_timer(delay, self._tick)

    def on_mount(self) -> None:
        self._schedule()

    def _tick(self) -> None:
        self._ticker = None
        # Below a dialog the screen shows through, so it ticks there too (its screen hands
        # the top one only what changed: ``tui/screens/under_modal.py``). Below a full
        # screen nothing is seen; the next render, back on top, reads the clock afresh.
        if self.screen.is_current:
            self.tick()
        self._schedule()

    def tick(self) -> None:
        """Show the current elapsed time, repainting only the characters that changed."""
        new = self._clock()
        old, self.clock_text = self.clock_text, new
        if new == old:
            return
        if len(new) != len(old):
            self.refresh()  # 9:59:59 → 10:00:00: everything after the clock moves
            return
        first = next(i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b)
        self.refresh(Region(len(self.MARK) + first, 0, len(new) - first, 1))

    # ------------------------------------------------------------ painting

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True)

    def _flag(self) -> str:
        note = self.note
        if self.offline and not note.startswith("offline"):
            note = f"offline · {note}" if note else "offline"
        return f"  {note}" if note else ""

    def render_line(self, y: int) -> Strip:
        base = self.rich_style
        width = self.size.width
        if y != 0:
            return Strip.blank(width, base)
        dim = base + self._style("timer-bar--dim")
        view = self.view
        self.clock_text = self._clock()  # what is painted is what the next tick compares
        parts: list[tuple[str, Style]]
        if view is None:
            parts = [(" ○ ", dim), (self.IDLE_TEXT, base)]
            hint = self.IDLE_HINT
        else:
            parts = [(self.MARK + self.clock_text, base + self._style("timer-bar--clock"))]
            parts.append(("  ", base))
            title = base + self._style("timer-bar--title")
            tail: list[tuple[str, Style]] = []
            if view.tags:
                tail.append((f"  [{', '.join(view.tags)}]", dim))
            if view.billable:
                tail.append(("  $", base))
            tail.append((f"  since {view.since}", dim))
            # What does not fit gives way: tags first, then the path, then the description.
            room = width - sum(cell_len(t) for t, _ in parts) - cell_len(self._flag())
            while tail[:-1] and sum(cell_len(t) for t, _ in tail) > room // 2:
                tail.pop(0)
            room -= sum(cell_len(t) for t, _ in tail)
            if view.description:
                description = _fit(view.description, max(12, room - min(len(view.path), 12) - 3))
                path = _fit(view.path, room - cell_len(description) - 3)
                parts += [(description, title)]
                if path:
                    parts += [(" · ", dim), (path, base)]
            else:
                parts.append((_fit(view.path, room), title))
            parts += tail
            hint = self.RUNNING_HINT
        if flag := self._flag():
            parts.append((flag, base + self._style("timer-bar--offline")))
        used = sum(cell_len(text) for text, _ in parts)
        if used + len(hint) + 3 <= width:
            parts += [(" " * (width - used - len(hint) - 1), base), (hint, dim)]
        strip = Strip([Segment(text, style) for text, style in parts])
        return strip.crop(0, width).adjust_cell_length(width, base)
