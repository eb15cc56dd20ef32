"""A screen that keeps repainting what changes while a dialog is open on top of it.

A modal screen is drawn over the screen below it, which shows through (dimmed), so the timer
bar and the running cell must go on ticking there. Textual (8.2) does repaint a screen below
a modal, but expensively: when that screen's widgets change, it marks the regions dirty on the
top screen *and* on itself again, "for later". The screen below starts with its whole area
dirty (``push_screen`` refreshes it), so from then on every change below — one second of the
timer bar — is answered with the whole region again, a full repaint of the terminal (about
15 kB a second at 120×40 over SSH).

:class:`RepaintsUnderModal` hands the top screen only what changed and keeps nothing for
later: nothing needs keeping, as a screen is repainted whole when it comes back on top
(``Screen._on_screen_resume``). A tick below a dialog then costs what it costs on top.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.screen import Screen

    _ScreenBase = Screen[Any]
else:
    _ScreenBase = object


class RepaintsUnderModal(_ScreenBase):
    """Mix into a :class:`~textual.screen.Screen` (before it in the bases)."""

    def _compositor_refresh(self) -> None:
        app = self.app
        if app.is_inline or self is app.screen or not self.is_current:
            super()._compositor_refresh()
            return
        # Below the top screen, and visible through it: the regions that changed, once.
        compositor = self._compositor
        if compositor._dirty_regions:
            regions = tuple(compositor._dirty_regions)
            compositor._dirty_regions.clear()
            self._dirty_widgets.clear()
            app.screen.refresh(*regions)
        app._update_mouse_over(self)  # as Textual does after every refresh
