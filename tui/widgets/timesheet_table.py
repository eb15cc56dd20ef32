"""The week grid: rows are client › project › task, columns the seven days and a total.

A Line-API widget rather than a DataTable: a DataTable re-renders every visible cell after any
``update_cell``, while here an edit repaints only the lines whose numbers changed (the edited
row and the totals line), which keeps a keystroke cheap in a grid of hundreds of rows. The
header and the totals line stay put while the rows scroll between them.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.geometry import Size
from textual.message import Message

from tui.domain.durations import format_duration
from tui.domain.running import RunningCell
from tui.domain.shown_grid import shown_row_total
from tui.domain.timesheet import RowKey, WeekGrid
from tui.widgets.grid_canvas import GridCanvas
from tui.widgets.grid_cells import DAY_COLUMNS, EDIT_STARTERS, locked_cells, unsent_cells
from tui.widgets.grid_paste import MAX_TYPED, read_paste

__all__ = ["TimesheetTable", "locked_cells", "unsent_cells"]


class TimesheetTable(GridCanvas, can_focus=True):
    _row_before_empty: RowKey | None = None
    COMPONENT_CLASSES = {
        "timesheet--header",
        "timesheet--today",
        "timesheet--cursor",
        "timesheet--cursor-row",
        "timesheet--zebra",
        "timesheet--empty",
        "timesheet--total",
        "timesheet--editing",
        "timesheet--locked",
        "timesheet--running",
        "timesheet--unsent",
        "timesheet--closed",
    }
    DEFAULT_CSS = """
    TimesheetTable > .timesheet--locked {
        text-style: italic;
        color: $text-muted;
    }
    TimesheetTable > .timesheet--unsent {
        text-style: underline;
    }
    TimesheetTable > .timesheet--closed {
        text-style: dim;
    }
    """
    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("left,h", "cursor_left", "Left", show=False),
        Binding("right,l", "cursor_right", "Right", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "first_row", "First row", show=False),
        Binding("end", "last_row", "Last row", show=False),
        Binding("enter", "select", "Open cell", show=False),
        Binding("tab", "cursor_right", "Next day", show=False),
    ]

    class EditChanged(Message):
        """The text being typed into the cell changed; None when typing ended."""

        def __init__(self, text: str | None) -> None:
            super().__init__()
            self.text = text

    class EditSubmitted(Message):
        """Enter (or an arrow, which also moves on) on the text typed into the cell of row
        ``key`` and day ``day_index``: the cursor may be elsewhere by the time it is read."""

        def __init__(
            self, text: str, key: RowKey, day_index: int, move: tuple[int, int] = (0, 0)
        ) -> None:
            super().__init__()
            self.text = text
            self.key = key
            self.day_index = day_index
            self.move = move

    class Pasted(Message):
        """Tab-separated values pasted on the cell of row ``key`` and day ``day_index``."""

        def __init__(self, rows: tuple[tuple[str, ...], ...], key: RowKey, day_index: int) -> None:
            super().__init__()
            self.rows = rows
            self.key = key
            self.day_index = day_index

    class CellSelected(Message):
        """Enter (or a double click) on the cell under the cursor."""

    class CursorMoved(Message):
        """The cursor is on another cell, or the numbers under it changed."""

    class ReadOnlyTyped(Message):
        """A value was typed or pasted into a read-only cell (see ``read_only``): refused
        at once, the screen says why."""

        def __init__(self, key: RowKey, day_index: int) -> None:
            super().__init__()
            self.key = key
            self.day_index = day_index

    def _refuse_read_only(self) -> bool:
        """Whether the cell under the cursor is read-only (and the screen has been told)."""
        key, day = self.current_row_key, self.current_day_index
        if key is None or day is None or not self.read_only(key, day):
            return False
        self.post_message(self.ReadOnlyTyped(key, day))
        return True

    # ------------------------------------------------------------ what is under the cursor

    @property
    def current_row_key(self) -> RowKey | None:
        row = self.cursor_coordinate.row
        return self.row_keys[row] if 0 <= row < len(self.row_keys) else None

    @property
    def current_day_index(self) -> int | None:
        column = self.cursor_coordinate.column
        return column - 1 if column in DAY_COLUMNS else None

    def get_cell_at(self, coordinate: Coordinate | tuple[int, int]) -> Text:
        """The text shown in a cell; column 0 is the label, 8 the row's total."""
        row, column = coordinate
        assert self.grid is not None
        values = self.grid.rows[row]
        if column == 0:
            return Text(values.label)
        seconds = shown_row_total(values) if column == 8 else values.seconds[column - 1]
        return Text(format_duration(seconds) if seconds else "·")

    def focus_day(self, day_index: int) -> None:
        """The cursor on day ``day_index`` of the row it is on."""
        self.cursor_coordinate = Coordinate(self.cursor_coordinate.row, day_index + 1)

    def focus_row(self, key: RowKey, day_index: int | None = None) -> None:
        """The cursor on row ``key``, on day ``day_index`` or else the same weekday."""
        if key in self.row_keys:
            column = self.cursor_coordinate.column if day_index is None else day_index + 1
            self.cursor_coordinate = Coordinate(self.row_keys.index(key), column)

    # ------------------------------------------------------------ data in

    def show(
        self,
        grid: WeekGrid,
        today_index: int | None,
        running: RunningCell | None = None,
        *,
        locked: frozenset[tuple[RowKey, int]] = frozenset(),
        closed_days: frozenset[int] = frozenset(),
    ) -> None:
        """Show ``grid``; ``running`` marks the row and cell where the timer ticks, ``locked``
        the (row, day) cells that hold a locked entry (see :func:`locked_cells`),
        ``closed_days`` the days whose timesheet can no longer change."""
        old = self.grid
        keep_key = self.current_row_key or self._row_before_empty
        self.grid = grid
        if old is None and today_index is not None:
            # The first week shown: start where today's time goes.
            self.cursor_coordinate = Coordinate(self.cursor_coordinate.row, today_index + 1)
        if locked != self._locked or closed_days != self._closed_days:
            self._locked, self._closed_days = locked, closed_days
            old = None  # repaint every row: the marks may have moved
        if running != self._timer_cell:
            self._timer_cell = running
            old = None
        keys = [row.key for row in grid.rows]
        same_shape = (
            old is not None
            and keys == self.row_keys
            and old.days == grid.days
            and today_index == self._today
        )
        self._today = today_index
        if same_shape:
            assert old is not None
            for index, (before, after) in enumerate(zip(old.rows, grid.rows, strict=True)):
                if before != after:
                    self._refresh_body_row(index)
                    if index == self.cursor_coordinate.row:
                        self.post_message(self.CursorMoved())
            if old.day_totals != grid.day_totals:
                self._refresh_screen_line(self.size.height - 1)
            return
        if self.edit_text is not None and self.current_row_key not in keys:
            self.end_edit()
        self.row_keys = keys
        # A week loading (or one with no rows) shows none for a moment: the row the cursor
        # was on is kept for when rows are back, so [ ] t keep the row.
        self._row_before_empty = None if keys else keep_key
        self.virtual_size = Size(self.size.width, len(keys) + 2)
        row = self.cursor_coordinate.row
        if keep_key is not None and keep_key in keys:
            row = keys.index(keep_key)
        row = max(0, min(row, len(keys) - 1))
        self.cursor_coordinate = Coordinate(row, self.cursor_coordinate.column)
        self.refresh()

    def mark_unsent(self, cells: frozenset[tuple[RowKey, int]]) -> None:
        """Mark the (row, day) ``cells`` holding changes not yet sent (see
        :func:`~tui.widgets.grid_cells.unsent_cells`); repaints only the rows that changed."""
        if cells == self._unsent:
            return
        rows = {key for key, _ in cells ^ self._unsent}
        self._unsent = cells
        for index, key in enumerate(self.row_keys):
            if key in rows:
                self._refresh_body_row(index)

    # ------------------------------------------------------------ cursor

    def validate_cursor_coordinate(self, value: Coordinate) -> Coordinate:
        row = max(0, min(value.row, len(self.row_keys) - 1))
        column = max(DAY_COLUMNS.start, min(value.column, DAY_COLUMNS.stop - 1))
        return Coordinate(row, column)

    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        if old != new and self.edit_text is not None:
            self.end_edit()  # typing belongs to one cell; moving away drops it
        if old.row != new.row:
            self._refresh_body_row(old.row)
        self._refresh_body_row(new.row)
        self._scroll_to_row(new.row)
        self.post_message(self.CursorMoved())

    def move_cursor(self, rows: int = 0, columns: int = 0) -> None:
        here = self.cursor_coordinate
        self.cursor_coordinate = Coordinate(here.row + rows, here.column + columns)

    def action_cursor_up(self) -> None:
        self.move_cursor(rows=-1)

    def action_cursor_down(self) -> None:
        self.move_cursor(rows=1)

    def action_cursor_left(self) -> None:
        self.move_cursor(columns=-1)

    def action_cursor_right(self) -> None:
        self.move_cursor(columns=1)

    def action_page(self, direction: int) -> None:
        self.move_cursor(rows=direction * self._body_height())

    def action_first_row(self) -> None:
        self.cursor_coordinate = Coordinate(0, self.cursor_coordinate.column)

    def action_last_row(self) -> None:
        self.cursor_coordinate = Coordinate(len(self.row_keys) - 1, self.cursor_coordinate.column)

    def action_select(self) -> None:
        self.post_message(self.CellSelected())

    # ------------------------------------------------------------ typing into a cell

    def begin_edit(self, text: str = "") -> None:
        if self.current_row_key is None:
            return
        self.edit_text = text
        self._edited()

    def end_edit(self) -> None:
        self.edit_text = None
        self._edited()

    def _edited(self) -> None:
        self._refresh_body_row(self.cursor_coordinate.row)
        self.post_message(self.EditChanged(self.edit_text))

    MOVES = {"up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1), "tab": (0, 1)}

    async def on_key(self, event: events.Key) -> None:
        """Typing happens in the cell itself, as in a spreadsheet. While typing, every key
        is the cell's, so letters such as h and m are text, not shortcuts."""
        if self.edit_text is None:
            if event.character and event.character in EDIT_STARTERS:
                event.stop()
                event.prevent_default()
                if not self._refuse_read_only():
                    self.begin_edit(event.character)
            elif await self._run_own_binding(event.key):
                event.stop()
                event.prevent_default()
            return
        event.stop()
        event.prevent_default()
        if event.key == "escape":
            self.end_edit()
        elif event.key in ("enter", *self.MOVES):
            self._submit(self.MOVES.get(event.key, (0, 0)))
        elif event.key == "backspace":
            self.edit_text = self.edit_text[:-1]
            self._edited()
        elif event.character and event.is_printable and len(self.edit_text) < MAX_TYPED:
            self.edit_text += event.character
            self._edited()

    def _submit(self, move: tuple[int, int]) -> None:
        """Typing ends here, not when the screen has looked at the text, so keys typed right
        after Enter (q, an arrow) are shortcuts again. A refused text is handed back with
        begin_edit."""
        text, key, day = self.edit_text, self.current_row_key, self.current_day_index
        self.end_edit()
        if text is not None and key is not None and day is not None:
            self.post_message(self.EditSubmitted(text, key, day, move))
            if move != (0, 0):  # now, so the keys typed next act on the next cell
                self.move_cursor(*move)

    def on_paste(self, event: events.Paste) -> None:
        """A pasted value is typed into the cell (its line break, if any, is Enter); values
        separated by tabs go to the screen to fill the row from this cell on."""
        event.stop()
        event.prevent_default()
        paste = read_paste(event.text)
        if not paste.rows or (self.edit_text is None and self._refuse_read_only()):
            return
        value = paste.single
        if value is not None:
            if self.edit_text is None:
                self.begin_edit()
            if self.edit_text is not None:
                self.edit_text = (self.edit_text + value)[:MAX_TYPED]
                self._edited()
                if paste.submitted:
                    self._submit((0, 0))
            return
        if self.edit_text is not None:
            self.end_edit()  # the pasted row replaces what was being typed
        key, day = self.current_row_key, self.current_day_index
        if key is not None and day is not None:
            self.post_message(self.Pasted(paste.rows, key, day))

    async def _run_own_binding(self, key: str) -> bool:
        """Run the grid's own binding for ``key`` (a move, Enter) while the key is here.

        Left to Textual, a binding runs only once the key has bubbled back up to the app,
        and by then the keys typed after it may already be here: a digit typed right after
        ``l`` would start typing in this cell and ``l`` would then move off it, dropping the
        digit. Run here, every key the grid takes acts in the order it was typed."""
        for binding in self._bindings.key_to_bindings.get(key, ()):
            if not binding.priority:
                await self.run_action(binding.action)
                return True
        return False

    def on_click(self, event: events.Click) -> None:
        if not 1 <= event.y < self.size.height - 1:
            return
        row = event.y - 1 + int(self.scroll_y)
        for index in range(7):
            x = self._layout.day_x(index)
            if x <= event.x < x + self._layout.day + self._layout.gap:
                self.cursor_coordinate = Coordinate(row, index + 1)
                if event.chain >= 2:
                    self.action_select()
                return
        self.cursor_coordinate = Coordinate(row, self.cursor_coordinate.column)
