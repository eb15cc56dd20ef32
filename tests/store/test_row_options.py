"""What the row picker lists for what was typed, in which order, and what each line creates."""

from __future__ import annotations

from dataclasses import replace

from tests.store.parts import first_snapshot
from tui.domain.models import Client, Project, Task
from tui.domain.timesheet import Catalog
from tui.store.row_choice import RowChoice, row_options
from tui.store.snapshot import Snapshot


def snapshot() -> Snapshot:
    clients = (
        Client(id="c1", workspace_id="w", name="Acme"),
        Client(id="c2", workspace_id="w", name="Globex"),
    )
    projects = (
        Project(id="p1", workspace_id="w", name="Website", client_id="c1"),
        Project(id="p2", workspace_id="w", name="CI/CD", client_id="c1"),
        Project(id="p3", workspace_id="w", name="Support", client_id="c2"),
        Project(id="p4", workspace_id="w", name="Data Pipeline", client_id="c2"),
        Project(id="p5", workspace_id="w", name="Web"),
        Project(id="p6", workspace_id="w", name="Old", archived=True),
    )
    tasks = (Task(id="t1", project_id="p1", name="Design"),)
    catalog = Catalog(
        {c.id: c for c in clients}, {p.id: p for p in projects}, {t.id: t for t in tasks}
    )
    return replace(
        first_snapshot(), clients=clients, projects=projects, tasks=tasks, catalog=catalog
    )


def labels(query: str) -> list[str]:
    return [option.label for option in row_options(snapshot(), query)]


def test_exact_then_prefix_then_word_prefix_then_substring():
    assert labels("web")[:3] == ["Web", "Acme › Website", "Acme › Website › Design"]
    assert labels("pipe")[0] == "Globex › Data Pipeline"
    assert labels("site")[0] == "Acme › Website"
    assert "Old" not in " ".join(labels("old"))  # archived projects are not offered


def test_close_names_come_before_new_and_loose_hits_after_it():
    assert labels("Globex › Supprot")[0] == "Globex › Support"
    assert labels("Globex › Supprot")[1].startswith("+ New")
    # Only the letters in order: creating what was typed is the first offer.
    shown = labels("dtpipe")
    assert shown[0] == "+ New project “dtpipe”"
    assert "Globex › Data Pipeline" in shown[1:]


def test_every_separator_types_a_path():
    for typed in ("Acme > Website", "acme/website", "Acme › Website", "acme›web"):
        assert labels(typed)[0] == "Acme › Website", typed


def test_an_existing_name_with_a_slash_is_found_and_not_split_into_a_new_row():
    options = row_options(snapshot(), "CI/CD")
    assert options[0].label == "Acme › CI/CD"
    assert options[0].choice == RowChoice(key=("p2", None))
    assert not any(option.new for option in options)
    assert labels("Acme > CI/CD")[0] == "Acme › CI/CD"


def test_new_rows_read_the_path_against_what_exists():
    new = [o for o in row_options(snapshot(), "Acme/Mobile") if o.new]
    assert [o.choice for o in new] == [RowChoice(client="Acme", project="Mobile")]
    new = [o for o in row_options(snapshot(), "Acme > CI/CD > Deploy") if o.new]
    assert [o.choice for o in new] == [RowChoice(project_id="p2", task="Deploy")]
    new = [o for o in row_options(snapshot(), "A/B tests") if o.new]
    assert [o.choice for o in new] == [
        RowChoice(client="A", project="B tests"),
        RowChoice(project="A/B tests"),
    ]
