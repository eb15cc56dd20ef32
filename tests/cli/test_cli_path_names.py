"""`punch start -p` with names that hold a separator, and paths typed with `>`, `/` or `›`:
the installed console script in a subprocess, on a store in a temporary home."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.installed_punch import punch
from tui.backends.local import LocalBackend


@pytest.fixture
async def catalog(hermetic_home: Path) -> None:
    """Acme has Website and CI/CD (with a task Deploy); a client called CI has a project CD,
    which only the split reading of ``CI/CD`` names; Globex has a Website twin and Support."""
    backend = LocalBackend(hermetic_home / "data" / "punchcard" / "punchcard.sqlite3")
    ws = (await backend.list_workspaces())[0].id
    acme = await backend.create_client(ws, "Acme")
    globex = await backend.create_client(ws, "Globex")
    ci = await backend.create_client(ws, "CI")
    await backend.create_project(ws, "Website", acme.id)
    cicd = await backend.create_project(ws, "CI/CD", acme.id)
    await backend.create_project(ws, "CD", ci.id)
    await backend.create_project(ws, "A/B tests")
    await backend.create_project(ws, "Website", globex.id)
    await backend.create_project(ws, "Support", globex.id)
    await backend.create_task(ws, cicd.id, "Deploy")
    await backend.aclose()


def started(*args: str) -> tuple[str | None, str | None, str | None]:
    result = punch("start", "Work", *args, "--json")
    assert result.returncode == 0, result.stderr
    entry = json.loads(result.stdout)["started"]
    return entry["client"], entry["project"], entry["task"]


@pytest.mark.usefixtures("catalog")
def test_an_existing_name_with_a_slash_wins_over_the_split():
    assert started("-p", "CI/CD") == ("Acme", "CI/CD", None)
    assert started("-p", "A/B tests") == (None, "A/B tests", None)
    assert started("-p", "Acme > CI/CD", "-t", "deploy") == ("Acme", "CI/CD", "Deploy")
    # The split reading still names what only it can.
    assert started("-p", "CI › CD") == ("CI", "CD", None)


@pytest.mark.usefixtures("catalog")
@pytest.mark.parametrize("path", ["Acme > Website", "Acme/Website", "acme › web", "ACME>website"])
def test_every_separator_reads_a_path(path: str):
    assert started("-p", path) == ("Acme", "Website", None)


@pytest.mark.usefixtures("catalog")
def test_a_typo_is_refused_with_the_close_name():
    # Letters left out still read in order and pick the one project they fit...
    assert started("-p", "globex/suport") == ("Globex", "Support", None)
    # ...letters swapped do not: the close name is offered, nothing is picked.
    result = punch("start", "Work", "-p", "Globex › Supprot")
    assert result.returncode == 4
    assert "did you mean Globex › Support" in result.stderr
    assert "Traceback" not in result.stderr
