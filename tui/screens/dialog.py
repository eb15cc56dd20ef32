"""The one look of every dialog: a frame (``.dialog``), a title line (``.dialog-title``), an
error line right under what is typed (``.dialog-error``) and the dialog's keys in the
frame's bottom edge, its row of buttons. styles/dialogs.tcss holds the style.

Every ModalScreen of tui/screens is a :class:`Dialog` (a test holds it so): a dialog's own
CSS sets only what is its own (a picker's height, a table's width), never a second frame.
"""

from __future__ import annotations

from typing import TypeVar

from rich.text import Text
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT]):
    KEYS = ""
    """What the dialog's keys do, shown in its frame's bottom edge (``enter saves · …``)."""

    def frame(self, id: str, *, keys: str | None = None, scrolls: bool = False) -> Widget:
        """The dialog's frame, to compose its content in (``with self.frame(...):``);
        ``scrolls`` for content that may be taller than the terminal (a list of keys)."""
        frame: Widget = (VerticalScroll if scrolls else Vertical)(id=id, classes="dialog")
        # Text, not markup: a key such as "[" must never be read as a tag.
        frame.border_subtitle = Text(self.KEYS if keys is None else keys)
        return frame


def dialog_title(text: str, *, id: str | None = None, markup: bool = False) -> Static:
    return Static(text, id=id, classes="dialog-title", markup=markup)


def dialog_error(id: str) -> Static:
    """Empty until something is refused; put right under the field the user types in."""
    return Static("", id=id, classes="dialog-error", markup=False)
