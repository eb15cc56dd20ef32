"""Bounded fuzzing of the rows in the store, as another program may have written them:
any value in any column of an entry, the person (week start, time zone) and a project.
``punch week`` and ``punch report`` print (exit 0) or say why in one line (exit 1), warn
in safe lines about what they left out, and never show a traceback."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.backends.local import LocalBackend
from tui.cli import main
from tui.domain.models import EntryFields
from tui.domain.safe_text import is_safe

FUZZ = settings(
    max_examples=int(__import__("os").environ.get("ROWS_FUZZ", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.integers(min_value=-86400 * 3, max_value=86400 * 3).map(
        lambda d: int(datetime.now(UTC).timestamp()) + d  # near now: inside the shown week
    ),
    st.floats(allow_nan=False, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["\x1b]0;pwned\x07", "\x9b31m", "Europe/Berlin", "Mars/Olympus", "../x"]),
    st.binary(max_size=8),
)
not_null = anything.filter(lambda v: v is not None)
entry_columns = st.fixed_dictionaries(
    {},
    optional={
        "start_at": not_null,
        "end_at": anything,
        "description": not_null,
        "project_id": anything,
        "task_id": anything,
        "billable": not_null,
    },
)
person_columns = st.fixed_dictionaries(
    {}, optional={"name": not_null, "timezone": anything, "week_start": anything}
)
project_columns = st.fixed_dictionaries(
    {}, optional={"name": not_null, "color": not_null, "client_id": anything}
)


def _seed(path: Path) -> None:
    async def run() -> None:
        backend = LocalBackend(path)
        ws = (await backend.list_workspaces())[0].id
        project = await backend.create_project(ws, "Fuzzed")
        now = datetime.now(UTC).replace(microsecond=0)
        await backend.bulk_insert_entries(
            ws,
            [
                EntryFields(start=now - timedelta(hours=3), end=now - timedelta(hours=2)),
                EntryFields(
                    start=now - timedelta(hours=2),
                    end=now - timedelta(hours=1),
                    project_id=project.id,
                ),
                EntryFields(start=now - timedelta(minutes=30), project_id=project.id),
            ],
        )
        await backend.aclose()

    asyncio.run(run())


def _overwrite(path: Path, table: str, values: dict[str, object], where: str = "") -> None:
    if not values:
        return
    sets = ", ".join(f"{column} = ?" for column in values)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA ignore_check_constraints = 1")  # as another program may
        conn.execute("PRAGMA foreign_keys = 0")
        try:
            conn.execute(f"UPDATE {table} SET {sets} {where}", tuple(values.values()))
        except sqlite3.IntegrityError:
            return  # a unique index holds even for other programs: a second running timer
        conn.commit()


@FUZZ
@given(
    first=entry_columns,
    running=entry_columns,
    person=person_columns,
    project=project_columns,
)
def test_any_store_rows_print_or_say_why(
    capsys: pytest.CaptureFixture[str],
    hermetic_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    first: dict[str, object],
    running: dict[str, object],
    person: dict[str, object],
    project: dict[str, object],
) -> None:
    monkeypatch.setenv("PUNCHCARD_BACKEND", "local")
    folder = hermetic_home / "data" / "punchcard"
    path = folder / "punchcard.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    (folder / "status.json").unlink(missing_ok=True)
    _seed(path)
    _overwrite(path, "entry", first, "WHERE rowid = 1")
    _overwrite(path, "entry", running, "WHERE end_at IS NULL")
    _overwrite(path, "person", person)
    _overwrite(path, "project", project)
    for argv in (("week",), ("week", "--json"), ("report", "--json"), ("status",)):
        code = main(list(argv))
        out, err = capsys.readouterr()
        assert code in (0, 1), (argv, err)
        assert "Traceback" not in err
        lines = err.strip().splitlines()
        for line in lines:
            assert line.startswith(("punch: ", '{"warning": ', '{"error": ')), line
            assert is_safe(line), line
        errors = [line for line in lines if not line.startswith(("punch: warning:", '{"warning'))]
        assert len(errors) == (1 if code else 0), err
        if code == 0 and "--json" in argv:
            json.loads(out)
        if code == 0:
            assert "\x1b" not in out
            assert "\x9b" not in out
            assert "\x07" not in out
