"""Clockify's JSON as it really arrives: pydantic models that read leniently.

Anything may be null or missing (``tagIds``, ``projectId``, rates, estimates, durations),
``clientId`` is ``""`` for none, unknown keys are ignored, times come with or without
fractions and offsets, and durations are ISO-8601 with hours past 24 (``PT79H12M``). Only the
fields punchcard reads are modelled; everything else a server sends is dropped here.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any, Self

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic import ValidationError as PydanticError
from pydantic.alias_generators import to_camel

from tui.backends.errors import BackendError
from tui.domain.safe_text import safe_text

_DURATION = re.compile(
    r"P(?:(?P<days>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?"
)


def parse_duration(value: object) -> int | None:
    """Whole seconds of an ISO-8601 duration such as ``PT79H12M`` or ``P1DT2H``; None for
    null or anything unreadable (mock servers send ``"string"``)."""
    if not isinstance(value, str):
        return None
    match = _DURATION.fullmatch(value.strip().upper())
    if match is None or value.strip().upper() in {"P", "PT"}:
        return None
    parts = {name: float(text) for name, text in match.groupdict().items() if text}
    seconds = (
        parts.get("days", 0) * 86400
        + parts.get("hours", 0) * 3600
        + parts.get("minutes", 0) * 60
        + parts.get("seconds", 0)
    )
    return int(seconds)


def parse_instant(value: object) -> datetime | None:
    """An aware UTC datetime, whole seconds (rounded down), from any ISO-8601 date-time:
    ``Z`` or an offset, with or without fractions; a time without a zone is UTC."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    else:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).replace(microsecond=0)


def _blank_is_none(value: object) -> object:
    return None if value == "" else value


def _none_is_empty(value: object) -> object:
    return [] if value is None else value


def _none_is_false(value: object) -> object:
    return False if value is None else value


def _none_is_blank(value: object) -> object:
    return "" if value is None else value


def none_is_object(value: object) -> object:
    return {} if value is None else value


OptionalId = Annotated[str | None, BeforeValidator(_blank_is_none)]
Ids = Annotated[list[str], BeforeValidator(_none_is_empty)]
Flag = Annotated[bool, BeforeValidator(_none_is_false)]
Text = Annotated[str, BeforeValidator(_none_is_blank), AfterValidator(safe_text)]
"""A name or a description: text a terminal will show, so control characters (ESC, which
could set the terminal's title or rewrite the screen) become visible stand-ins here, where
the text enters punch."""
SafeOptional = Annotated[str | None, AfterValidator(lambda v: safe_text(v) if v else v)]
Instant = Annotated[datetime | None, BeforeValidator(parse_instant)]
Seconds = Annotated[int | None, BeforeValidator(parse_duration)]


class Wire(BaseModel):
    model_config = ConfigDict(
        extra="ignore", alias_generator=to_camel, populate_by_name=True, frozen=True
    )

    @classmethod
    def read(cls, data: Any) -> Self:
        """``data`` as this model, or a BackendError in words when the answer was valid HTTP
        but not this shape (an empty 200, a list where an object belongs, a null id)."""
        try:
            return cls.model_validate(data)
        except PydanticError:
            raise WrongShapeError(
                f"Clockify sent {_what(cls.__name__, data)} that punch cannot read; "
                "a proxy may be in the way, or the service changed. Try again later."
            ) from None


class WrongShapeError(BackendError):
    """An answer in the wrong shape: valid HTTP and JSON, not the data asked for."""


def _what(model: str, data: Any) -> str:
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", model).lower()
    if data is None:
        return f"nothing where a {words} belongs"
    if isinstance(data, list):
        return f"a list where a {words} belongs"
    return f"a {words}"


class Rate(Wire):
    amount: int | None = None
    """Minor units (cents) per hour."""
    currency: str | None = None


class UserSettings(Wire):
    time_zone: str | None = None
    week_start: str | None = None


class User(Wire):
    id: str
    name: Text = ""
    email: SafeOptional = None
    active_workspace: OptionalId = None
    default_workspace: OptionalId = None
    settings: UserSettings | None = None


class WorkspaceSettings(Wire):
    force_projects: Flag = False
    force_tasks: Flag = False
    force_tags: Flag = False
    force_description: Flag = False
    lock_time_entries: Instant = None
    only_admins_create_project: Flag = False
    only_admins_create_tag: Flag = False
    only_admins_create_task: Flag = False


class Workspace(Wire):
    id: str
    name: Text = ""
    workspace_settings: WorkspaceSettings | None = None
    hourly_rate: Rate | None = None
    features: Ids = Field(default_factory=list)
    """What the workspace's plan offers (``APPROVAL``: timesheets submitted for approval)."""


class Client(Wire):
    id: str
    name: Text = ""
    workspace_id: OptionalId = None
    archived: Flag = False
    address: str | None = None
    email: str | None = None
    note: str | None = None
    currency_id: OptionalId = None


class Task(Wire):
    id: str
    name: Text = ""
    project_id: OptionalId = None
    status: str | None = None
    billable: bool | None = None
    assignee_ids: Ids = Field(default_factory=list)
    user_group_ids: Ids = Field(default_factory=list)
    estimate: Seconds = None
    duration: Seconds = None
    budget_estimate: int | None = None
    hourly_rate: Rate | None = None


class Project(Wire):
    id: str
    name: Text = ""
    workspace_id: OptionalId = None
    client_id: OptionalId = None
    client_name: Text = ""
    color: str | None = None
    billable: Flag = False
    archived: Flag = False
    public: bool | None = None
    note: str | None = None
    duration: Seconds = None
    hourly_rate: Rate | None = None
    tasks: list[Task] | None = None
    """Only in ``hydrated=true`` lists."""


class Tag(Wire):
    id: str
    name: Text = ""
    workspace_id: OptionalId = None
    archived: Flag = False


class TimeInterval(Wire):
    start: Instant = None
    end: Instant = None
    duration: Seconds = None


class CustomFieldValue(Wire):
    custom_field_id: str | None = None
    value: Any = None


class TimeEntry(Wire):
    id: str
    description: Text = ""
    user_id: OptionalId = None
    workspace_id: OptionalId = None
    project_id: OptionalId = None
    task_id: OptionalId = None
    tag_ids: Ids = Field(default_factory=list)
    billable: Flag = False
    is_locked: Flag = False
    approval_request_id: OptionalId = None
    type: str | None = None
    custom_field_values: list[CustomFieldValue] | None = None
    time_interval: Annotated[TimeInterval, BeforeValidator(none_is_object)] = Field(
        default_factory=TimeInterval
    )
    """Null in some answers: such an entry has no start, and is skipped (see mapping)."""


class ErrorBody(Wire):
    message: str | None = None
    code: int | None = None
    title: str | None = None
    """RFC 7807 problem details, as some gateways (and Prism) send instead."""
    detail: str | None = None
