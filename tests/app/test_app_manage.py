"""Workspaces, clients, projects and tasks managed from the keyboard, over a real SQLite store.

Each test checks both what the store now holds (``app.snapshot``) and what the screen shows.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable, Input, OptionList, Select, Static, Switch

from tests.app.pilot_helpers import loaded, settle, type_text
from tui.app import PunchcardApp
from tui.domain.models import Project
from tui.screens.confirm import ConfirmScreen
from tui.screens.project_form import ProjectFormScreen
from tui.screens.projects import ProjectsScreen
from tui.screens.prompt import PromptScreen
from tui.screens.tasks import TasksScreen
from tui.screens.workspaces import WorkspacesScreen

SIZE = (100, 30)


async def answer_prompt(pilot, text: str, *, clear: bool = False) -> None:
    assert isinstance(pilot.app.screen, PromptScreen)
    if clear:
        pilot.app.screen.query_one(Input).value = ""
    await type_text(pilot, text)
    await pilot.press("enter")
    await settle(pilot)


def static_text(app: PunchcardApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def option_texts(app: PunchcardApp) -> list[str]:
    listing = app.screen.query_one(OptionList)
    return [
        Text.from_markup(p).plain if isinstance(p, str) else getattr(p, "plain", str(p))
        for p in (listing.get_option_at_index(i).prompt for i in range(listing.option_count))
    ]


def table_rows(app: PunchcardApp) -> list[str]:
    """Each row of the screen's table as its cells' plain text joined by '|'."""
    table = app.screen.query_one(DataTable)
    rows = []
    for index in range(table.row_count):
        cells = table.get_row_at(index)
        rows.append("|".join(c.plain if isinstance(c, Text) else str(c) for c in cells))
    return rows


def project_named(app: PunchcardApp, name: str) -> Project:
    return next(p for p in loaded(app).projects if p.name == name)


async def test_workspaces_create_rename_and_switch(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = app.snapshot.workspace
        assert first is not None
        app.push_screen(WorkspacesScreen(app.session))
        await settle(pilot)
        assert option_texts(app)[0].startswith("● " + first.name)

        await pilot.press("n")
        await settle(pilot)
        await answer_prompt(pilot, "Side gig")
        assert [w.name for w in app.snapshot.workspaces] == [first.name, "Side gig"]
        assert option_texts(app)[1].strip() == "Side gig"
        assert app.snapshot.workspace == first  # creating does not switch

        await pilot.press("down", "r")
        await settle(pilot)
        assert app.screen.query_one(Input).value == "Side gig"
        await answer_prompt(pilot, "Consulting", clear=True)
        assert [w.name for w in app.snapshot.workspaces] == [first.name, "Consulting"]
        assert option_texts(app)[1].strip() == "Consulting"

        await pilot.press("enter")
        await settle(pilot)
        assert app.snapshot.workspace is not None
        assert app.snapshot.workspace.name == "Consulting"
        assert not isinstance(app.screen, WorkspacesScreen)  # back on the timesheet

        app.push_screen(WorkspacesScreen(app.session))
        await settle(pilot)
        assert option_texts(app)[1].startswith("● Consulting")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, WorkspacesScreen)


async def test_empty_name_is_refused_with_a_message(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(WorkspacesScreen(app.session))
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "   ")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)  # still asking
        assert static_text(app, "#prompt-error") == "A name cannot be empty"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, WorkspacesScreen)
        assert len(app.snapshot.workspaces) == 1

        # The project form refuses a blank name the same way.
        await pilot.press("escape")
        app.push_screen(ProjectsScreen(app.session))
        await settle(pilot)
        await pilot.press("down", "n")
        await settle(pilot)
        assert isinstance(app.screen, ProjectFormScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ProjectFormScreen)
        assert static_text(app, "#project-error") == "A project needs a name"
        await pilot.press("escape")
        await settle(pilot)
        assert app.snapshot.projects == ()


async def test_client_and_project_with_colour_and_billable(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(ProjectsScreen(app.session))
        await settle(pilot)
        await pilot.press("down")  # from the filter into the table
        await pilot.press("N")
        await settle(pilot)
        await answer_prompt(pilot, "Acme")
        acme = next(c for c in app.snapshot.clients if c.name == "Acme")
        assert table_rows(app) == ["|Acme||"]

        # n on a client's row starts a project for that client.
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ProjectFormScreen)
        assert form.query_one("#project-client", Select).value == acme.id
        await type_text(pilot, "Website")
        await pilot.press("tab", "tab")  # name → client → colour
        await pilot.press("space", "down", "enter")  # open the menu, Blue → Green, pick
        assert form.query_one("#project-colour", Select).value == "#70ad47"
        await pilot.press("tab", "space")  # billable on
        assert form.query_one("#project-billable", Switch).value is True
        await pilot.press("enter")
        await settle(pilot)

        website = project_named(app, "Website")
        assert (website.client_id, website.color, website.billable) == (acme.id, "#70ad47", True)
        assert table_rows(app) == ["|Acme||", "██|  Website||$"]
        table = app.screen.query_one(DataTable)
        assert table.cursor_row == 1  # the cursor follows the new project

        # r edits it: the form opens with its values; ctrl+s saves from anywhere.
        await pilot.press("r")
        await settle(pilot)
        assert app.screen.query_one("#project-name", Input).value == "Website"
        app.screen.query_one("#project-name", Input).value = "Web site"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert project_named(app, "Web site").color == "#70ad47"
        assert table_rows(app)[1] == "██|  Web site||$"

        # R renames the client of the highlighted project.
        await pilot.press("R")
        await settle(pilot)
        await answer_prompt(pilot, "Acme Corp", clear=True)
        assert [c.name for c in app.snapshot.clients] == ["Acme Corp"]
        assert table_rows(app)[0] == "|Acme Corp||"


async def test_filter_archive_and_show_archived(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        store = app.store
        acme = await store.create_client("Acme")
        await store.create_project("Website", acme.id, "#5a9bd5", True)
        await store.create_project("Internal")
        await settle(pilot)
        app.push_screen(ProjectsScreen(app.session))
        await settle(pilot)
        assert table_rows(app) == ["|Acme||", "██|  Website||$", "|No client||", "██|  Internal||"]

        await type_text(pilot, "WEB")  # case-insensitive, as you type
        await settle(pilot)
        assert table_rows(app) == ["|Acme||", "██|  Website||$"]
        await type_text(pilot, " acme")  # words may match the client or the project
        await settle(pilot)
        assert table_rows(app) == ["|Acme||", "██|  Website||$"]
        await pilot.press("escape")  # clears the filter, stays on the screen
        await settle(pilot)
        assert isinstance(app.screen, ProjectsScreen)
        assert len(table_rows(app)) == 4

        await type_text(pilot, "web")
        await pilot.press("down")  # into the table, on the first match
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert project_named(app, "Website").archived is True
        assert table_rows(app) == []  # nothing else matches "web"
        assert static_text(app, "#projects-status") != ""

        await pilot.press("A")
        await settle(pilot)
        assert "██|  Website|archived|$" in table_rows(app)
        assert "showing archived" in static_text(app, "#projects-title")

        # Unarchiving needs no confirmation.
        app.screen.query_one(DataTable).move_cursor(row=1)
        await pilot.press("x")
        await settle(pilot)
        assert project_named(app, "Website").archived is False
        assert "██|  Website||$" in table_rows(app)

        # X archives the whole client; its projects go with it.
        await pilot.press("X", "enter")
        await settle(pilot)
        assert app.snapshot.clients[0].archived is True
        await pilot.press("A")
        await settle(pilot)
        assert table_rows(app) == []


async def test_tasks_create_rename_and_done(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        acme = await app.store.create_client("Acme")
        website = await app.store.create_project("Website", acme.id)
        await settle(pilot)
        app.push_screen(ProjectsScreen(app.session))
        await settle(pilot)
        await pilot.press("down", "down", "enter")  # Acme's first project
        await settle(pilot)
        assert isinstance(app.screen, TasksScreen)
        assert app.screen.project_id == website.id
        assert static_text(app, "#tasks-title") == "Tasks · Acme › Website"

        for name in ("Design", "Build"):
            await pilot.press("n")
            await settle(pilot)
            await answer_prompt(pilot, name)
        assert sorted(t.name for t in app.snapshot.tasks) == ["Build", "Design"]
        assert table_rows(app) == ["|Build", "|Design"]
        assert app.screen.query_one(DataTable).cursor_row == 0  # on the task just made: Build

        await pilot.press("r")
        await settle(pilot)
        await answer_prompt(pilot, "Develop", clear=True)
        assert sorted(t.name for t in app.snapshot.tasks) == ["Design", "Develop"]
        assert table_rows(app) == ["|Design", "|Develop"]

        assert app.screen.query_one(DataTable).cursor_row == 1  # it followed the rename
        await pilot.press("space")
        await settle(pilot)
        done = {t.name: t.done for t in app.snapshot.tasks}
        assert done == {"Design": False, "Develop": True}
        assert table_rows(app) == ["|Design"]

        await pilot.press("A")
        await settle(pilot)
        assert table_rows(app) == ["|Design", "✓|Develop"]
        app.screen.query_one(DataTable).move_cursor(row=1)
        await pilot.press("x")
        await settle(pilot)
        assert all(not t.done for t in app.snapshot.tasks)
        assert table_rows(app) == ["|Design", "|Develop"]

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ProjectsScreen)


async def test_keys_hidden_when_the_backend_cannot(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        caps = app.snapshot.capabilities.replace(
            clients=False, create_workspaces=False, billable=False
        )
        app.store._publish(capabilities=caps)
        await settle(pilot)
        app.push_screen(WorkspacesScreen(app.session))
        await settle(pilot)
        assert app.screen.check_action("new", ()) is False
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, WorkspacesScreen)
        await pilot.press("escape")

        app.push_screen(ProjectsScreen(app.session))
        await settle(pilot)
        assert len(app.screen.query_one(DataTable).columns) == 3  # no Billable column
        await pilot.press("down", "N")
        await settle(pilot)
        assert isinstance(app.screen, ProjectsScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ProjectFormScreen)
        assert not app.screen.query("#project-client")
        assert not app.screen.query("#project-billable")
        await type_text(pilot, "Solo")
        await pilot.press("enter")
        await settle(pilot)
        assert project_named(app, "Solo").client_id is None
        assert table_rows(app) == ["██|Solo|"]  # no client headings without clients


async def test_timesheet_keys_open_the_management_screens(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:  # the smallest terminal we support
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, WorkspacesScreen)
        await pilot.press("escape", "p")
        await settle(pilot)
        assert isinstance(app.screen, ProjectsScreen)
        await pilot.press("down", "n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ProjectFormScreen)
        # The whole form, its hint line included, fits on an 80×24 screen.
        dialog = form.query_one("#project-form")
        assert dialog.region.bottom <= 24
        assert dialog.region.right <= 80
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert not isinstance(app.screen, (WorkspacesScreen, ProjectsScreen))
