"""Fuzzy picker over client › project › task, which can also create what is missing.

Every option shows its full path, so twins are told apart; only Enter on a highlighted
option picks, so nothing ambiguous is ever chosen silently.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.fuzzy import Matcher
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from tui.domain.terms import Terms
from tui.screens.dialog import Dialog, dialog_title
from tui.session import Session
from tui.store.row_choice import RowChoice, row_options
from tui.store.snapshot import Snapshot

MAX_SHOWN = 200


class RowPickerScreen(Dialog[RowChoice | None]):
    BINDINGS = [
        Binding("escape", "dismiss_none", "Cancel"),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("pagedown", "move(10)", "Page down", show=False),
        Binding("pageup", "move(-10)", "Page up", show=False),
    ]

    def __init__(self, session: Session, title: str = "Add a row") -> None:
        super().__init__()
        self._session = session
        self._title = title
        self._choices: dict[str, RowChoice] = {}

    def compose(self) -> ComposeResult:
        path = self._path()
        with self.frame("picker", keys=f"type to filter · enter picks · {path} creates · esc"):
            yield dialog_title(self._terms.say(self._title), id="picker-title")
            yield Input(placeholder=path, id="picker-input")
            yield OptionList(id="picker-options")

    @property
    def _terms(self) -> Terms:
        snap = self._session.snapshot
        return snap.terms if snap is not None else Terms()

    def _path(self) -> str:
        """``client › project › task`` in the workspace's words, as a sentence has them."""
        return self._terms.say("client › project › task")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    @property
    def _snap(self) -> Snapshot | None:
        return self._session.snapshot

    def _fill(self, query: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        self._choices = {}
        snap = self._snap
        if snap is None:
            return
        # The order is the store's (row_options); the matcher only marks the typed letters.
        matcher = Matcher(query.strip()) if query.strip() else None
        made: list[Option] = []
        for n, option in enumerate(row_options(snap, query, MAX_SHOWN)):
            self._choices[f"o{n}"] = option.choice
            prompt: str | Content = option.label
            if matcher is not None and not option.new:
                prompt = matcher.highlight(option.label)
            made.append(Option(prompt, id=f"o{n}"))
        options.add_options(made)
        if made:
            options.highlighted = 0

    @on(Input.Changed)
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted)
    def _submit(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            self.notify(f"Nothing matches; type {self._path()} to create it", severity="warning")
            return
        option = options.get_option_at_index(options.highlighted)
        if option.id is not None:
            self.dismiss(self._choices[option.id])

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(self._choices[event.option.id])

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count == 0:
            return
        current = options.highlighted if options.highlighted is not None else 0
        options.highlighted = max(0, min(options.option_count - 1, current + step))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
