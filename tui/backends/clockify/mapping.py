"""Between Clockify's wire models and punchcard's domain models, in both directions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tui.backends.clockify import wire
from tui.domain.models import (
    DEFAULT_PROJECT_COLOR,
    Client,
    EntryFields,
    Project,
    Tag,
    Task,
    TimeEntry,
    User,
    Workspace,
    WorkspaceRules,
)
from tui.domain.weeks import WEEKDAY_NAMES

_COLOR_DIGITS = frozenset("0123456789abcdefABCDEF")


def utc_text(instant: datetime) -> str:
    """A request time as Clockify's core API wants it: UTC, whole seconds, ``Z``."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def wall_clock_text(instant: datetime, tz: ZoneInfo) -> str:
    """A time-entry list bound (API notes §2.7): Clockify reads the ``start``/``end`` query
    values as wall-clock times in the profile's zone and ignores the ``Z``, so the local wall
    clock is sent with a ``Z`` — not the UTC instant, which would shift the window by the
    zone's offset."""
    return instant.astimezone(tz).strftime("%Y-%m-%dT%H:%M:%SZ")


def zone_or_none(name: str | None) -> str | None:
    if not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


def user(raw: wire.User) -> User:
    settings = raw.settings or wire.UserSettings()
    day = (settings.week_start or "").strip().lower()
    return User(
        id=raw.id,
        name=raw.name or raw.email or raw.id,
        email=raw.email,
        timezone=zone_or_none(settings.time_zone),
        week_start=WEEKDAY_NAMES.index(day) if day in WEEKDAY_NAMES else None,
    )


def workspace(raw: wire.Workspace) -> Workspace:
    return Workspace(id=raw.id, name=raw.name or raw.id)


def rules(raw: wire.Workspace) -> WorkspaceRules:
    settings = raw.workspace_settings or wire.WorkspaceSettings()
    return WorkspaceRules(
        project_required=settings.force_projects,
        task_required=settings.force_tasks,
        tags_required=settings.force_tags,
        description_required=settings.force_description,
    )


def client(raw: wire.Client, workspace_id: str) -> Client:
    return Client(
        id=raw.id,
        workspace_id=raw.workspace_id or workspace_id,
        name=raw.name,
        archived=raw.archived,
    )


def _color(value: str | None) -> str:
    if value and len(value) == 7 and value[0] == "#" and set(value[1:]) <= _COLOR_DIGITS:
        return value.lower()
    return DEFAULT_PROJECT_COLOR


def project(raw: wire.Project, workspace_id: str) -> Project:
    rate = raw.hourly_rate
    return Project(
        id=raw.id,
        workspace_id=raw.workspace_id or workspace_id,
        name=raw.name,
        client_id=raw.client_id,
        color=_color(raw.color),
        billable=raw.billable,
        archived=raw.archived,
        hourly_rate=rate.amount if rate is not None else None,
        currency=rate.currency if rate is not None else None,
    )


def task(raw: wire.Task, project_id: str) -> Task:
    return Task(
        id=raw.id,
        project_id=raw.project_id or project_id,
        name=raw.name,
        done=(raw.status or "").upper() == "DONE",
    )


def tag(raw: wire.Tag, workspace_id: str) -> Tag:
    return Tag(
        id=raw.id,
        workspace_id=raw.workspace_id or workspace_id,
        name=raw.name,
        archived=raw.archived,
    )


def entry(raw: wire.TimeEntry, workspace_id: str) -> TimeEntry | None:
    """None for an entry without a readable start (a mock's placeholder): it cannot be shown
    on any day, and guessing one would put time where there was none."""
    interval = raw.time_interval
    if interval.start is None:
        return None
    end = interval.end
    if end is not None and end < interval.start:
        end = interval.start
    return TimeEntry(
        id=raw.id,
        workspace_id=raw.workspace_id or workspace_id,
        start=interval.start,
        end=end,
        description=raw.description,
        project_id=raw.project_id,
        task_id=raw.task_id if raw.project_id else None,
        tag_ids=tuple(raw.tag_ids),
        billable=raw.billable,
        locked=raw.is_locked,
    )


def entry_body(fields: EntryFields, previous: wire.TimeEntry | None = None) -> dict[str, Any]:
    """The whole entry for a POST or a PUT. A PUT replaces the entry, so every field is
    sent; a project or task the entry does not have is left out (the API takes no null for
    them), and what punchcard does not edit (type, custom fields) is sent back as it was."""
    body: dict[str, Any] = {
        "start": utc_text(fields.start),
        "billable": fields.billable,
        "description": fields.description,
        "tagIds": list(fields.tag_ids),
    }
    if fields.end is not None:
        body["end"] = utc_text(fields.end)
    if fields.project_id:
        body["projectId"] = fields.project_id
        if fields.task_id:
            body["taskId"] = fields.task_id
    if previous is not None:
        if previous.type in {"REGULAR", "BREAK"}:
            body["type"] = previous.type
        custom = [
            {"customFieldId": value.custom_field_id, "value": value.value}
            for value in previous.custom_field_values or ()
            if value.custom_field_id
        ]
        if custom:
            body["customFields"] = custom
    return body


def same_entry(raw: wire.TimeEntry, fields: EntryFields) -> bool:
    """Whether what the server holds is ``fields``: how a write that got no answer is
    recognised on the server."""
    found = entry(raw, raw.workspace_id or "")
    if found is None:
        return False
    mine = fields.replace(
        start=fields.start.astimezone(UTC).replace(microsecond=0),
        end=fields.end.astimezone(UTC).replace(microsecond=0) if fields.end else None,
        tag_ids=tuple(sorted(fields.tag_ids)),
    )
    theirs = found.fields()
    return theirs.replace(tag_ids=tuple(sorted(theirs.tag_ids))) == mine
