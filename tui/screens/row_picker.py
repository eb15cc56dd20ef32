"""Fuzzy picker over client › project › task, which can also create what is missing.

Every option shows its full path, so twins are told apart; only Enter on a highlighted
option picks, so nothing ambiguous is ever chosen silently.
"""

from __future__ import annotations

import re

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.fuzzy import Matcher
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.session import Session
from tui.store.row_choice import RowChoice
from tui.store.snapshot import Snapshot

SEPARATORS = re.compile(r"\s*(?:›|>|/)\s*")
MAX_SHOWN = 200


class RowPickerScreen(ModalScreen[RowChoice | None]):
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
        with Vertical(id="picker"):
            yield Static(
                f"[b]{self._title}[/]   [dim]type to filter · Enter picks · "
                "client › project › task creates[/]",
                id="picker-title",
            )
            yield Input(placeholder="client › project › task", id="picker-input")
            yield OptionList(id="picker-options")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    @property
    def _snap(self) -> Snapshot | None:
        return self._session.snapshot

    def _candidates(self) -> list[tuple[str, RowChoice]]:
        snap = self._snap
        if snap is None:
            return []
        out: list[tuple[str, RowChoice]] = []
        catalog = snap.catalog
        for project in snap.projects:
            if project.archived:
                continue
            out.append((catalog.label((project.id, None)), RowChoice(key=(project.id, None))))
        for task in snap.tasks:
            owner = catalog.projects.get(task.project_id)
            if task.done or owner is None or owner.archived:
                continue
            key = (task.project_id, task.id)
            out.append((catalog.label(key), RowChoice(key=key)))
        out.sort(key=lambda item: item[0].casefold())
        out.append(("(no project)", RowChoice(key=(None, None))))
        return out

    def _creations(self, query: str) -> list[tuple[str, RowChoice]]:
        snap = self._snap
        parts = [p for p in SEPARATORS.split(query.strip()) if p]
        if snap is None or not parts or len(parts) > 3:
            return []
        labels = {label.casefold() for label, _ in self._candidates()}
        if " › ".join(parts).casefold() in labels:
            return []
        active = [p for p in snap.projects if not p.archived]
        out: list[tuple[str, RowChoice]] = []
        if len(parts) == 1:
            out.append((f"+ New project “{parts[0]}”", RowChoice(project=parts[0])))
        elif len(parts) == 2:
            first, second = parts
            for project in active:
                if project.name.casefold() == first.casefold():
                    label = snap.catalog.label((project.id, None))
                    out.append(
                        (
                            f"+ New task “{second}” in {label}",
                            RowChoice(project_id=project.id, task=second),
                        )
                    )
            out.append(
                (
                    f"+ New project “{second}” for client “{first}”",
                    RowChoice(client=first, project=second),
                )
            )
        else:
            client, name, task = parts
            for project in active:
                label = snap.catalog.label((project.id, None))
                if label.casefold() == f"{client} › {name}".casefold():
                    out.append(
                        (
                            f"+ New task “{task}” in {label}",
                            RowChoice(project_id=project.id, task=task),
                        )
                    )
                    break
            else:
                out.append(
                    (
                        f"+ New “{client} › {name} › {task}”",
                        RowChoice(client=client, project=name, task=task),
                    )
                )
        return out

    def _fill(self, query: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        self._choices = {}
        candidates = self._candidates()
        if query.strip():
            matcher = Matcher(query.strip())
            scored = [(matcher.match(label), label, choice) for label, choice in candidates]
            ranked = sorted((s for s in scored if s[0] > 0), key=lambda s: -s[0])
            shown: list[tuple[str | Content, str, RowChoice]] = [
                (matcher.highlight(label), label, choice) for _, label, choice in ranked
            ]
        else:
            shown = [(label, label, choice) for label, choice in candidates]
        made: list[Option] = []
        for n, (prompt, _, choice) in enumerate(shown[:MAX_SHOWN]):
            self._choices[f"o{n}"] = choice
            made.append(Option(prompt, id=f"o{n}"))
        for n, (label, choice) in enumerate(self._creations(query)):
            self._choices[f"c{n}"] = choice
            made.append(Option(label, id=f"c{n}"))
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
            self.notify(
                "Nothing matches; type client › project › task to create it", severity="warning"
            )
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
