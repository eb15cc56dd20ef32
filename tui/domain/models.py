"""Backend-neutral models. Every backend maps its own wire format to these at its edge."""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator


class Model(BaseModel):
    # defer_build: building every validator at import would cost each start ~30 ms; a model's
    # validator is built the first time something is validated with it instead.
    model_config = ConfigDict(frozen=True, extra="ignore", defer_build=True)


class Workspace(Model):
    id: str
    name: str


class Client(Model):
    id: str
    workspace_id: str
    name: str
    archived: bool = False


class Project(Model):
    id: str
    workspace_id: str
    name: str
    client_id: str | None = None
    color: str = "#5a9bd5"
    billable: bool = False
    archived: bool = False


class Task(Model):
    id: str
    project_id: str
    name: str
    done: bool = False


class Tag(Model):
    id: str
    workspace_id: str
    name: str
    archived: bool = False


class User(Model):
    id: str
    name: str
    email: str | None = None
    # Where the backend knows them; otherwise the config decides.
    timezone: str | None = None
    week_start: int | None = Field(default=None, ge=0, le=6)  # 0 = Monday


class EntryFields(Model):
    """What a time entry says, without the identity a backend gives it."""

    start: AwareDatetime
    end: AwareDatetime | None = None  # None: the running timer
    description: str = ""
    project_id: str | None = None
    task_id: str | None = None
    tag_ids: tuple[str, ...] = ()
    billable: bool = False

    @model_validator(mode="after")
    def _end_after_start(self) -> EntryFields:
        if self.end is not None and self.end < self.start:
            raise ValueError("an entry cannot end before it starts")
        return self

    @property
    def running(self) -> bool:
        return self.end is None

    def seconds(self, now: datetime | None = None) -> int:
        """Whole seconds; a running entry counts up to ``now``."""
        end = self.end if self.end is not None else now
        if end is None:
            return 0
        return max(0, int((end - self.start).total_seconds()))


class TimeEntry(EntryFields):
    id: str
    workspace_id: str
    locked: bool = False

    def fields(self) -> EntryFields:
        return EntryFields(**self.model_dump(include=set(EntryFields.model_fields)))


class Capabilities(Model):
    """What a backend can do; screens hide what it cannot."""

    billable: bool = True
    tags: bool = True
    clients: bool = True
    running_timer: bool = True
    submit_timesheet: bool = False
    create_workspaces: bool = True
    rates: bool = False
