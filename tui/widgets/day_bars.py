"""Each day's time as a bar against its target: worked time, the part over the target, and
the part still missing to it.

The three parts differ in their block character as well as their colour (█ worked, ▓ over,
░ missing), so the chart reads the same in 16 colours, in monochrome, and in a screenshot.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from tui.domain.durations import format_duration
from tui.domain.review import DayTotal

WORKED, OVER, MISSING = "█", "▓", "░"


def signed(seconds: int) -> str:
    """``+0:15``, ``-1:00``, or ``±0`` for a day exactly on target."""
    if seconds == 0:
        return "±0"
    return ("+" if seconds > 0 else "") + format_duration(seconds)


def _cells(seconds: int, scale: int, width: int) -> int:
    """Whole cells for ``seconds`` of ``scale``, rounded half up; never 0 for some time."""
    if seconds <= 0:
        return 0
    return max(1, (2 * seconds * width + scale) // (2 * scale))


class DayBars(Widget):
    COMPONENT_CLASSES = {
        "day-bars--worked",
        "day-bars--over",
        "day-bars--missing",
        "day-bars--today",
        "day-bars--under-text",
        "day-bars--over-text",
        "day-bars--dim",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.days: tuple[DayTotal, ...] = ()
        self.today: date | None = None

    def show(self, days: Sequence[DayTotal], today: date | None) -> None:
        days = tuple(days)
        if (days, today) != (self.days, self.today):
            self.days, self.today = days, today
            self.refresh()

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"day-bars--{name}", partial=True)

    def render(self) -> Text:
        width = self.content_size.width
        if not self.days or width < 20:
            return Text("")
        wide = width >= 44
        numbers = 22 if wide else 14  # "  7:00 /  8:00   -1:00" or "  7:00   -1:00"
        bar_width = max(4, width - 7 - numbers)
        scale = max(1, *(max(d.seconds, d.target) for d in self.days))
        lines = []
        for day in self.days:
            lines.append(self._line(day, scale, bar_width, wide))
        return Text("\n").join(lines)

    def _line(self, day: DayTotal, scale: int, bar_width: int, wide: bool) -> Text:
        label_style = self._style("today") if day.day == self.today else Style()
        line = Text()
        line.append(f"{day.day:%a %d}", label_style)
        line.append(" ")
        inside = _cells(min(day.seconds, day.target), scale, bar_width)
        outer = _cells(max(day.seconds, day.target), scale, bar_width)
        if day.seconds != day.target and inside >= outer > 1:
            inside = outer - 1  # the one cell of over- or under-time would spill past the bar
        line.append(WORKED * inside, self._style("worked"))
        if day.seconds > day.target:
            line.append(OVER * max(1, outer - inside), self._style("over"))
        elif day.target > day.seconds:
            line.append(MISSING * max(1, outer - inside), self._style("missing"))
        line.pad_right(7 + bar_width - line.cell_len)
        if not day.seconds and not day.target:
            line.append(f"{'·':>5}", self._style("dim"))
            return line
        line.append(f" {format_duration(day.shown):>5}")
        if wide:
            line.append(f" / {format_duration(day.target):>5}", self._style("dim"))
        balance = day.shown_balance
        kind = "over-text" if balance > 0 else "under-text" if balance < 0 else "dim"
        line.append(f"  {signed(balance):>6}", self._style(kind))
        return line
