"""What a read leaves out reaches the user: rows another program wrote into the store (an
end before its start, text where a time belongs, NULLs, escape sequences) never break the
grid; the ones that cannot be shown are said on the status line, once, not at every
re-read; what can be shown is drawn with visible stand-ins for control characters."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path

from tests.app.pilot_helpers import loaded, settle
from tests.frozen_time import FROZEN_NOW
from tui.backends.local import LocalBackend
from tui.backends.local.schema import to_epoch
from tui.domain.models import EntryFields
from tui.widgets.status_line import StatusLine

EVIL = "\x1b]0;pwned\x07\x1b[2J"


async def _seed(path: Path) -> None:
    backend = LocalBackend(path)
    ws = (await backend.list_workspaces())[0].id
    project = await backend.create_project(ws, "Sound")
    start = FROZEN_NOW - timedelta(hours=3)
    await backend.create_entry(
        ws, EntryFields(start=start, end=start + timedelta(hours=1), project_id=project.id)
    )
    await backend.aclose()


def _write_as_another_program(path: Path) -> None:
    start = to_epoch(FROZEN_NOW - timedelta(hours=2))
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA ignore_check_constraints = 1")  # as a script or a sync tool may
        ws = conn.execute("SELECT id FROM workspace").fetchone()[0]
        rows = [
            ("backwards", start, start - 600, "ends before it starts"),
            ("texty", "yesterday at nine", None, "a start in words"),
            ("evil", start + 10, start + 1800, f"Meeting{EVIL}"),
        ]
        conn.executemany(
            "INSERT INTO entry (id, workspace_id, start_at, end_at, description)"
            " VALUES (?, ?, ?, ?, ?)",
            [(i, ws, s, e, d) for i, s, e, d in rows],
        )
        conn.commit()


async def test_rows_left_out_are_said_once_on_the_status_line(make_app, store_path: Path) -> None:  # type: ignore[no-untyped-def]
    await _seed(store_path)
    _write_as_another_program(store_path)
    app = make_app()
    messages: list[str] = []
    async with app.run_test(size=(140, 36)) as pilot:
        await settle(pilot)
        snap = loaded(app)
        assert app.store is not None
        app.store.subscribe(lambda s: messages.append(s.message))
        ids = {e.id for e in snap.entries}
        assert "evil" in ids  # shown: its text is only made safe when drawn
        assert "backwards" not in ids
        assert "texty" not in ids
        assert sum(e.seconds(FROZEN_NOW) for e in snap.entries) == 3600 + 1790
        line = str(app.screen.query_one(StatusLine).render())
        said = snap.message
        assert "left out" in said or "never shown" in said
        assert said in line
        drawn = app.export_screenshot()
        assert "\x1b]0;pwned" not in drawn
        assert "\x07" not in drawn

        # The same week read again (another week and back) says nothing new.
        app.store.say("Something else happened")
        await pilot.press("bracketright", "bracketleft")
        await settle(pilot)
        assert {e.id for e in loaded(app).entries} == ids
    notices = [m for m in messages if "left out" in m or "never shown" in m]
    assert notices == []


async def test_a_damaged_store_is_said_and_the_app_keeps_running(hermetic_home: Path) -> None:
    from tui import locations
    from tui.app_factory import build_app
    from tui.config import Settings

    path = locations.store_file()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"SQLite format 3\x00" + b"\xa5" * 8192)  # a header, then garbage
    before = path.read_bytes()
    app = build_app(Settings(timezone="UTC"), clock=lambda: FROZEN_NOW)
    async with app.run_test(size=(140, 36)) as pilot:
        await settle(pilot)
        said = [n.message for n in app._notifications]
        assert any("damaged" in m and str(path) in m for m in said), said
        assert app.is_running
        assert app.store is None  # nothing was opened on it
    assert path.read_bytes() == before


async def test_a_clockify_entry_without_a_time_is_said_on_the_status_line() -> None:
    import json

    from tests.fakes.clockify import State
    from tests.fakes.clockify.testing import serving
    from tests.frozen_time import BERLIN
    from tui.app_factory import build_app
    from tui.backends.clockify import ClockifyBackend
    from tui.config import Settings
    from tui.domain.weeks import week_start_date

    state = State(timezone="UTC")
    state.add_workspace("Acme")
    monday = week_start_date(FROZEN_NOW.date(), 0)
    start = FROZEN_NOW.replace(year=monday.year, month=monday.month, day=monday.day, hour=9)
    good = {
        "id": "good",
        "description": "Kept",
        "timeInterval": {
            "start": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "end": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        },
    }
    bad = {"id": "bad", "description": "No time", "timeInterval": None}
    with serving(state, api_key="notice-app-key-51c0", validate=False) as fake:
        fake.fail(
            "GET",
            r"/workspaces/[^/]+/user/[^/]+/time-entries",
            status=200,
            body=json.dumps([good, bad]).encode(),
            headers={"content-type": "application/json"},
            times=50,
        )
        app = build_app(
            Settings(timezone="UTC"),
            backend=ClockifyBackend(fake.api_key, fake.base_url),
            clock=lambda: FROZEN_NOW,
            machine_tz=BERLIN,
        )
        async with app.run_test(size=(140, 36)) as pilot:
            await settle(pilot)
            snap = loaded(app)
            assert [e.id for e in snap.entries] == ["good"]
            assert "without a start time" in snap.message
            assert snap.message in str(app.screen.query_one(StatusLine).render())
