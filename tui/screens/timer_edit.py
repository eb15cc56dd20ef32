"""Edit the running entry: description, client › project › task, tags, billable, start."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Checkbox, Input, Label, Static

from tui.domain.names import Named, NameMatchError, match_name
from tui.domain.timesheet import RowKey, row_key
from tui.domain.when import WhenError, parse_when
from tui.screens.dialog import Dialog, dialog_error, dialog_title
from tui.store import Store
from tui.store.snapshot import Snapshot
from tui.widgets.tick_box import TickBox


@dataclass(frozen=True)
class RunningDraft:
    description: str
    key: RowKey
    tag_names: tuple[str, ...]
    billable: bool
    start: datetime


def row_choices(snap: Snapshot) -> list[Named[RowKey]]:
    """Every live project and task as a path, for matching what is typed."""
    catalog = snap.catalog
    live = {p.id for p in snap.projects if not p.archived}
    keys: list[RowKey] = [(p, None) for p in live]
    keys += [(t.project_id, t.id) for t in snap.tasks if not t.done and t.project_id in live]
    return [Named(tuple(n for n in catalog.names(key) if n), key) for key in keys]


class TimerEditScreen(Dialog[RunningDraft | None]):
    BINDINGS = [
        Binding("escape", "dismiss_none", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]
    KEYS = "enter or ctrl+s saves · esc cancels"

    def __init__(self, snap: Snapshot, now: datetime) -> None:
        super().__init__()
        assert snap.running is not None
        self._snap, self._now = snap, now
        self._entry = snap.running

    def compose(self) -> ComposeResult:
        snap, running = self._snap, self._entry
        label = snap.catalog.label(row_key(running)) if running.project_id else ""
        start = running.start.astimezone(snap.tz)
        start_text = f"{start:%H:%M}" if start.date() == snap.today else f"{start:%Y-%m-%d %H:%M}"
        with self.frame("timer-edit"):
            yield dialog_title("The running entry")
            yield Label("Description")
            yield Input(running.description, id="timer-description")
            yield Label("Client › project › task (any part, fuzzy; empty: no project)")
            yield Input(label, id="timer-project")
            yield Label("Tags (comma separated; new names are created)")
            yield Input(", ".join(snap.tag_names(running.tag_ids)), id="timer-tags")
            yield Label("Started (9:15, -20m, 20m ago, yesterday 17:00)")
            yield Input(start_text, id="timer-start")
            yield TickBox("Billable", running.billable, id="timer-billable")
            yield dialog_error("timer-error")

    def on_mount(self) -> None:
        self.query_one("#timer-description", Input).focus()

    def _text(self, selector: str) -> str:
        return self.query_one(selector, Input).value.strip()

    def _error(self, message: str) -> None:
        self.query_one("#timer-error", Static).update(message)

    @on(Input.Submitted)
    def action_save(self) -> None:
        snap = self._snap
        project = self._text("#timer-project")
        try:
            key: RowKey = (None, None)
            if project:
                key = match_name(project, row_choices(snap), "project or task")
        except NameMatchError as err:
            self._error(str(err))
            return
        try:
            start = parse_when(self._text("#timer-start"), self._now, snap.tz)
        except WhenError as err:
            self._error(str(err))
            return
        if start > self._now:
            self._error("The start is in the future; a running entry starts by now")
            return
        tags = tuple(t.strip() for t in self._text("#timer-tags").split(",") if t.strip())
        self.dismiss(
            RunningDraft(
                description=self._text("#timer-description"),
                key=key,
                tag_names=tags,
                billable=self.query_one("#timer-billable", Checkbox).value,
                start=start,
            )
        )

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


async def save_running(store: Store, draft: RunningDraft) -> None:
    """What the running-entry dialog gave, saved (from the timer screen and a cell's
    entries)."""
    tag_ids = await store.ensure_tags(draft.tag_names)
    await store.edit_running(
        description=draft.description,
        project_id=draft.key[0],
        task_id=draft.key[1],
        tag_ids=tag_ids,
        billable=draft.billable,
        start=draft.start,
    )
