"""The timer screen's big clock: h:mm in three-line digits, the seconds small beside the
bottom row, ticking every second.

Cheap over SSH: Textual sends a partial repaint from a widget's left edge to the right end of
what changed, so the widget is exactly as wide as its digits (a container centres it) and the
seconds sit on the bottom row only. A tick repaints that one row (about 70 bytes); the big
digits change once a minute. Never a relayout, except when an hour digit is added.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.segment import Segment
from textual.geometry import Region, Size
from textual.renderables.digits import DIGITS, DIGITS3X3
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget

from tui.domain.durations import format_clock
from tui.domain.timer import elapsed
from tui.widgets.timer_bar import seconds_to_next_tick

COLON = (" ", ":", " ")
SECONDS_GAP = " "


def glyph(char: str) -> tuple[str, str, str]:
    """The three rows of ``char``: digits are three cells wide, the colon one."""
    if char == ":":
        return COLON
    index = DIGITS.index(char) * 3
    top, middle, bottom = (row.ljust(3) for row in DIGITS3X3[index : index + 3])
    return top, middle, bottom


def split_clock(text: str) -> tuple[str, str]:
    """``"1:47:08"`` → ``("1:47", ":08")``: what is drawn big, and the small seconds."""
    return text[:-3], text[-3:]


class TimerClock(Widget):
    COMPONENT_CLASSES = {"timer-clock--stopped", "timer-clock--seconds"}
    DEFAULT_CSS = """
    TimerClock { height: 3; width: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.now: Callable[[], datetime] = datetime.now
        self.start: datetime | None = None
        self.text = format_clock(0)
        self._ticker: Timer | None = None

    def show(self, start: datetime | None) -> None:
        if start == self.start:
            return
        self.start = start
        old, self.text = self.text, self._text()
        self.refresh(layout=len(old) != len(self.text))
        self._schedule()

    def _text(self) -> str:
        return format_clock(elapsed(self.start, self.now()) if self.start else 0)

    def _schedule(self) -> None:
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        if self.start is not None and self.is_mounted:
            self._ticker = self.set_timer(seconds_to_next_tick(self.start, self.now()), self._tick)

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

    @staticmethod
    def _big_width(big: str) -> int:
        return sum(len(glyph(c)[0]) for c in big)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        big, seconds = split_clock(self.text)
        return self._big_width(big) + len(SECONDS_GAP) + len(seconds)

    def tick(self) -> None:
        new = self._text()
        old, self.text = self.text, new
        if new == old:
            return
        if len(new) != len(old):
            self.refresh(layout=True)  # 9:59:59 → 10:00:00: a wider clock, once an hour
            return
        (old_big, _), (new_big, _) = split_clock(old), split_clock(new)
        if old_big != new_big:
            self.refresh()  # a new minute: the big digits, three rows
            return
        width = self._big_width(new_big) + len(SECONDS_GAP)
        self.refresh(Region(width, 2, 3, 1))  # the seconds, on the bottom row

    def render_line(self, y: int) -> Strip:
        base = self.rich_style
        width = self.size.width
        if y > 2:
            return Strip.blank(width, base)
        if len(text := self._text()) == len(self.text):  # a new width waits for the layout
            self.text = text
        style = base
        if self.start is None:
            style = base + self.get_component_rich_style("timer-clock--stopped", partial=True)
        big, seconds = split_clock(self.text)
        row = "".join(glyph(char)[y] for char in big) + SECONDS_GAP
        small = seconds if y == 2 else " " * len(seconds)
        seconds_style = style + self.get_component_rich_style("timer-clock--seconds", partial=True)
        strip = Strip([Segment(row, style), Segment(small, seconds_style)])
        return strip.crop(0, width).adjust_cell_length(width, base)
