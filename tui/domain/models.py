"""Backend-neutral models. Every backend maps its own wire format to these at its edge.

Frozen standard-library dataclasses, validated in ``__post_init__``: they are built by the
hundred on every start and every week load, from data a backend has already checked, and
pydantic's import and validators would add a measurable share of start-up time. Wire models
(the JSON of remote systems, untrusted) are pydantic models inside each remote backend.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import Any, Self


@dataclass(frozen=True, slots=True, kw_only=True)
class Model:
    def replace(self, **changes: Any) -> Self:
        """A copy with ``changes``, validated like a new instance."""
        return replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True, kw_only=True)
class Workspace(Model):
    id: str
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Client(Model):
    id: str
    workspace_id: str
    name: str
    archived: bool = False


DEFAULT_PROJECT_COLOR = "#5a9bd5"


@dataclass(frozen=True, slots=True, kw_only=True)
class Project(Model):
    id: str
    workspace_id: str
    name: str
    client_id: str | None = None
    color: str = DEFAULT_PROJECT_COLOR
    billable: bool = False
    archived: bool = False
    hourly_rate: int | None = None
    """Billable rate in the currency's minor units per hour, where the backend knows it."""
    currency: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Task(Model):
    id: str
    project_id: str
    name: str
    done: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Tag(Model):
    id: str
    workspace_id: str
    name: str
    archived: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class User(Model):
    id: str
    name: str
    email: str | None = None
    # Where the backend knows them; otherwise the config decides.
    timezone: str | None = None
    week_start: int | None = None  # 0 = Monday

    def __post_init__(self) -> None:
        if self.week_start is not None and not 0 <= self.week_start <= 6:
            raise ValueError(f"week_start must be 0 (Monday) to 6, not {self.week_start}")


def _aware(name: str, value: datetime | None) -> None:
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValueError(f"{name} must be a time-zone aware datetime")


@dataclass(frozen=True, slots=True, kw_only=True)
class EntryFields(Model):
    """What a time entry says, without the identity a backend gives it."""

    start: datetime
    end: datetime | None = None  # None: the running timer
    description: str = ""
    project_id: str | None = None
    task_id: str | None = None
    tag_ids: tuple[str, ...] = ()
    billable: bool = False

    def __post_init__(self) -> None:
        _aware("start", self.start)
        _aware("end", self.end)
        if self.end is not None and self.end < self.start:
            raise ValueError("an entry cannot end before it starts")
        if not isinstance(self.tag_ids, tuple):
            object.__setattr__(self, "tag_ids", tuple(self.tag_ids))

    @property
    def running(self) -> bool:
        return self.end is None

    def seconds(self, now: datetime | None = None) -> int:
        """Whole seconds; a running entry counts up to ``now``."""
        end = self.end if self.end is not None else now
        if end is None:
            return 0
        return max(0, int((end - self.start).total_seconds()))

    def entry_fields(self) -> dict[str, Any]:
        """The fields every entry has, as keyword arguments."""
        return {
            "start": self.start,
            "end": self.end,
            "description": self.description,
            "project_id": self.project_id,
            "task_id": self.task_id,
            "tag_ids": self.tag_ids,
            "billable": self.billable,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeEntry(EntryFields):
    id: str
    workspace_id: str
    locked: bool = False
    clock_times: bool = True
    """The service holds when it started and ended. False for a ClickTime entry of a date
    and hours only: its start is a placeholder at local midnight that only puts it on its
    day, so no gap or overlap is read from it and no time of day is shown for it."""

    def fields(self) -> EntryFields:
        return EntryFields(**self.entry_fields())


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkspaceRules(Model):
    """What a workspace demands of every entry (Clockify's "required fields"), and what it
    allows. The local store demands nothing."""

    project_required: bool = False
    task_required: bool = False
    tags_required: bool = False
    description_required: bool = False

    def missing(self, entry: EntryFields) -> list[str]:
        """Names of the required fields ``entry`` lacks, in the order a form shows them."""
        lacks = []
        if self.project_required and not entry.project_id:
            lacks.append("project")
        if self.task_required and not entry.task_id:
            lacks.append("task")
        if self.tags_required and not entry.tag_ids:
            lacks.append("tags")
        if self.description_required and not entry.description.strip():
            lacks.append("description")
        return lacks


@dataclass(frozen=True, slots=True, kw_only=True)
class Capabilities(Model):
    """What a backend can do; screens hide what it cannot."""

    billable: bool = True
    tags: bool = True
    clients: bool = True
    running_timer: bool = True
    submit_timesheet: bool = False
    create_workspaces: bool = True
    rates: bool = False
    entries_without_project: bool = True
    """An entry may have no project (ClickTime needs a job on every entry)."""
