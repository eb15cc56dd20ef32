"""Every dialog looks one way: the same frame (border, padding, background), a title line,
and its keys in the frame's bottom edge; each is a Dialog, so none brings a frame of its own."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widget import Widget

import tui.screens
from tests.app.pilot_helpers import demo_app, settle
from tui.app import PunchcardApp
from tui.screens.dialog import Dialog

SIZE = (120, 36)


def test_every_modal_screen_of_punchcard_is_a_dialog() -> None:
    found = []
    for info in pkgutil.iter_modules(tui.screens.__path__):
        module = importlib.import_module(f"tui.screens.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, ModalScreen) and cls.__module__ == module.__name__:
                found.append(cls)
    assert len(found) >= 11  # the entry form, the confirmation, the prompts, the pickers…
    assert [cls.__name__ for cls in found if not issubclass(cls, Dialog)] == []


# (the keys that open it from the grid, a word of its title)
OPENED = {
    "entry form": (("e", "n"), "New entry"),
    "cell entries": (("e",), "Wednesday 18 November"),
    "confirm": (("d",), "Remove 6:00 in 3 entries of"),
    "row picker": (("a",), "Add a row"),
    "help": (("question_mark",), "Keys"),
    "export choice": (("E",), "Export"),
    "timer start": (("s",), "Start a timer"),
    "stop at": (("X",), "Stop the timer at"),
    "timer edit": (("space", "e"), "running entry"),
    "project form": (("p", "down", "n"), "New project"),
    "prompt": (("w", "n"), "New workspace"),
}


def frame_style(frame: Widget) -> tuple[object, ...]:
    styles = frame.styles
    return (styles.border_top, styles.border_bottom, styles.padding, styles.background)


async def open_dialog(pilot: Pilot[None], keys: tuple[str, ...]) -> Dialog[object]:
    await settle(pilot)
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, Dialog)
    return screen


@pytest.mark.parametrize("name", list(OPENED))
async def test_each_dialog_has_the_one_frame_title_and_keys(name: str) -> None:
    keys, title = OPENED[name]
    reference: tuple[object, ...]
    app: PunchcardApp = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await settle(pilot)
        frames = list(app.screen.query(".dialog"))
        reference = frame_style(frames[0])
        await pilot.press("escape")
        dialog = await open_dialog(pilot, keys)
        frames = list(dialog.query(".dialog"))
        assert len(frames) == 1
        assert frame_style(frames[0]) == reference
        assert frames[0].styles.border_top[0] == "round"
        heading = dialog.query_one(".dialog-title")
        assert title in str(heading.render())
        # Its keys are in the frame's edge, or (the cell's entries) in its own footer.
        assert frames[0].border_subtitle or dialog.query("KeyFooter")
