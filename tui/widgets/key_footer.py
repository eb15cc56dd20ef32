"""Textual's footer, rebuilt once for a burst of binding changes instead of once per change,
and fitted to the terminal's width so that the keys that matter are the ones left."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# Moving between weeks is the first thing a narrow footer leaves out: [ and ] are listed
# by ? and the palette, and arrows need no telling.
MOVES = frozenset({"shift_week(-1)", "shift_week(1)", "this_week"})
KEPT = frozenset({"help"})
"""Never left out: ? is how every other key is found."""
PALETTE = "-command-palette"


def _width(key: FooterKey) -> int:
    """Cells the key takes in the footer's (non-compact) style: " k " + "description "."""
    if key.has_class(PALETTE):
        return len(key.key_display) + len(key.description) + 5  # its padding and border
    return len(key.key_display) + 2 + (len(key.description) + 1 if key.description else 0)


def fitted(keys: list[FooterKey], width: int) -> list[FooterKey]:
    """``keys`` without the least needed ones until they fit in ``width``: first the week
    moves, then the palette's key, then quitting, then the screen's own keys from the
    right; ? stays."""
    shown = list(keys)

    def used() -> int:
        return sum(_width(key) for key in shown)

    def drop(wanted: list[FooterKey]) -> None:
        for key in wanted:
            if used() <= width:
                return
            shown.remove(key)

    moves = [k for k in shown if k.action in MOVES]
    if used() > width:  # all of them: [ without ] would make no sense
        shown = [k for k in shown if k not in moves]
    drop([k for k in shown if k.has_class(PALETTE)])
    drop([k for k in shown if k.action == "quit"])
    drop([k for k in reversed(shown) if k.action not in KEPT])
    return shown


class KeyFooter(Footer):
    """Textual's ``Footer`` queues a full recompose (every key a new widget, each restyled)
    for every bindings signal. At start-up a screen sends several in a row (resume, focus,
    the first snapshot, the timer appearing), and each rebuild cost as much as painting the
    grid. A rebuild already queued reads the bindings as they are when it runs, so further
    signals before it runs need nothing more."""

    _rebuild_queued = False
    _fitted_to = 0

    def compose(self) -> ComposeResult:
        made: list[Widget] = list(super().compose())
        keys = [widget for widget in made if isinstance(widget, FooterKey)]
        width = self.size.width or self.screen.size.width  # before its first layout: the screen
        self._fitted_to = width
        kept = set(map(id, fitted(keys, width)))
        yield from (w for w in made if not isinstance(w, FooterKey) or id(w) in kept)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._fitted_to and self._bindings_ready:
            self.call_after_refresh(self.recompose)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self._rebuild_queued:
            return
        super().bindings_changed(screen)
        # The conditions under which Footer.bindings_changed queues its recompose.
        self._rebuild_queued = bool(
            screen.app.app_focus and self.is_attached and screen is self.screen
        )

    async def recompose(self) -> None:
        self._rebuild_queued = False
        await super().recompose()
