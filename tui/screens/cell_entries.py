"""The entries behind one cell: each can be edited or deleted, and new ones added."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from tui.domain.durations import entry_length
from tui.domain.models import EntryFields, TimeEntry
from tui.domain.new_entry import new_entry_span
from tui.domain.running import running_by_day
from tui.domain.timesheet import RowKey, cell_entries, row_key
from tui.screens.dialog import Dialog
from tui.screens.entry_form import EntryDraft, EntryFormScreen
from tui.session import Session
from tui.store import Store
from tui.store.snapshot import Snapshot
from tui.widgets.key_footer import KeyFooter


class CellEntriesScreen(Dialog[None]):
    BINDINGS = [
        Binding("escape,q", "close", "Close"),
        Binding("enter,e", "edit", "Edit"),
        Binding("n", "new", "New entry"),
        Binding("delete,d", "delete", "Delete"),
    ]

    def __init__(self, session: Session, key: RowKey, day_index: int) -> None:
        super().__init__()
        self.session = session
        self.key, self.day_index = key, day_index
        self.entries: list[TimeEntry] = []
        self.running: TimeEntry | None = None

    def compose(self) -> ComposeResult:
        with self.frame("cell-entries"):
            yield Static(id="cell-entries-title", classes="dialog-title")
            yield DataTable(id="cell-entries-table", cursor_type="row")
            yield Static("", id="cell-entries-empty")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Start", "End", "Time", "Description", "Tags", "$", "")
        self.watch(self.session, "snapshot", self._show, init=True)
        table.focus()

    def _show(self, snap: Snapshot | None) -> None:
        if snap is None:
            return
        day = snap.days[self.day_index]
        title = f"[b]{snap.catalog.label(self.key)}[/] · {day:%A %d %B %Y}"
        self.query_one("#cell-entries-title", Static).update(title)
        self.entries = cell_entries(snap.entries, self.key, day, snap.tz)
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for entry in self.entries:
            assert entry.end is not None
            start = entry.start.astimezone(snap.tz)
            end = entry.end.astimezone(snap.tz)
            end_text = end.strftime("%H:%M") + ("⁺¹" if end.date() > start.date() else "")
            start_text = ("⁻¹" if start.date() < day else "") + start.strftime("%H:%M")
            if not entry.clock_times:  # a date and hours only: no time of day to show
                start_text = end_text = "—"
            table.add_row(
                start_text,
                end_text,
                entry_length(entry.seconds()),
                entry.description or "—",
                ", ".join(snap.tag_names(entry.tag_ids)),
                "$" if entry.billable else "",
                "locked" if entry.locked else "",
                key=entry.id,
            )
        self.running = self._running_here(snap, day)
        if self.running is not None:
            since = self.running.start.astimezone(snap.tz)
            table.add_row(
                ("⁻¹" if since.date() < day else "") + f"since {since:%H:%M}",
                "running",
                entry_length(self.running.seconds(self._now())),
                self.running.description or "—",
                ", ".join(snap.tag_names(self.running.tag_ids)),
                "$" if self.running.billable else "",
                "",
                key=self.running.id,
            )
        shown = len(self.entries) + (self.running is not None)
        if shown:
            table.move_cursor(row=min(row, shown - 1))
        self.query_one("#cell-entries-empty", Static).update(
            "" if shown else "No entries in this cell. Press n to add one."
        )

    def _now(self) -> datetime:
        store = self.session.store
        return store.server_now() if store is not None else datetime.now(UTC)

    def _running_here(self, snap: Snapshot, day: date) -> TimeEntry | None:
        """The running entry, when it is this row's and has run on ``day``: listed last, as
        the grid counts it in the cell."""
        running = snap.running
        if running is None or row_key(running) != self.key:
            return None
        seconds = running_by_day(running.fields(), (day,), snap.tz, self._now())
        return running if seconds[0] > 0 else None

    def _on_running(self) -> bool:
        return self.running is not None and self.query_one(DataTable).cursor_row == len(
            self.entries
        )

    def _current(self) -> TimeEntry | None:
        row = self.query_one(DataTable).cursor_row
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def on_data_table_row_selected(self) -> None:
        self.action_edit()  # the table takes Enter for itself; Enter still means "edit"

    def action_close(self) -> None:
        self.dismiss(None)

    def action_edit(self) -> None:
        if self._on_running():
            self._edit_running()
            return
        entry = self._current()
        snap = self.session.snapshot
        if entry is None or snap is None:
            return
        if entry.locked:
            self.notify("This entry is locked", severity="error")
            return
        form = EntryFormScreen(
            snap.days[self.day_index],
            snap.tz,
            title="Edit entry",
            description=entry.description,
            start=entry.start,
            end=entry.end,
            tag_names=tuple(snap.tag_names(entry.tag_ids)),
            billable=entry.billable,
        )

        def saved(draft: EntryDraft | None) -> None:
            if draft is not None:
                self.session.run_edit(lambda store: self._save(store, entry, draft))

        self.app.push_screen(form, saved)

    async def _save(self, store: Store, entry: TimeEntry | None, draft: EntryDraft) -> None:
        tag_ids = await store.ensure_tags(draft.tag_names)
        changes: dict[str, Any] = {
            "description": draft.description,
            "start": draft.start,
            "end": draft.end,
            "tag_ids": tag_ids,
            "billable": draft.billable,
        }
        if entry is None:
            fields = EntryFields(project_id=self.key[0], task_id=self.key[1], **changes)
            await store.create_entry(fields)
        else:
            await store.update_entry(entry, entry.replace(**changes))

    def action_new(self) -> None:
        snap = self.session.snapshot
        if snap is None:
            return
        project = snap.project(self.key[0])
        day = snap.days[self.day_index]
        store = self.session.store
        start, end = new_entry_span(
            day,
            snap.entries,
            snap.tz,
            workday_start=self.session.settings.workday_start,
            now=store.now() if store is not None else datetime.now(UTC),
        )
        form = EntryFormScreen(
            day,
            snap.tz,
            title="New entry",
            start=start,
            end=end,
            billable=project.billable if project else False,
        )

        def saved(draft: EntryDraft | None) -> None:
            if draft is not None:
                self.session.run_edit(lambda store: self._save(store, None, draft))

        self.app.push_screen(form, saved)

    def _edit_running(self) -> None:
        from tui.screens.timer_edit import RunningDraft, TimerEditScreen, save_running

        snap = self.session.snapshot
        if snap is None or snap.running is None:
            return

        def edited(draft: RunningDraft | None) -> None:
            if draft is not None:
                self.session.run_edit(lambda store: save_running(store, draft))

        self.app.push_screen(TimerEditScreen(snap, self._now()), edited)

    def action_delete(self) -> None:
        if self._on_running():
            self.notify("The timer is running: x stops it, Enter edits it", severity="warning")
            return
        entry = self._current()
        if entry is not None:
            self.session.run_edit(lambda store: store.delete_entry(entry))
