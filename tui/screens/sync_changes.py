"""Changes waiting for the service: how many wait and why, and every change the service
refused, with its reason and, for a conflict, both versions. From here the user sends what
waits now (``s``), sends a refused change again (``r``), forgets it (``d``), or settles a
conflict (``m`` keeps mine, ``t`` takes the service's). The same as ``punch sync``."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.domain.change_text import version_text
from tui.domain.safe_text import safe_line
from tui.session import Session
from tui.store.journal_intents import FailedChange, Keep
from tui.store.snapshot import Snapshot
from tui.widgets.key_footer import KeyFooter
from tui.widgets.timer_bar import sync_note


class SyncChangesScreen(Screen[None]):
    SHOWS_MESSAGES = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="sync.back"),
        Binding("s", "send", "Send now", id="sync.send", tooltip="Send the waiting changes now"),
        Binding("r", "retry", "Retry", id="sync.retry", tooltip="Send the refused change again"),
        Binding("d", "discard", "Discard", id="sync.discard", tooltip="Forget the refused change"),
        Binding("m", "keep('mine')", "Keep mine", id="sync.mine", tooltip="Send my version"),
        Binding(
            "t", "keep('theirs')", "Take theirs", id="sync.theirs", tooltip="Keep the service's"
        ),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield Static("Changes for the service", id="sync-title", classes="manage-title")
        yield Static("", id="sync-summary", classes="manage-status", markup=False)
        yield OptionList(id="sync-list")
        yield Static("", id="sync-status", classes="manage-status", markup=False)
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.watch(self.session, "snapshot", self._show, init=True)
        self.query_one(OptionList).focus()

    def _show(self, snapshot: Snapshot | None) -> None:
        listing = self.query_one("#sync-list", OptionList)
        if snapshot is None:
            listing.clear_options()
            return
        kept = self._highlighted()
        listing.clear_options()
        listing.add_options(
            Option(self._label(change, snapshot), id=change.change_id) for change in snapshot.failed
        )
        ids = [change.change_id for change in snapshot.failed]
        if kept is not None and kept.change_id in ids:
            listing.highlighted = ids.index(kept.change_id)
        elif ids:
            listing.highlighted = 0
        self.query_one("#sync-summary", Static).update(self._summary(snapshot))
        status = self.query_one("#sync-status", Static)
        message, severity = self.session.said_on(self)
        status.set_classes(f"manage-status {severity}")
        status.update(message)
        self.refresh_bindings()

    def _summary(self, snapshot: Snapshot) -> str:
        store = self.session.store
        if store is None or not store.journal.journaled:
            return "This store saves every change at once: nothing waits, nothing is refused."
        note = sync_note(snapshot)
        if not note:
            return "Every change is on the service."
        if not snapshot.failed:
            return f"{note}. Nothing was refused; s sends what waits now."
        return f"{note}. Below: what the service refused, and why."

    @staticmethod
    def _label(change: FailedChange, snapshot: Snapshot) -> Text:
        text = Text.assemble((_title(change, snapshot), "bold"), "\n  ", safe_line(change.reason))
        if change.conflict:
            text.append("\n  mine:   " + version_text(change.mine, snapshot.tz))
            text.append("\n  theirs: " + version_text(change.theirs, snapshot.tz), "dim")
        return text

    def _highlighted(self) -> FailedChange | None:
        listing = self.query_one("#sync-list", OptionList)
        snapshot = self.session.snapshot
        index = listing.highlighted
        if snapshot is None or index is None or index >= listing.option_count:
            return None
        change_id = listing.get_option_at_index(index).id
        return next((f for f in snapshot.failed if f.change_id == change_id), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("retry", "discard"):
            return True if self._highlighted() is not None else None
        if action == "keep":
            change = self._highlighted()
            return True if change is not None and change.conflict else None
        return True

    # ------------------------------------------------------------ actions

    def action_send(self) -> None:
        self.session.run_edit(lambda store: store.journal.send_now())

    def action_retry(self) -> None:
        if (change := self._highlighted()) is not None:
            self.session.run_edit(lambda store: store.journal.retry(change))

    def action_discard(self) -> None:
        if (change := self._highlighted()) is not None:
            self.session.run_edit(lambda store: store.journal.discard(change))

    def action_keep(self, keep: Keep) -> None:
        change = self._highlighted()
        if change is not None and change.conflict:
            self.session.run_edit(lambda store: store.journal.keep(change, keep))

    def action_back(self) -> None:
        self.dismiss()


def _title(change: FailedChange, snapshot: Snapshot) -> str:
    """What the change was, in the user's zone, with the row it belongs to: "New entry ·
    Internal · Wed 18 Nov 09:00–12:00 (3:00) (no description)"."""
    shown = change.mine or change.before
    if shown is None:
        return safe_line(change.label)
    kind = (
        "New entry"
        if change.before is None
        else "Deleted entry"
        if change.mine is None
        else "Changed entry"
    )
    row = snapshot.catalog.label((shown.project_id, shown.task_id))
    where = f" · {safe_line(row)}" if row else ""
    return f"{kind}{where} · {version_text(shown, snapshot.tz)}"
