"""A checkbox that reads ``[x]`` or ``[ ]``: Textual's own draws the same X for both states
and tells them apart by colour alone, which 16 colours (or none) cannot show."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class TickBox(Checkbox):
    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.assemble("[", ("x" if self.value else " ", style), "]")
