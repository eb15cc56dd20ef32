"""Edit one time entry: description, start–end, tags, billable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Static

from tui.domain.weeks import at_local_time


@dataclass(frozen=True)
class EntryDraft:
    description: str
    start: datetime
    end: datetime
    tag_names: tuple[str, ...]
    billable: bool


def _parse_clock(text: str) -> time:
    text = text.strip()
    try:
        if ":" not in text and text.isdigit() and len(text) <= 2:
            return time(int(text))
        return time.fromisoformat(text if len(text) > 4 else text.zfill(5))
    except ValueError as err:
        raise ValueError(f"Can't read {text!r} as a time; use HH:MM, e.g. 09:15") from err


def read_span(day: date, start_text: str, end_text: str, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """Start and end on ``day``; an end before the start is on the next day."""
    start = at_local_time(day, _parse_clock(start_text), tz)
    end = at_local_time(day, _parse_clock(end_text), tz)
    if end <= start:
        end = at_local_time(day + timedelta(days=1), _parse_clock(end_text), tz)
    if end - start > timedelta(hours=24):
        raise ValueError("An entry cannot be longer than 24 hours")
    return start, end


class EntryFormScreen(ModalScreen[EntryDraft | None]):
    BINDINGS = [
        Binding("escape", "dismiss_none", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

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
        with Vertical(id="entry-form", classes="dialog"):
            yield Static(f"[b]{self._title}[/]   [dim]Enter or ctrl+s saves · Esc cancels[/]")
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
            yield Checkbox("Billable", billable, id="entry-billable")
            yield Static(id="entry-error", classes="form-error")

    def _clock(self, instant: datetime | None) -> str:
        return instant.astimezone(self._tz).strftime("%H:%M") if instant else ""

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
