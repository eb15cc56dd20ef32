"""A smoke session against Stoplight Prism mocking the corrected Clockify spec (the reduced
copy in tests/vendor/clockify/, the one the fake server checks against): Prism checks
every request the backend sends against the spec (a 422 otherwise) and answers with the
spec's examples, placeholders and all.

Prism comes from npm (`@stoplight/prism-cli`). ``PUNCHCARD_PRISM`` names its executable
(`.ci/run` installs it and sets it); else `prism` on PATH; else the test installs it with npm
into the system's temporary folder. Without npm and Prism the test fails: it never skips.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO

import pytest

from tests.fakes.clockify.spec import spec_path
from tui.backends.clockify import ClockifyBackend
from tui.domain.models import EntryFields, TimeEntry
from tui.domain.weeks import week_bounds

PRISM_PACKAGE = "@stoplight/prism-cli@5"


def find_prism() -> str:
    named = os.environ.get("PUNCHCARD_PRISM", "").strip()
    if named:
        if not Path(named).is_file():
            pytest.fail(f"PUNCHCARD_PRISM={named} is not a file")
        return named
    on_path = shutil.which("prism")
    if on_path:
        return on_path
    prefix = Path(tempfile.gettempdir()) / "punchcard-prism"
    installed = prefix / "node_modules" / ".bin" / "prism"
    if installed.is_file():
        return str(installed)
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail(
            "Stoplight Prism is needed for this test and neither it nor npm is installed: "
            f"install Node.js, then `npm install --prefix DIR {PRISM_PACKAGE}` and set "
            "PUNCHCARD_PRISM=DIR/node_modules/.bin/prism"
        )
    done = subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--prefix", str(prefix), PRISM_PACKAGE],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0 or not installed.is_file():
        pytest.fail(f"npm could not install {PRISM_PACKAGE}:\n{done.stderr[-2000:]}")
    return str(installed)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def prism_url() -> Iterator[str]:
    prism = find_prism()
    port = free_port()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [prism, "mock", "-h", "127.0.0.1", "-p", str(port), str(spec_path())],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_for(process, port, log)
            yield f"http://127.0.0.1:{port}"  # Prism serves the spec's paths at its root
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def _wait_for(process: subprocess.Popen[bytes], port: int, log: IO[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            pytest.fail(f"Prism exited:\n{log.read().decode(errors='replace')[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.25)
    pytest.fail("Prism did not start listening within 120 s")


async def test_smoke_session_against_prism(prism_url: str) -> None:
    backend = ClockifyBackend("prism-smoke-key", prism_url)
    try:
        user = await backend.get_user()
        assert user.id == "5a0ab5acb07987125438b60f"
        assert user.timezone == "Etc/UTC"
        (workspace,) = await backend.list_workspaces()
        ws = workspace.id
        rules = await backend.workspace_rules(ws)
        clients = await backend.list_clients(ws)
        projects = await backend.list_projects(ws)
        tasks = await backend.list_tasks(ws, None)
        tags = await backend.list_tags(ws)
        assert projects
        assert projects[0].name == "Software Development"
        assert rules.missing(EntryFields(start=datetime.now(UTC))) == []
        assert all(isinstance(x, list) for x in (clients, tasks, tags))
        assert isinstance(await backend.list_tasks(ws, projects[0].id), list)

        client = await backend.create_client(ws, "Acme")
        project = await backend.create_project(ws, "Website", client.id, "#e06c75", True)
        task = await backend.create_task(ws, project.id, "Design")
        tag = await backend.create_tag(ws, "remote")
        await backend.update_client(client.replace(name="Acme Inc"))
        await backend.update_project(project.replace(archived=True))
        await backend.update_task(task.replace(done=True))
        await backend.update_tag(tag.replace(archived=True))

        week = week_bounds(date(2026, 11, 16), backend._zone(await backend._me()))
        assert isinstance(await backend.list_entries(ws, *week), list)
        start = datetime(2026, 11, 16, 9, tzinfo=UTC)
        fields = EntryFields(
            start=start,
            end=start + timedelta(hours=1),
            description="Smoke",
            project_id=project.id,
            task_id=task.id,
            tag_ids=(tag.id,),
            billable=True,
        )
        created = await backend.create_entry(ws, fields)
        assert isinstance(created, TimeEntry)
        updated = await backend.update_entry(created.replace(description="Smoke 2", locked=False))
        timer = await backend.create_entry(ws, EntryFields(start=start + timedelta(hours=2)))
        await backend.update_entry(timer.replace(end=start + timedelta(hours=3), locked=False))
        running = await backend.running_entry(ws)
        assert running is None or isinstance(running, TimeEntry)
        await backend.delete_entry(ws, updated.id)
    finally:
        await backend.aclose()
