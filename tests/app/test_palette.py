"""ctrl+p: punchcard's own commands first, Textual's system commands after them, and each
command once (Quit was offered by both)."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from tests.app.pilot_helpers import demo_app, settle, type_text
from tui.app import PunchcardApp

SIZE = (120, 36)


async def listed(pilot: Pilot[None], query: str = "") -> list[str]:
    """The palette's commands, top to bottom (their first line: the name)."""
    await pilot.press("ctrl+p")
    await settle(pilot)
    if query:
        await type_text(pilot, query)
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    await palette.workers.wait_for_complete()
    await pilot.pause()
    options = palette.query_one(CommandList)
    names = []
    for n in range(options.option_count):
        prompt = options.get_option_at_index(n).prompt
        names.append(str(prompt).splitlines()[0])
    return names


async def test_the_palette_lists_our_commands_first_and_quit_once() -> None:
    app: PunchcardApp = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        names = await listed(pilot)
        assert names.count("Quit") == 1
        assert names.count("Keys") == 1
        # Ours: the grid's keys, then Textual's own (Theme, Screenshot) after every one.
        assert names[0] == "Add row"  # the screen's own first, not the table's cursor moves
        assert names.index("Add row") < names.index("Quit") < names.index("Up")
        assert names.index("Up") < names.index("Theme")
        first_system = min(names.index("Theme"), names.index("Screenshot"))
        assert {"Add row", "Entries", "Undo", "Quit", "Keys"} <= set(names[:first_system])


async def test_a_search_finds_quit_once() -> None:
    app: PunchcardApp = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        names = await listed(pilot, "quit")
        assert names.count("Quit") == 1


async def test_keys_from_the_palette_opens_our_list_of_keys() -> None:
    from tui.screens.help import HelpScreen

    app: PunchcardApp = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "keys")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
