"""The row picker typed into in bursts, as a terminal delivers keys: paths with `>`, `/` and
`›`, an existing name that holds a separator, and a typo next to "+ New"."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import OptionList

from tests.app.burst_helpers import burst, handled, keys_of, seconds_of, stored_grid, typed
from tests.app.pilot_helpers import from_monday, settle
from tui.app import PunchcardApp
from tui.backends.local.backend import LocalBackend
from tui.screens.row_picker import RowPickerScreen
from tui.screens.timesheet import TimesheetScreen

SIZE = (120, 36)
H = 3600


async def catalog(path: Path) -> None:
    backend = LocalBackend(path)
    ws = (await backend.list_workspaces())[0].id
    acme = await backend.create_client(ws, "Acme")
    globex = await backend.create_client(ws, "Globex")
    ci = await backend.create_client(ws, "CI")
    await backend.create_project(ws, "Website", acme.id)
    await backend.create_project(ws, "CI/CD", acme.id)
    await backend.create_project(ws, "CD", ci.id)
    await backend.create_project(ws, "Support", globex.id)
    await backend.aclose()


def shown(app: PunchcardApp) -> list[str]:
    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_a_path_typed_with_each_separator_picks_the_row(
    make_app: Callable[[], PunchcardApp], store_path: Path
) -> None:
    await catalog(store_path)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await from_monday(pilot)
        for n, path in enumerate(["acme > web", "Globex/Supp", "ci › cd"]):
            burst(app, *keys_of("a", typed(path), "enter", str(n + 1), "enter"))
            await handled(pilot)
            assert isinstance(app.screen, TimesheetScreen)
    grid = await stored_grid(store_path)
    assert seconds_of(grid, "Acme › Website")[0] == 1 * H
    assert seconds_of(grid, "Globex › Support")[0] == 2 * H
    assert seconds_of(grid, "CI › CD")[0] == 3 * H


async def test_an_existing_name_with_a_slash_comes_first_and_nothing_splits_it(
    make_app: Callable[[], PunchcardApp], store_path: Path
) -> None:
    await catalog(store_path)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await from_monday(pilot)
        burst(app, *keys_of("a", typed("CI/CD")))
        await handled(pilot)
        assert isinstance(app.screen, RowPickerScreen)
        lines = shown(app)
        assert lines[0] == "Acme › CI/CD"
        assert not any(line.startswith("+ New") for line in lines)
        burst(app, "enter", "4", "enter")
        await handled(pilot)
    grid = await stored_grid(store_path)
    assert seconds_of(grid, "Acme › CI/CD")[0] == 4 * H
    assert [row.label for row in grid.rows] == ["Acme › CI/CD"]


async def test_a_typo_offers_the_close_name_above_new_and_a_new_name_is_created(
    make_app: Callable[[], PunchcardApp], store_path: Path
) -> None:
    await catalog(store_path)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await from_monday(pilot)
        burst(app, *keys_of("a", typed("Globex > Supprot")))
        await handled(pilot)
        lines = shown(app)
        assert lines[:2] == ["Globex › Support", "+ New project “Supprot” for client “Globex”"]
        # Typed on in the same read: the list follows the last key, and Enter takes the
        # close name.
        burst(app, "backspace", "t", "enter", "2", "enter")
        await handled(pilot)
        # Letters of an existing name in order only: Enter creates what was typed.
        burst(app, *keys_of("a", typed("wst"), "enter", "5", "enter"))
        await handled(pilot)
    grid = await stored_grid(store_path)
    assert seconds_of(grid, "Globex › Support")[0] == 2 * H
    assert seconds_of(grid, "wst")[0] == 5 * H
