"""`d` on the grid: remove a row's time from the shown week, after a question that says how
much time and how many entries go (and names the described ones once they are gone)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.domain.durations import format_duration
from tui.domain.timesheet import RowKey, cell_entries
from tui.store.snapshot import Severity, Snapshot
from tui.widgets.timesheet_table import TimesheetTable

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui.session import Session

    _ScreenBase = Screen[None]
else:
    _ScreenBase = object


def removal_question(label: str, seconds: int, entries: int) -> str:
    """``Remove 3:30 in 2 entries of Acme › Web from this week? (u undoes it)``."""
    if not entries:
        return f"Remove {label} from this week? It has no time here."
    many = "entry" if entries == 1 else "entries"
    return (
        f"Remove {format_duration(seconds)} in {entries} {many} of {label} from this week? "
        "(u undoes it)"
    )


class DeletesRows(_ScreenBase):
    """A mixin of ``TimesheetScreen``."""

    if TYPE_CHECKING:  # provided by TimesheetScreen
        session: Session

        @property
        def table(self) -> TimesheetTable: ...
        @property
        def snap(self) -> Snapshot | None: ...
        def _say(self, message: str, severity: Severity = "error") -> None: ...
        def _row_refused(self, snap: Snapshot, key: RowKey) -> bool: ...

    def action_delete_row(self) -> None:
        from tui.screens.confirm import ConfirmScreen

        key = self.table.current_row_key
        snap = self.snap
        if key is None or snap is None:
            self._say("Move to a row to delete it", "warning")
            return
        if self._row_refused(snap, key):
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.session.run_edit(lambda store: store.delete_row(key))

        # What goes: the row's finished entries of the week, each counted once.
        gone = {
            e.id: e
            for day in snap.days
            for e in cell_entries(snap.entries, key, day, snap.tz)
            if e.end is not None
        }
        row = next((r for r in snap.grid.rows if r.key == key), None)
        question = removal_question(
            snap.catalog.label(key), row.total if row is not None else 0, len(gone)
        )
        self.app.push_screen(ConfirmScreen(question), confirmed)
