"""One breakdown of the week (by client, project, task or tag): a line per name with a bar,
its time and its share of the week, longest first. Bars are drawn with eighth blocks, so two
close values still look different, and need no colour to be read."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from tui.domain.durations import format_duration
from tui.domain.review import Breakdown, format_amount

EIGHTHS = " ▏▎▍▌▋▊▉"
MIN_BAR = 10
"""Cells a bar keeps before the labels are cut: enough to tell the lines' sizes apart."""
OVERLAP_NOTE = "An entry with several tags counts under each of them."


def bar(value: int, scale: int, width: int) -> str:
    """``value`` of ``scale`` as a bar of ``width`` cells in eighths; never empty for > 0."""
    if value <= 0 or scale <= 0 or width <= 0:
        return ""
    eighths = max(1, (2 * value * width * 8 + scale) // (2 * scale))
    full, part = divmod(min(eighths, width * 8), 8)
    return "█" * full + (EIGHTHS[part] if part else "")


def fit(text: str, width: int) -> str:
    """``text`` in ``width`` cells, cut with "…" where it does not fit (wide characters too)."""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, max(0, width - 1)).rstrip() + "…"


class BreakdownBars(Widget):
    COMPONENT_CLASSES = {"breakdown-bars--bar", "breakdown-bars--dim"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.breakdown: Breakdown | None = None
        self.show_billable = True

    def show(self, breakdown: Breakdown, show_billable: bool = True) -> None:
        if (breakdown, show_billable) != (self.breakdown, self.show_billable):
            self.breakdown, self.show_billable = breakdown, show_billable
            self.refresh(layout=True)  # the number of lines may change

    def _overlapping(self) -> bool:
        """Tag lines share entries, so their shares add up to more than the whole."""
        if self.breakdown is None or self.breakdown.by != "tag":
            return False
        return sum(line.share for line in self.breakdown.lines) > 1.0001

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        lines = len(self.breakdown.lines) if self.breakdown else 1
        return max(1, lines) + (1 if self._overlapping() else 0)

    def render(self) -> Text:
        width = self.content_size.width
        if self.breakdown is None or width < 20:
            return Text("")
        lines = self.breakdown.lines
        if not lines:
            return Text("No time in this week.", style=self._style("dim"))
        amounts = any(line.amounts for line in lines)
        extra = 0
        if width >= 90 and self.show_billable:
            extra = 8 + (16 if amounts else 0)
        # The labels as wide as the longest one, as long as the bars keep MIN_BAR cells: a
        # wide terminal shows "Client › Project › Task" whole, a narrow one cuts it with "…".
        longest = max(cell_len(line.label) for line in lines)
        label_width = max(12, min(longest, width - 14 - extra - MIN_BAR))
        bar_width = max(3, width - label_width - 14 - extra)
        scale = lines[0].seconds
        out = []
        for line in lines:
            label = fit(line.label, label_width)
            row = Text(label + " " * (label_width - cell_len(label)))
            row.append(" ")
            row.append(bar(line.seconds, scale, bar_width).ljust(bar_width), self._style("bar"))
            row.append(f" {format_duration(line.shown):>6}")
            row.append(f" {round(line.share * 100):>4}%", self._style("dim"))
            if extra:
                billable = format_duration(line.shown_billable) if line.billable else "—"
                row.append(f" {billable:>7}")
            if extra > 8:
                money = ", ".join(format_amount(c, m) for c, m in line.amounts)
                row.append(f" {fit(money, 15):>15}", self._style("dim"))
            out.append(row)
        if self._overlapping():
            out.append(Text(fit(OVERLAP_NOTE, width), style=self._style("dim")))
        return Text("\n").join(out)

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"breakdown-bars--{name}", partial=True)
