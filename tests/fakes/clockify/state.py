"""The fake Clockify's data and rules, without any HTTP: one account, its workspaces and
what is in them, answering the way API-NOTES.md says the real service does.

Every handler returns ``(status, body)``; bodies are what the real API sends, nulls included:
``tagIds`` null rather than ``[]``, ``projectId``/``taskId`` null, ``clientId`` ``""``,
rates and estimates null, durations ISO-8601 with hours past 24, times in UTC to the second.
Missing things are HTTP 400 with code 501 ("… doesn't belong to Workspace"), as on Clockify.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

Answer = tuple[int, Any]

USER_ID = "5a0ab5acb07987125438b60f"


def iso(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_duration(seconds: int) -> str:
    """Clockify's duration text: hours are not rolled into days (``PT79H12M``)."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    text += f"{secs}S" if secs else ""
    return text if text != "PT" else "PT0S"


def parse_time(text: str) -> datetime:
    parsed = datetime.fromisoformat(text)
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)


def error(status: int, message: str, code: int | None = 501) -> Answer:
    return status, (
        {"message": message, "code": code} if code is not None else {"message": message}
    )


def missing(what: str, where: str = "Workspace") -> Answer:
    return error(400, f"{what} doesn't belong to {where}")


@dataclass
class Entry:
    id: str
    workspace_id: str
    start: datetime
    end: datetime | None
    description: str = ""
    project_id: str | None = None
    task_id: str | None = None
    tag_ids: list[str] = field(default_factory=list)
    billable: bool = False
    type: str = "REGULAR"
    custom_fields: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Approval:
    """One approval request of the user: a period (``end`` the day after its last) in the
    profile's zone, and where it stands."""

    id: str
    period: str
    start: date
    end: date
    state: str = "PENDING"
    note: str = ""
    updated_at: datetime = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))


LOCKING = ("PENDING", "APPROVED")
"""States whose entries Clockify locks."""


@dataclass
class Space:
    """One workspace and everything in it."""

    id: str
    name: str
    settings: dict[str, Any] = field(default_factory=dict)
    admin: bool = True
    clients: dict[str, dict[str, Any]] = field(default_factory=dict)
    projects: dict[str, dict[str, Any]] = field(default_factory=dict)
    tasks: dict[str, dict[str, Any]] = field(default_factory=dict)
    tags: dict[str, dict[str, Any]] = field(default_factory=dict)
    entries: dict[str, Entry] = field(default_factory=dict)
    approval_period: str | None = None
    """WEEKLY, SEMI_MONTHLY or MONTHLY where the workspace uses approvals; None where not."""
    approvals: dict[str, Approval] = field(default_factory=dict)

    def lock_before(self) -> datetime | None:
        lock = self.settings.get("lockTimeEntries")
        return parse_time(lock) if lock else None


