"""Edit one time entry: description, start–end, tags, billable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Label, Static

from tui.domain.clock_span import clock_text, read_span
from tui.screens.dialog import Dialog, dialog_error, dialog_title
from tui.widgets.tick_box import TickBox


@dataclass(frozen=True)
class EntryDraft:
    description: str
    start: datetime
    end: datetime
    tag_names: tuple[str, ...]
    billable: bool


class EntryFormScreen(Dialog[EntryDraft | None]):
    BINDINGS = [
        Binding("escape", "dismiss_none", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]
    KEYS = "enter or ctrl+s saves · esc cancels"

    def __init__(
        self,
        day: date,
        tz: ZoneInfo,
        *,
        title: str,
        description: str = "",
        start: datetime | None = None,
        end: datetime | None = None,
        tag_names: tuple[str, ...] = (),
        billable: bool = False,
    ) -> None:
        super().__init__()
        self._day, self._tz, self._title = day, tz, title
        self._values = (description, start, end, tag_names, billable)

    def compose(self) -> ComposeResult:
        description, start, end, tags, billable = self._values
        with self.frame("entry-form"):
            yield dialog_title(self._title)
            yield Label("Description")
            yield Input(description, id="entry-description")
            with Horizontal(classes="form-row"):
                with Vertical():
                    yield Label("Start")
                    yield Input(self._clock(start), placeholder="09:00", id="entry-start")
                with Vertical():
                    yield Label("End")
                    yield Input(self._clock(end), placeholder="10:30", id="entry-end")
            yield Label("Tags (comma separated; new names are created)")
            yield Input(", ".join(tags), id="entry-tags")
            yield TickBox("Billable", billable, id="entry-billable")
            yield dialog_error("entry-error")

    def _clock(self, instant: datetime | None) -> str:
        return clock_text(instant, self._day, self._tz) if instant else ""

    def _text(self, selector: str) -> str:
        return self.query_one(selector, Input).value

    def on_mount(self) -> None:
        self.query_one("#entry-description", Input).focus()

    @on(Input.Submitted)
    def action_save(self) -> None:
        try:
            start, end = read_span(
                self._day, self._text("#entry-start"), self._text("#entry-end"), self._tz
            )
        except ValueError as err:
            self.query_one("#entry-error", Static).update(str(err))
            return
        tags = tuple(t.strip() for t in self._text("#entry-tags").split(",") if t.strip())
        self.dismiss(
            EntryDraft(
                description=self._text("#entry-description").strip(),
                start=start,
                end=end,
                tag_names=tags,
                billable=self.query_one("#entry-billable", Checkbox).value,
            )
        )

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
