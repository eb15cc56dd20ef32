"""Textual's footer, rebuilt once for a burst of binding changes instead of once per change,
fitted to the terminal's width so that the keys that matter are the ones left, and, on a
dialog, showing the keys of the dialog opened over it."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.screen import ModalScreen, Screen
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
    _following: Screen[Any] | None = None
    """The dialog opened over this footer's dialog, whose keys it shows meanwhile."""

    def on_mount(self) -> None:
        self.app.screen_change_signal.subscribe(self, self._screen_changed)

    def on_unmount(self) -> None:
        self.app.screen_change_signal.unsubscribe(self)
        self._follow(None)

    def _followed(self) -> Screen[Any] | None:
        """A footer on a dialog stands for the dialogs: with a dialog of ours opened over it
        (a picker from a form, say) and no footer of its own, it shows that dialog's keys,
        which are the ones that work. A full screen's footer keeps its own keys, dimmed
        behind any dialog: they are the screen's, not the dialog's."""
        app, own = self.app, self.screen
        top = app.screen
        if top is own or not isinstance(own, ModalScreen) or own not in app.screen_stack:
            return None
        if not isinstance(top, ModalScreen) or not type(top).__module__.startswith("tui."):
            return None
        above = app.screen_stack[app.screen_stack.index(own) + 1 :]
        if any(screen.query(KeyFooter) for screen in above):
            return None  # a footer nearer the top speaks for it
        return top

    def _follow(self, screen: Screen[Any] | None) -> None:
        if screen is self._following:
            return
        if self._following is not None:
            self._following.bindings_updated_signal.unsubscribe(self)
        self._following = screen
        if screen is not None:
            screen.bindings_updated_signal.subscribe(self, self._followed_changed)

    def _screen_changed(self, _screen: Screen[Any]) -> None:
        followed = self._followed()
        if followed is not self._following:
            self._follow(followed)
            if self._bindings_ready:
                self.call_after_refresh(self.recompose)

    def _followed_changed(self, screen: Screen[Any]) -> None:
        if screen is self._following and not self._rebuild_queued:
            self._rebuild_queued = True
            self.call_after_refresh(self.recompose)

    def _keys_of(self, screen: Screen[Any]) -> list[Widget]:
        """The keys Footer.compose would make for ``screen``: one per action shown."""
        keys: list[Widget] = []
        seen: set[str] = set()
        active = screen.active_bindings
        for _, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                key = FooterKey(
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    disabled=not enabled,
                    tooltip=tooltip,
                )
                keys.append(key.data_bind(compact=Footer.compact))
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE and palette:
            binding = palette.binding
            keys.append(
                FooterKey(
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    classes=PALETTE,
                    disabled=not palette.enabled,
                    tooltip=binding.tooltip or binding.description,
                )
            )
        return keys

    def compose(self) -> ComposeResult:
        following = self._following
        if following is not None and self._bindings_ready:
            made: list[Widget] = self._keys_of(following)
        else:
            made = list(super().compose())
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
