"""The timer in full: the running entry, a big ticking clock, and the last distinct entries
to continue with one key."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.domain.models import TimeEntry
from tui.domain.timer import same_work
from tui.domain.timesheet import row_key
from tui.screens.export_week import EXPORT_BINDINGS, ExportsWeek
from tui.screens.stop_at import ask_stop_time
from tui.screens.timer_start import ask_description
from tui.screens.under_modal import RepaintsUnderModal
from tui.session import Session
from tui.store import Store
from tui.store.snapshot import Snapshot
from tui.widgets.key_footer import KeyFooter
from tui.widgets.recent_list import RecentList
from tui.widgets.status_line import StatusLine
from tui.widgets.timer_bar import TimerView, timer_view
from tui.widgets.timer_clock import TimerClock

if TYPE_CHECKING:
    from tui.screens.timer_edit import RunningDraft
    from tui.store.row_choice import RowChoice

IDLE_HELP = "No timer running. s picks what to start; 1–9 and 0 continue a recent entry."


class TimerScreen(RepaintsUnderModal, ExportsWeek, Screen[None]):
    SHOWS_MESSAGES = True
    TITLE = "Timer"
    BINDINGS = [
        Binding("escape,space", "close", "Back", id="timer.back"),
        Binding("x", "stop", "Stop", id="timer.stop"),
        Binding(
            "X", "stop_at", "Stop at…", show=False, id="timer.stop-at", tooltip="Stop at a time"
        ),
        Binding("s", "pick", "Start / switch", id="timer.pick", tooltip="Start or switch to…"),
        Binding("e", "edit", "Edit", id="timer.edit", tooltip="Edit the running entry"),
        *(
            Binding(
                str(n % 10),
                f"continue({n})",
                f"Continue {n}",
                show=False,
                id=f"timer.continue-{n}",
            )
            for n in range(1, 11)
        ),
        *EXPORT_BINDINGS,
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.recent: list[TimeEntry] = []
        self._shown: tuple[TimerView | None, str] | None = None
        self._recent_for: object = ()

    def compose(self) -> ComposeResult:
        yield Static("Timer", id="timer-title", classes="manage-title")
        with Center():
            yield TimerClock(id="timer-clock")
        yield Static(id="timer-details")
        yield Static("Recent — 1–9, 0 or Enter continues", id="timer-recent-title")
        yield RecentList(id="timer-recent")
        yield StatusLine(id="timer-status", classes="manage-status", markup=False)
        yield KeyFooter()

    @property
    def store(self) -> Store | None:
        return self.session.store

    def on_mount(self) -> None:
        if self.store is not None:
            self.query_one(TimerClock).now = self.store.server_now
        self.watch(self.session, "snapshot", self._show, init=True)
        self.query_one(OptionList).focus()

    # ------------------------------------------------------------ painting

    def _show(self, snap: Snapshot | None) -> None:
        if snap is None:
            return
        view = timer_view(snap)
        workspace = snap.workspace.name if snap.workspace else ""
        if self._shown != (view, workspace):
            self._shown = (view, workspace)
            self.query_one(TimerClock).show(view.start if view else None)
            self.query_one("#timer-details", Static).update(self._details(view), layout=False)
            title = f"Timer · {workspace}" if workspace else "Timer"
            self.query_one("#timer-title", Static).update(title, layout=False)
            self.refresh_bindings()
        self.query_one(StatusLine).say(*self.session.said_on(self))
        running = snap.running
        signature = (workspace, running and running.fields().replace(start=running.start))
        if signature != self._recent_for:
            self._recent_for = signature
            self.run_worker(self._load_recent(), group="timer-recent", exclusive=True)

    def _details(self, view: TimerView | None) -> Text:
        if view is None:
            return Text(IDLE_HELP, style="dim", justify="center")
        text = Text(justify="center")
        text.append(view.description or "(no description)", style="bold")
        text.append(f"\n{view.path}")
        extras = []
        if view.tags:
            extras.append(f"[{', '.join(view.tags)}]")
        if view.billable:
            extras.append("billable")
        extras.append(f"since {view.since}")
        text.append("\n" + "  ·  ".join(extras), style="dim")
        return text

    async def _load_recent(self) -> None:
        store = self.store
        if store is None:
            return
        try:
            recent = await store.recent_entries()
        except Exception as err:  # a backend error: say it here, keep the old list
            store.say(f"Can't load recent entries: {err}", "error")
            return
        self.recent = recent
        snap = self.session.snapshot
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for number, entry in enumerate(recent, start=1):
            options.add_option(Option(self._recent_line(number, entry, snap), id=f"r{number}"))
        if recent:
            options.highlighted = min(highlighted or 0, len(recent) - 1)

    @staticmethod
    def _recent_line(number: int, entry: TimeEntry, snap: Snapshot | None) -> Text:
        line = Text()
        line.append(f"{number % 10}  ", style="bold")
        label = snap.catalog.label(row_key(entry)) if snap else ""
        line.append(entry.description or "(no description)")
        line.append(f" · {label}", style="dim")
        if snap is not None and entry.tag_ids:
            line.append(f" [{', '.join(snap.tag_names(entry.tag_ids))}]", style="dim")
        if entry.billable:
            line.append(" $", style="dim")
        return line

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        snap = self.session.snapshot
        if action in ("stop", "stop_at", "edit"):
            return None if snap is None or snap.running is None else True
        return True

    # ------------------------------------------------------------ actions

    def action_close(self) -> None:
        self.dismiss(None)

    def action_stop(self) -> None:
        self.session.run_edit(lambda store: store.stop_timer())

    def action_stop_at(self) -> None:
        snap = self.session.snapshot
        if snap is not None and self.store is not None:
            ask_stop_time(self, self.session, snap, self.store)

    def action_continue(self, number: int) -> None:
        if not 1 <= number <= len(self.recent):
            self.session.say(f"No recent entry {number % 10}", "warning")
            return
        entry = self.recent[number - 1]
        snap = self.session.snapshot
        if snap is not None and snap.running is not None and same_work(snap.running, entry):
            return  # already running: continuing it would change nothing
        self.session.run_edit(lambda store: store.continue_entry(entry.fields()))

    @on(OptionList.OptionSelected, "#timer-recent")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_continue(event.option_index + 1)

    def action_pick(self) -> None:
        from tui.screens.row_picker import RowPickerScreen

        def picked(choice: RowChoice | None) -> None:
            snap = self.session.snapshot
            if choice is not None and snap is not None and self.store is not None:
                ask_description(self, self.session, snap, self.store, choice)

        self.app.push_screen(RowPickerScreen(self.session, "Start a timer"), picked)

    def action_edit(self) -> None:
        from tui.screens.timer_edit import TimerEditScreen, save_running

        snap = self.session.snapshot
        if snap is None or snap.running is None or self.store is None:
            return

        def edited(draft: RunningDraft | None) -> None:
            if draft is not None:
                self.session.run_edit(lambda store: save_running(store, draft))

        self.app.push_screen(TimerEditScreen(snap, self.store.server_now()), edited)
