"""The real app on a Clockify whose every name and description carries escape sequences:
what is drawn holds visible stand-ins, never a raw ESC, BEL or C1 control."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.app.pilot_helpers import loaded, settle
from tests.fakes.clockify import State
from tests.fakes.clockify.testing import serving
from tests.frozen_time import BERLIN, FROZEN_NOW
from tui.app_factory import build_app
from tui.backends.clockify import ClockifyBackend
from tui.config import Settings

KEY = "escape-app-key-7c2d9e40"
EVIL = "\x1b]0;pwned\x07\x1b[2J\x9b31m"
RAW = ("\x1b", "\x07", "\x9b")


async def test_server_text_is_drawn_with_visible_stand_ins() -> None:
    state = State(timezone="UTC", name=f"Ada{EVIL}")
    space = state.add_workspace(f"Acme{EVIL}")
    client = state.add_client(space, f"Client{EVIL}")
    project = state.add_project(space, f"Project{EVIL}", client)
    task = state.add_task(space, project, f"Task{EVIL}")
    tag = state.add_tag(space, f"Tag{EVIL}")
    monday = datetime(2026, 11, 16, 9, tzinfo=UTC)
    state.add_entry(
        space,
        monday,
        monday + timedelta(hours=2),
        project_id=project,
        task_id=task,
        tag_ids=[tag],
        description=f"Done{EVIL}",
    )
    state.add_entry(
        space,
        FROZEN_NOW - timedelta(minutes=20),
        None,
        project_id=project,
        description=f"Run{EVIL}",
    )
    with serving(state, api_key=KEY) as fake:
        app = build_app(
            Settings(timezone="UTC"),
            backend=ClockifyBackend(fake.api_key, fake.base_url),
            clock=lambda: FROZEN_NOW,
            machine_tz=BERLIN,
        )
        async with app.run_test(size=(140, 36)) as pilot:
            await settle(pilot)
            snap = loaded(app)
            assert snap.running is not None
            assert snap.running.description.startswith("Run^[]0;pwned")
            drawn = app.export_screenshot()
            for char in RAW:
                assert char not in drawn
            assert "Project^[]0;pwned" in drawn or "Project^[]0;pwn" in drawn
            texts = [snap.workspace.name if snap.workspace else ""]
            texts += [p.name for p in snap.projects] + [c.name for c in snap.clients]
            texts += [t.name for t in snap.tasks] + [t.name for t in snap.tags]
            texts += [e.description for e in snap.entries]
            for text in texts:
                for char in RAW:
                    assert char not in text, text
