"""Textual's footer, rebuilt once for a burst of binding changes instead of once per change."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's ``Footer`` queues a full recompose (every key a new widget, each restyled)
    for every bindings signal. At start-up a screen sends several in a row (resume, focus,
    the first snapshot, the timer appearing), and each rebuild cost as much as painting the
    grid. A rebuild already queued reads the bindings as they are when it runs, so further
    signals before it runs need nothing more."""

    _rebuild_queued = False

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
