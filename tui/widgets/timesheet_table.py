"""The week grid: rows are client › project › task, columns the seven days and a total.

Repaints are incremental: when only numbers change, only the changed cells are updated, so a
keystroke in a grid of hundreds of rows stays cheap. The whole table is rebuilt only when the
rows or the days themselves change, and then the cursor is put back on the same row and day.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.events import Key
from textual.message import Message
from textual.widgets import DataTable

from tui.domain.durations import format_duration
from tui.domain.timesheet import RowKey, WeekGrid

EDIT_STARTERS = set("0123456789.,:+-")


@dataclass(frozen=True)
class _Layout:
    """Column widths for the terminal's width: 80 columns must show all 7 days and the total."""

    label: int
    day: int
    total: int
    padding: int

    @classmethod
    def for_width(cls, width: int) -> _Layout:
        if width >= 100:
            day, total, padding = 7, 7, 1
        else:
            day, total, padding = 6, 6, 0  # "Mo 16" headers, cells butt up with a space
        used = 7 * (day + 2 * padding) + total + 2 * padding
        label = max(16, min(60, width - used - 2 * padding - 3))  # 3: scrollbar and margin
        return cls(label, day, total, padding)


@dataclass(frozen=True)
class _Shape:
    days: tuple[str, ...]
    rows: tuple[RowKey, ...]
    layout: _Layout
    today: int | None


def fit_label(parts: list[str], width: int) -> str:
    """``client › project › task`` in ``width`` cells: outer parts shrink first, so the
    task and project stay readable and twins stay distinguishable."""
    text = " › ".join(parts)
    if len(text) <= width:
        return text
    shrunk = list(parts)
    for i in range(len(shrunk) - 1):
        excess = len(" › ".join(shrunk)) - width
        if excess <= 0:
            break
        keep = max(3, len(shrunk[i]) - excess - 1)
        if keep < len(shrunk[i]):
            shrunk[i] = shrunk[i][:keep] + "…"
    text = " › ".join(shrunk)
    return text if len(text) <= width else text[: width - 1] + "…"


class TimesheetTable(DataTable[Text]):
    BINDINGS = [
        Binding("h", "cursor_left", "Left", show=False),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("l", "cursor_right", "Right", show=False),
    ]

    class StartEdit(Message):
        """The user began typing a duration into the cell under the cursor."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="cell", zebra_stripes=True)
        self.fixed_columns = 1
        self._shape: _Shape | None = None
        self._values: dict[tuple[int, int], str] = {}
        self.row_keys: list[RowKey] = []
        self.grid: WeekGrid | None = None

    # ------------------------------------------------------------ what is under the cursor

    @property
    def current_row_key(self) -> RowKey | None:
        row = self.cursor_coordinate.row
        return self.row_keys[row] if 0 <= row < len(self.row_keys) else None

    @property
    def current_day_index(self) -> int | None:
        column = self.cursor_coordinate.column
        return column - 1 if 1 <= column <= 7 else None

    # ------------------------------------------------------------ painting

    def show(self, grid: WeekGrid, today_index: int | None) -> None:
        layout = _Layout.for_width(self.size.width or self.app.size.width)
        days = tuple(f"{d:%a %d}" for d in grid.days)
        shape = _Shape(days, tuple(row.key for row in grid.rows), layout, today_index)
        self.grid = grid
        cells = self._cells(grid, today_index, layout)
        if shape != self._shape:
            self._rebuild(shape, grid, cells)
            return
        for (r, c), text in cells.items():
            if self._values.get((r, c)) != text.plain:
                self.update_cell_at(Coordinate(r, c), text)
                self._values[(r, c)] = text.plain

    def on_resize(self) -> None:
        if self.grid is not None and self._shape is not None:
            self.show(self.grid, self._shape.today)

    def _cells(
        self, grid: WeekGrid, today_index: int | None, layout: _Layout
    ) -> dict[tuple[int, int], Text]:
        cells: dict[tuple[int, int], Text] = {}
        for r, row in enumerate(grid.rows):
            label = fit_label(
                [p for p in (row.client, row.project, row.task) if p] or [row.label], layout.label
            )
            cells[(r, 0)] = Text(label, no_wrap=True)
            for c, seconds in enumerate(row.seconds, start=1):
                cells[(r, c)] = self._duration(seconds, c - 1 == today_index)
            cells[(r, 8)] = Text(format_duration(row.total), style="bold", justify="right")
        last = len(grid.rows)
        cells[(last, 0)] = Text("Total", style="bold")
        for c, seconds in enumerate(grid.day_totals, start=1):
            cells[(last, c)] = Text(format_duration(seconds), style="bold", justify="right")
        cells[(last, 8)] = Text(format_duration(grid.total), style="bold reverse", justify="right")
        return cells

    @staticmethod
    def _duration(seconds: int, today: bool) -> Text:
        style = "bold" if today else ""
        if not seconds:
            return Text("·", style=f"dim {style}".strip(), justify="right")
        return Text(format_duration(seconds), style=style, justify="right")

    def _rebuild(self, shape: _Shape, grid: WeekGrid, cells: dict[tuple[int, int], Text]) -> None:
        layout = shape.layout
        keep_key = self.current_row_key
        keep_row = self.cursor_coordinate.row
        keep_column = self.cursor_coordinate.column if self._shape else 1
        self.clear(columns=True)
        self.cell_padding = layout.padding
        self.add_column("Client › Project › Task", key="label", width=layout.label)
        for i, day in enumerate(grid.days):
            today = i == shape.today
            name = f"{day:%a %d}" if layout.day >= 7 else f"{day:%a}"[:2] + f"{day:%d}".rjust(3)
            label = Text(name, justify="right", style="bold reverse" if today else "bold")
            self.add_column(label, key=f"day{i}", width=layout.day)
        self.add_column(
            Text("Total", justify="right", style="bold"), key="total", width=layout.total
        )
        rows = len(grid.rows) + 1
        self.add_rows([[cells[(r, c)] for c in range(9)] for r in range(rows)])
        self._values = {rc: text.plain for rc, text in cells.items()}
        self.row_keys = list(shape.rows)
        self._shape = shape
        target = keep_row
        if keep_key is not None and keep_key in self.row_keys:
            target = self.row_keys.index(keep_key)
        target = max(0, min(target, max(len(self.row_keys) - 1, 0)))
        self.cursor_coordinate = Coordinate(target, keep_column)

    def focus_row(self, key: RowKey) -> None:
        if key in self.row_keys:
            self.cursor_coordinate = Coordinate(self.row_keys.index(key), 1)

    # ------------------------------------------------------------ keys

    def on_key(self, event: Key) -> None:
        if event.character and event.character in EDIT_STARTERS:
            event.stop()
            event.prevent_default()
            self.post_message(self.StartEdit(event.character))
