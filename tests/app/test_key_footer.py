"""The footer rebuilds once for a burst of binding changes, and shows the last of them."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static
from textual.widgets._footer import FooterKey  # not exported, but the keys the footer shows

from tui.widgets.key_footer import KeyFooter


class CountingFooter(KeyFooter):
    rebuilds = 0

    async def recompose(self) -> None:
        type(self).rebuilds += 1
        await super().recompose()


class KeysScreen(Screen[None]):
    BINDINGS = [Binding("x", "stop", "Stop"), Binding("u", "undo", "Undo")]
    can_stop = True

    def compose(self) -> ComposeResult:
        yield Static("body")
        yield CountingFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "stop":
            return True if self.can_stop else None
        return True

    def action_stop(self) -> None:
        pass

    def action_undo(self) -> None:
        pass


class KeysApp(App[None]):
    def on_mount(self) -> None:
        self.push_screen(KeysScreen())


def footer_keys(app: App[None]) -> dict[str, bool]:
    """Each key the footer shows, and whether it is enabled."""
    keys = app.screen.query(FooterKey).results()
    return {key.key: not key.has_class("-disabled") for key in keys if key.key != "ctrl+p"}


async def test_a_burst_of_binding_changes_rebuilds_once_and_shows_the_last() -> None:
    app = KeysApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, KeysScreen)
        assert footer_keys(app) == {"x": True, "u": True}
        CountingFooter.rebuilds = 0

        for can_stop in (False, True, False):  # three changes before the next refresh
            screen.can_stop = can_stop
            screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()

        assert CountingFooter.rebuilds == 1
        assert footer_keys(app) == {"x": False, "u": True}

        screen.can_stop = True  # a later change still gets its own rebuild
        screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert CountingFooter.rebuilds == 2
        assert footer_keys(app) == {"x": True, "u": True}