class State:
    def __init__(
        self, *, timezone: str = "Europe/Berlin", week_start: str = "MONDAY", name: str = "Ada"
    ) -> None:
        self.lock = threading.RLock()
        self._ids = itertools.count(1)
        self.timezone = timezone
        self.week_start = week_start
        self.user_name = name
        self.spaces: dict[str, Space] = {}
        self.active_workspace: str | None = None

    def new_id(self) -> str:
        return f"6{next(self._ids):023x}"

    # ------------------------------------------------------------ seeding helpers

    def add_workspace(self, name: str, **settings: Any) -> Space:
        space = Space(self.new_id(), name, settings)
        self.spaces[space.id] = space
        self.active_workspace = self.active_workspace or space.id
        return space

    def add_client(self, space: Space, name: str) -> str:
        cid = self.new_id()
        space.clients[cid] = {"id": cid, "name": name, "archived": False}
        return cid

    def add_project(
        self,
        space: Space,
        name: str,
        client_id: str | None = None,
        billable: bool = False,
        color: str = "#03a9f4",
        rate: int | None = None,
    ) -> str:
        pid = self.new_id()
        space.projects[pid] = {
            "id": pid,
            "name": name,
            "clientId": client_id or "",
            "color": color,
            "billable": billable,
            "archived": False,
            "public": True,
            "note": "",
            "hourlyRate": {"amount": rate, "currency": "EUR"} if rate is not None else None,
        }
        return pid

    def add_task(self, space: Space, project_id: str, name: str, done: bool = False) -> str:
        tid = self.new_id()
        space.tasks[tid] = {
            "id": tid,
            "projectId": project_id,
            "name": name,
            "status": "DONE" if done else "ACTIVE",
            "billable": None,
            "assigneeIds": [],
        }
        return tid

    def add_tag(self, space: Space, name: str) -> str:
        gid = self.new_id()
        space.tags[gid] = {"id": gid, "name": name, "archived": False}
        return gid

    def add_entry(self, space: Space, start: datetime, end: datetime | None, **fields: Any) -> str:
        entry = Entry(self.new_id(), space.id, start, end, **fields)
        space.entries[entry.id] = entry
        return entry.id

    def local_day(self, instant: datetime) -> date:
        return instant.astimezone(ZoneInfo(self.timezone)).date()

    def approval_holding(self, space: Space, instant: datetime) -> Approval | None:
        """The pending or approved request whose period holds ``instant``'s day, else the
        latest other one that holds it."""
        day = self.local_day(instant)
        found = [a for a in space.approvals.values() if a.start <= day < a.end]
        locking = [a for a in found if a.state in LOCKING]
        chosen = locking or found[::-1]
        return chosen[0] if chosen else None

    def approval_locks(self, space: Space, instant: datetime) -> bool:
        held = self.approval_holding(space, instant)
        return held is not None and held.state in LOCKING

    # ------------------------------------------------------------ rendering

    def user_json(self) -> dict[str, Any]:
        return {
            "id": USER_ID,
            "email": "ada@example.com",
            "name": self.user_name,
            "memberships": [],
            "profilePicture": "https://img.clockify.me/no-user-image.png",
            "activeWorkspace": self.active_workspace,
            "defaultWorkspace": self.active_workspace,
            "status": "ACTIVE",
            "customFields": [],
            "settings": {
                "weekStart": self.week_start,
                "timeZone": self.timezone,
                "timeFormat": "HOUR24",
                "dateFormat": "YYYY-MM-DD",
                "myStartOfDay": "09:00",
                "lang": "EN",
                "summaryReportSettings": {"group": "PROJECT", "subgroup": "CLIENT"},
                "isCompactViewOn": False,
                "longRunning": False,
                "theme": "DARK",
            },
        }

    def workspace_json(self, space: Space) -> dict[str, Any]:
        settings = {
            "forceProjects": False,
            "forceTasks": False,
            "forceTags": False,
            "forceDescription": False,
            "lockTimeEntries": None,
            "automaticLock": None,
            "onlyAdminsCreateProject": False,
            "onlyAdminsCreateTag": False,
            "onlyAdminsCreateTask": False,
            "timeTrackingMode": "DEFAULT",
            "durationFormat": "FULL",
            "round": {"round": "Round to nearest", "minutes": "15"},
            "trackTimeDownToSecond": True,
            "projectGroupingLabel": "client",
        } | space.settings
        return {
            "id": space.id,
            "name": space.name,
            "hourlyRate": {"amount": 0, "currency": "EUR"},
            "costRate": None,
            "memberships": [],
            "workspaceSettings": settings,
            "imageUrl": "",
            "featureSubscriptionType": "STANDARD_2021" if space.approval_period else "FREE",
            "features": ["TIME_TRACKING", *(["APPROVAL"] if space.approval_period else [])],
            "currencies": [{"id": "6" + "0" * 23, "code": "EUR", "isDefault": True}],
            "subdomain": {"enabled": False, "name": None},
            "cakeOrganizationId": None,
        }

    def client_json(self, space: Space, client: dict[str, Any]) -> dict[str, Any]:
        return {
            **client,
            "workspaceId": space.id,
            "address": None,
            "email": None,
            "note": None,
            "ccEmails": None,
            "currencyId": None,
            "currencyCode": "EUR",
        }

    def task_json(self, task: dict[str, Any]) -> dict[str, Any]:
        return {
            **task,
            "assigneeId": None,
            "userGroupIds": [],
            "estimate": None,
            "duration": None,
            "budgetEstimate": 0,
            "hourlyRate": None,
            "costRate": None,
        }

    def project_json(self, space: Space, project: dict[str, Any], hydrated: bool) -> dict[str, Any]:
        client = space.clients.get(project["clientId"])
        body = {
            **project,
            "workspaceId": space.id,
            "clientName": client["name"] if client else "",
            "template": False,
            "duration": iso_duration(self._project_seconds(space, project)),
            "costRate": None,
            "estimate": None,
            "timeEstimate": None,
            "budgetEstimate": None,
            "estimateReset": None,
            "memberships": [],
        }
        if hydrated:
            body["tasks"] = [
                self.task_json(t) for t in space.tasks.values() if t["projectId"] == project["id"]
            ]
            body["client"] = self.client_json(space, client) if client else None
            body["customFields"] = []
        return body

    def _project_seconds(self, space: Space, project: dict[str, Any]) -> int:
        return sum(
            int((e.end - e.start).total_seconds())
            for e in space.entries.values()
            if e.project_id == project["id"] and e.end is not None
        )

    def tag_json(self, space: Space, tag: dict[str, Any]) -> dict[str, Any]:
        return {**tag, "workspaceId": space.id}

    def entry_json(self, space: Space, entry: Entry) -> dict[str, Any]:
        lock = space.lock_before()
        project = space.projects.get(entry.project_id or "")
        approval = self.approval_holding(space, entry.start)
        return {
            "id": entry.id,
            "description": entry.description,
            "userId": USER_ID,
            "workspaceId": space.id,
            "projectId": entry.project_id,
            "taskId": entry.task_id,
            "tagIds": list(entry.tag_ids) or None,
            "billable": entry.billable,
            "isLocked": (lock is not None and entry.start < lock)
            or self.approval_locks(space, entry.start),
            "approvalRequestId": approval.id if approval and approval.state in LOCKING else None,
            "type": entry.type,
            "kioskId": None,
            "customFieldValues": [
                {**value, "timeEntryId": entry.id, "name": "Field", "type": "TXT"}
                for value in entry.custom_fields
            ],
            "hourlyRate": project["hourlyRate"] if project else None,
            "costRate": None,
            "timeInterval": {
                "start": iso(entry.start),
                "end": iso(entry.end) if entry.end else None,
                "duration": (
                    iso_duration(int((entry.end - entry.start).total_seconds()))
                    if entry.end
                    else None
                ),
            },
        }

    # ------------------------------------------------------------ time-entry windows

    def wall_clock(self, text: str) -> datetime:
        """A ``start``/``end`` query value as Clockify reads it (API notes §2.7): the
        wall-clock part, whatever its ``Z`` or offset says, in the profile's zone."""
        parsed = datetime.fromisoformat(text)
        return parsed.replace(tzinfo=ZoneInfo(self.timezone)).astimezone(UTC)
