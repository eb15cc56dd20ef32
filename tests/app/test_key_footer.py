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


# ---------------------------------------------------------------- under a nested dialog


async def test_a_dialogs_footer_shows_the_keys_of_the_dialog_opened_over_it() -> None:
    from tests.app.pilot_helpers import demo_app, settle
    from tui.screens.cell_entries import CellEntriesScreen
    from tui.screens.entry_form import EntryFormScreen

    def shown(screen: Screen[None]) -> set[str]:
        """The keys the footer on ``screen`` shows."""
        footer = screen.query_one(KeyFooter)
        return {key.key for key in footer.query(FooterKey) if key.key != "ctrl+p"}

    app = demo_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("e")  # the cell's entries: a dialog with a footer
        await settle(pilot)
        entries = app.screen
        assert isinstance(entries, CellEntriesScreen)
        own = shown(entries)
        assert {"n", "escape"} <= own
        await pilot.press("n")  # a new entry: a dialog over that dialog, without a footer
        await settle(pilot)
        assert isinstance(app.screen, EntryFormScreen)
        assert shown(entries) == {"escape", "ctrl+s"}  # the form's Cancel and Save
        await pilot.press("escape")
        await settle(pilot)
        current: object = app.screen
        assert current is entries
        assert shown(entries) == own
