"""How the week grid paints itself, line by line, and repaints only the lines that changed.

The state it paints from (the grid, the cursor, the cell being typed into, the marks) is set
by :class:`~tui.widgets.timesheet_table.TimesheetTable`, which decides what changed.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.coordinate import Coordinate
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.domain.durations import format_duration, shown_sum
from tui.domain.running import RunningCell
from tui.domain.shown_grid import shown_day_totals, shown_row_total
from tui.domain.time_off import is_time_off
from tui.domain.timesheet import RowKey, WeekGrid
from tui.widgets.grid_cells import GridLayout, fit_label


class GridCanvas(ScrollView):
    cursor_coordinate: reactive[Coordinate] = reactive(Coordinate(0, 1), always_update=True)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.grid: WeekGrid | None = None
        self.row_keys: list[RowKey] = []
        self._today: int | None = None
        self._layout = GridLayout.for_width(80)
        self.edit_text: str | None = None
        """What is being typed into the cell under the cursor, or None."""
        self._locked: frozenset[tuple[RowKey, int]] = frozenset()
        """Cells holding a locked entry (a remote workspace's lock date): marked with a *."""
        self._timer_cell: RunningCell | None = None
        self._unsent: frozenset[tuple[RowKey, int]] = frozenset()
        """Cells holding an entry whose change is not yet on the service: marked with a •."""
        self._closed_days: frozenset[int] = frozenset()
        """Days in a submitted, approved or locked timesheet: dimmed, and typing is refused."""
        self.head_label = "Client › Project › Task"
        self.head_short = "Project"
        """The label column's head, in the workspace's words (short: a narrow terminal)."""

    def read_only(self, key: RowKey, day_index: int) -> bool:
        """A cell that cannot be typed into: its day's timesheet is closed, or it is time off."""
        return day_index in self._closed_days or is_time_off(key)

    # ------------------------------------------------------------ what to repaint

    def on_resize(self, event: events.Resize) -> None:
        self._layout = GridLayout.for_width(event.size.width)
        self.virtual_size = Size(event.size.width, len(self.row_keys) + 2)
        self.refresh()

    def _body_height(self) -> int:
        return max(1, self.size.height - 2)

    def _scroll_to_row(self, row: int) -> None:
        top = int(self.scroll_y)
        if row < top:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= top + self._body_height():
            self.scroll_to(y=row - self._body_height() + 1, animate=False, immediate=True)

    def _refresh_body_row(self, row: int) -> None:
        y = row - int(self.scroll_y) + 1
        if 1 <= y < self.size.height - 1:
            self._refresh_screen_line(y)

    def _refresh_screen_line(self, y: int) -> None:
        """Repaint line ``y`` of the widget as it stands on screen (not a virtual line)."""
        self.refresh(Region(0, y, self.size.width, 1))

    def on_focus(self) -> None:
        self._refresh_body_row(self.cursor_coordinate.row)

    def on_blur(self) -> None:
        self._refresh_body_row(self.cursor_coordinate.row)

    # ------------------------------------------------------------ painting

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if self.grid is None:
            return Strip.blank(width, base)
        if y == 0:
            strip = self._header(base)
        elif y == self.size.height - 1:
            strip = self._totals(base)
        else:
            row = y - 1 + int(self.scroll_y)
            if row >= len(self.grid.rows):
                return Strip.blank(width, base)
            strip = self._row(row, base)
        return strip.adjust_cell_length(width, base)

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True)

    def _line(self, label: Text, cells: list[Text], style: Style) -> Strip:
        layout = self._layout
        segments = [Segment(label.plain[: layout.label].ljust(layout.label), style)]
        for index, cell in enumerate(cells):
            width = layout.total if index == 7 else layout.day
            if not width:
                continue
            cell_style = style + cell.style if isinstance(cell.style, Style) else style
            segments.append(Segment(" " * layout.gap, style))
            segments.append(Segment(cell.plain[-width:].rjust(width), cell_style))
        return Strip(segments)

    def _header(self, base: Style) -> Strip:
        assert self.grid is not None
        header = base + self._style("timesheet--header")
        today = self._style("timesheet--today")
        cells = []
        for index, day in enumerate(self.grid.days):
            name = f"{day:%a %d}" if self._layout.day >= 6 else f"{day:%a}"[:2] + f"{day:%d}"
            style = today if index == self._today else Style()
            if index in self._closed_days:
                style = style + self._style("timesheet--closed")
            cells.append(Text(name, style=style))
        cells.append(Text("Total"))
        head = self.head_label
        label = head if self._layout.label >= len(head) else self.head_short
        return self._line(Text(label), cells, header)

    def _row(self, row: int, base: Style) -> Strip:
        assert self.grid is not None
        values = self.grid.rows[row]
        style = base + self._style("timesheet--zebra") if row % 2 else base
        on_cursor = row == self.cursor_coordinate.row and self.has_focus_within
        if row == self.cursor_coordinate.row:
            style = style + self._style("timesheet--cursor-row")
        empty, cursor = self._style("timesheet--empty"), self._style("timesheet--cursor")
        editing = self._style("timesheet--editing")
        bold = Style(bold=True)
        cells = []
        running = self._timer_cell
        ticking = running.day_index if running and running.key == values.key else -1
        for index, seconds in enumerate(values.seconds):
            cell_style = empty if not seconds else (bold if index == self._today else Style())
            if index == ticking:
                cell_style = cell_style + self._style("timesheet--running")
            text = format_duration(seconds) if seconds else "·"
            if self.read_only(values.key, index):
                cell_style = cell_style + self._style("timesheet--closed")
            if (values.key, index) in self._locked:
                cell_style = cell_style + self._style("timesheet--locked")
                text = text + "*" if len(text) < self._layout.day else text
            if (values.key, index) in self._unsent:
                cell_style = cell_style + self._style("timesheet--unsent")
                text = text + "•" if len(text) < self._layout.day else text
            here = on_cursor and index + 1 == self.cursor_coordinate.column
            if here:
                cell_style = cell_style + cursor
            if here and self.edit_text is not None:
                cell_style = editing
                text = (self.edit_text + "▏").ljust(self._layout.day)[-self._layout.day :]
            cells.append(Text(text, style=cell_style))
        cells.append(Text(format_duration(shown_row_total(values)), style=bold))
        parts = [p for p in (values.client, values.project, values.task) if p] or [values.label]
        if running and running.key == values.key:  # the timer's row, marked in any colours
            label = "● " + fit_label(parts, self._layout.label - 2)
            return self._line(Text(label), cells, style)
        return self._line(Text(fit_label(parts, self._layout.label)), cells, style)

    def _totals(self, base: Style) -> Strip:
        assert self.grid is not None
        style = base + self._style("timesheet--total")
        days = shown_day_totals(self.grid)
        cells = [Text(format_duration(s)) for s in days]
        week = format_duration(shown_sum(days))
        cells.append(Text(week, style=Style(reverse=True)))
        if self._layout.total:
            return self._line(Text("Total"), cells, style)
        # No total column: the week's total stays in view at the end of the label.
        return self._line(Text(f"Total {week:>{self._layout.label - 7}} "), cells, style)
