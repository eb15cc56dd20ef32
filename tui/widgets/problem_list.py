"""The week's problems, one per line: what kind, which day, what is wrong. Enter on one asks
the screen to jump to the cell or entry that fixes it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.domain.review_problems import Problem

NO_PROBLEMS = "Nothing to fix: no problems found in this week."


class ProblemList(OptionList):
    # OptionList's own Enter chooses; declared again here so that `?` and the palette, which
    # list only punchcard's keys, say what it does.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "select",
            "Fix",
            show=False,
            tooltip="Go to the cell or entry that fixes the highlighted problem",
        ),
    ]

    class Chosen(Message):
        def __init__(self, problem: Problem) -> None:
            super().__init__()
            self.problem = problem

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.problems: tuple[Problem, ...] = ()

    def show(self, problems: Sequence[Problem]) -> None:
        problems = tuple(problems)
        if problems == self.problems and self.option_count:
            return
        keep = self.highlighted
        self.problems = problems
        if not problems:
            self.set_options([Option(Text(NO_PROBLEMS, style="dim"), disabled=True)])
            return
        self.set_options(
            Option(Text.assemble((f"{p.day:%a %d}", "bold"), "  ", p.message)) for p in problems
        )
        self.highlighted = min(keep or 0, len(problems) - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.problems):
            self.post_message(self.Chosen(self.problems[event.option_index]))
