"""Clockify's JSON into wire models and domain models: third-party fixtures, nulls, unknown
keys, times and durations as the real service writes them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.vendor import CLOCKIFY_FIXTURES
from tui.backends.clockify import mapping, wire
from tui.backends.clockify.errors import map_error
from tui.backends.errors import AuthError, BackendError, NotFoundError, ValidationError
from tui.domain.models import EntryFields

FIXTURES = CLOCKIFY_FIXTURES  # third-party captures; tests/vendor/README.md names their sources
WS = "64a687e29ae1f428e7ebe303"


def fixture(*parts: str) -> Any:
    path = FIXTURES.joinpath(*parts)
    assert path.is_file(), f"vendored fixture missing: {path} (see tests/vendor/regenerate.py)"
    return json.loads(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- third-party fixtures


@pytest.mark.parametrize(
    "name",
    [
        "getClients.response-200",
        "getClient.response-200",
        "createClient.response-201",
        "updateClient.response-200",
        "deleteClient.response-200",
    ],
)
def test_sandbox_captures_parse_into_clients(name: str) -> None:
    body = fixture("apet97-Dd-sandbox-captures", f"{name}.json")["body"]
    items = body if isinstance(body, list) else [body]
    clients = [mapping.client(wire.Client.model_validate(item), WS) for item in items]
    assert clients
    assert all(c.id and c.name for c in clients)
    assert clients[0].workspace_id == items[0]["workspaceId"]  # the server's, not ours


def test_sandbox_not_found_capture_maps_to_not_found() -> None:
    capture = fixture("apet97-Dd-sandbox-captures", "getClientNotFound.response-400.json")
    response = httpx.Response(capture["status"], json=capture["body"], headers=capture["headers"])
    error = map_error(response)
    assert isinstance(error, NotFoundError)
    assert "Client doesn't belong to Workspace" in str(error)


def test_sdk_golden_projects_parse_without_workspace_ids() -> None:
    wire_projects = fixture("clockify-ts-sdk-golden", "projects.list.json")["wire"]
    projects = [mapping.project(wire.Project.model_validate(p), WS) for p in wire_projects]
    assert [(p.id, p.name, p.client_id, p.workspace_id) for p in projects] == [
        ("000000000000000000000301", "Example Project", "000000000000000000000201", WS)
    ]


def test_transfermyti_mock_db_parses_whole() -> None:
    db = fixture("transfermyti-mock-db", "clockify.json")
    users = [mapping.user(wire.User.model_validate(u)) for u in db["users"]]
    workspaces = [wire.Workspace.model_validate(w) for w in db["workspaces"]]
    clients = [mapping.client(wire.Client.model_validate(c), WS) for c in db["clients"]]
    projects = [mapping.project(wire.Project.model_validate(p), WS) for p in db["projects"]]
    tasks = [mapping.task(wire.Task.model_validate(t), "p") for t in db["tasks"]]
    tags = [mapping.tag(wire.Tag.model_validate(t), WS) for t in db["tags"]]
    entries = [mapping.entry(wire.TimeEntry.model_validate(e), WS) for e in db["timeEntries"]]
    assert len(users) == 1
    assert len(workspaces) == 1
    assert len(clients) == 2
    assert len(projects) == 6
    assert len(tasks) == 5
    assert len(tags) == 5
    assert len(entries) == 20
    assert all(e is not None and e.end is not None and e.end > e.start for e in entries)
    first = entries[0]
    assert first is not None
    assert first.seconds() == 5 * 3600
    assert mapping.rules(workspaces[0]).missing(EntryFields(start=first.start)) == []


def _sample(schema: dict[str, Any]) -> Any:
    """A value of the shape an n8n schema observed, nulls where it saw null."""
    kind = schema.get("type")
    if kind == "object":
        return {k: _sample(v) for k, v in schema.get("properties", {}).items()}
    if kind == "array":
        items = schema.get("items")
        return [_sample(items)] if isinstance(items, dict) else []
    scalars: dict[str | None, object] = {
        "string": "2026-11-16T08:00:00Z",
        "boolean": True,
        "integer": 3,
        "number": 1.5,
        "null": None,
    }
    return scalars.get(kind)  # a schema without a type observed nothing: None


def _flat(observed: list[dict[str, Any]]) -> dict[str, Any]:
    """The older n8n format: a list of {key, type, path}; top-level keys only."""
    values = {
        "string": "x",
        "boolean": False,
        "integer": 0,
        "array": [],
        "object": {},
        "null": None,
    }
    return {o["key"]: values.get(o["type"]) for o in observed if o["path"].count(".") == 1}


@pytest.mark.parametrize(
    ("name", "model"),
    [
        ("timeEntry-create", wire.TimeEntry),
        ("task-getAll", wire.Task),
        ("client-getAll", wire.Client),
        ("tag-getAll", wire.Tag),
        ("workspace-getAll", wire.Workspace),
        ("user-getAll", wire.User),
        ("project-get", wire.Project),
    ],
)
def test_n8n_observed_schemas_parse(name: str, model: type[wire.Wire]) -> None:
    schema = fixture("n8n-observed-schemas", f"{name}.schema.json")
    sample = _flat(schema["value"]) if "value" in schema else _sample(schema)
    sample.setdefault("id", "5f0000000000000000000001")
    parsed = model.model_validate(sample)
    assert parsed.model_dump()["id"] == sample["id"]


# ---------------------------------------------------------------- nulls and leniency


def test_nulls_everywhere_and_unknown_keys() -> None:
    raw = wire.TimeEntry.model_validate(
        {
            "id": "e1",
            "description": None,
            "tagIds": None,
            "projectId": None,
            "taskId": None,
            "billable": None,
            "isLocked": None,
            "hourlyRate": None,
            "costRate": None,
            "kioskId": None,
            "customFieldValues": None,
            "currentlyRunning": True,
            "somethingNew": {"deep": [1, 2]},
            "timeInterval": {"start": "2026-11-16T08:00:00Z", "end": None, "duration": None},
        }
    )
    entry = mapping.entry(raw, WS)
    assert entry is not None
    assert entry.running
    assert entry.tag_ids == ()
    assert (entry.project_id, entry.task_id, entry.description) == (None, None, "")
    project = mapping.project(
        wire.Project.model_validate(
            {
                "id": "p",
                "name": "Web",
                "clientId": "",
                "clientName": "",
                "hourlyRate": None,
                "estimate": None,
                "duration": None,
                "timeEstimate": None,
                "color": None,
                "memberships": None,
                "budgetEstimate": None,
            }
        ),
        WS,
    )
    assert project.client_id is None
    assert project.hourly_rate is None
    assert project.color
    task = wire.Task.model_validate(
        {
            "id": "t",
            "name": "x",
            "estimate": None,
            "duration": None,
            "assigneeIds": None,
            "hourlyRate": None,
            "status": "DONE",
        }
    )
    assert task.assignee_ids == []
    assert mapping.task(task, "p").done


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-08-28T05:48:00Z", datetime(2023, 8, 28, 5, 48, tzinfo=UTC)),
        ("2026-08-07T15:15:00-07:00", datetime(2026, 8, 7, 22, 15, tzinfo=UTC)),
        ("2020-01-01T01:02:03.640708Z", datetime(2020, 1, 1, 1, 2, 3, tzinfo=UTC)),
        ("2020-01-01T01:02:03.000+0000", datetime(2020, 1, 1, 1, 2, 3, tzinfo=UTC)),
        ("2020-01-01T01:02:03", datetime(2020, 1, 1, 1, 2, 3, tzinfo=UTC)),
        ("string", None),
        (None, None),
    ],
)
def test_times_with_or_without_fractions_and_offsets(text: str | None, expected: Any) -> None:
    assert wire.parse_instant(text) == expected
    if expected is not None:
        assert expected.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("PT0S", 0),
        ("PT2H54M", 10440),
        ("PT79H12M", 285120),
        ("PT200H", 720000),
        ("P1DT2H", 93600),
        ("PT1.5S", 1),
        ("pt30m", 1800),
        ("PT", None),
        ("60000", None),
        ("string", None),
        (None, None),
        (42, None),
    ],
)
def test_iso_durations_over_a_day(text: Any, seconds: int | None) -> None:
    assert wire.parse_duration(text) == seconds


def test_user_settings_give_zone_and_week_start() -> None:
    raw = {
        "id": "u",
        "name": "Ada",
        "settings": {"timeZone": "America/New_York", "weekStart": "SUNDAY", "timeFormat": "HOUR12"},
    }
    user = mapping.user(wire.User.model_validate(raw))
    assert (user.timezone, user.week_start) == ("America/New_York", 6)
    odd = mapping.user(wire.User.model_validate({"id": "u", "settings": {"timeZone": "Mars/Base"}}))
    assert odd.timezone is None
    assert odd.week_start is None
    assert odd.name == "u"


def test_wall_clock_window_text_follows_the_profile_zone() -> None:
    # Monday 00:00 in New York is 05:00 UTC; Clockify wants the wall clock with a Z.
    monday = datetime(2026, 11, 16, 5, 0, tzinfo=UTC)
    assert mapping.wall_clock_text(monday, ZoneInfo("America/New_York")) == "2026-11-16T00:00:00Z"
    assert mapping.utc_text(monday) == "2026-11-16T05:00:00Z"


# ---------------------------------------------------------------- error bodies


@pytest.mark.parametrize(
    ("status", "body", "headers", "kind", "words"),
    [
        (
            401,
            {"message": "Full authentication is required to access this resource", "code": 1000},
            {},
            AuthError,
            "punch login clockify",
        ),
        (
            400,
            {"message": "Client doesn't belong to Workspace", "code": 501},
            {},
            NotFoundError,
            "doesn't belong",
        ),
        (
            400,
            {"message": "Project with this name already exists", "code": 501},
            {},
            ValidationError,
            "already exists",
        ),
        (404, {"message": "No static resource v1/x.", "code": 3000}, {}, NotFoundError, "static"),
        (403, {"message": "Access Denied"}, {}, BackendError, "role"),
        (
            502,
            "<html><body>502 Bad Gateway</body></html>",
            {"content-type": "text/html"},
            BackendError,
            "web page",
        ),
        (503, "", {}, BackendError, "no details"),
    ],
)
def test_error_bodies_become_clear_messages(status, body, headers, kind, words) -> None:
    if isinstance(body, dict):
        response = httpx.Response(status, json=body, headers=headers)
    else:
        response = httpx.Response(status, content=body.encode(), headers=headers)
    error = map_error(response)
    assert isinstance(error, kind)
    assert words in str(error)
    assert "Traceback" not in str(error)
    assert "<html>" not in str(error)
