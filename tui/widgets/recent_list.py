"""The timer screen's recent entries: Enter continues the highlighted one."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import OptionList


class RecentList(OptionList):
    # OptionList's own Enter does the work; declared again here so that `?` and the palette,
    # which list only punchcard's keys, say what it does on this screen.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "select",
            "Continue",
            show=False,
            tooltip="Continue the highlighted entry (a new timer like it)",
        ),
    ]
