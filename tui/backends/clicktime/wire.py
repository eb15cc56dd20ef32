"""ClickTime's JSON as it arrives (API notes §3–§4): pydantic models that read leniently.

Every answer is an envelope ``{data, errors, page, meta, jsonapi}``; ``data`` is an object or
a list. Keys are PascalCase with ``ID`` spelled in capitals (``JobID``). Ids are opaque
strings (a number is read as its text); ``Hours`` and other numbers arrive as JSON numbers or,
on some accounts, as strings; dates are ``yyyy-mm-dd``; clock times ``HH:MM``; anything may be
null or missing; unknown keys are ignored. Only the fields punchcard reads are modelled.
Timesheets, time off and timers are in ``wire_periods``.
"""

from __future__ import annotations

import math
import re
from datetime import date, time
from typing import Annotated, Generic, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, SecretStr
from pydantic import ValidationError as PydanticError
from pydantic.alias_generators import to_pascal

T = TypeVar("T")
W = TypeVar("W", bound="Wire")

_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?")


def pascal_alias(name: str) -> str:
    """``job_id`` → ``JobID``: ClickTime capitalises the ``ID`` suffix."""
    text = to_pascal(name)
    return text[:-2] + "ID" if text.endswith("Id") else text


def parse_number(value: object) -> float | None:
    """A number from a JSON number or its text (``"1.5"``, ``" 2 "``); None for null, blank,
    booleans or anything unreadable, never a guess."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def parse_date(value: object) -> date | None:
    """A ``yyyy-mm-dd`` date; a date-time's date part is accepted (``2026-11-16T00:00:00``)."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or len(value.strip()) < 10:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def parse_clock(value: object) -> time | None:
    """A 24-hour ``HH:MM`` (or ``HH:MM:SS``) wall-clock time; ``h:mm AM``/``PM`` is read too,
    in case an account's preferred format leaks into the API. None when unreadable."""
    if isinstance(value, time):
        return value
    if not isinstance(value, str):
        return None
    match = _CLOCK.fullmatch(value.strip())
    if match is None:
        return None
    hour, minute = int(match[1]), int(match[2])
    second = int(match[3] or 0)
    if match[4]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match[4].lower() == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def _id_text(value: object) -> object:
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _none_is_empty(value: object) -> object:
    return [] if value is None else value


def _none_is_false(value: object) -> object:
    return False if value is None else value


def _none_is_blank(value: object) -> object:
    return "" if value is None else value


def _one_or_many(value: object) -> object:
    """``MessageDetail`` is a list of strings in the spec; a lone string is read as one."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return value


Id = Annotated[str, BeforeValidator(_id_text)]
OptionalId = Annotated[str | None, BeforeValidator(_id_text)]
Number = Annotated[float | None, BeforeValidator(parse_number)]
Day = Annotated[date | None, BeforeValidator(parse_date)]
Clock = Annotated[time | None, BeforeValidator(parse_clock)]
Flag = Annotated[bool, BeforeValidator(_none_is_false)]
Text = Annotated[str, BeforeValidator(_none_is_blank)]
Texts = Annotated[list[str], BeforeValidator(_one_or_many)]


class Wire(BaseModel):
    model_config = ConfigDict(
        extra="ignore", alias_generator=pascal_alias, populate_by_name=True, frozen=True
    )


# ---------------------------------------------------------------- the envelope


class Links(Wire):
    model_config = ConfigDict(
        extra="ignore", alias_generator=None, populate_by_name=True, frozen=True
    )
    self_: str | None = Field(default=None, alias="self")
    first: str | None = None
    previous: str | None = None
    next: str | None = None
    last: str | None = None


class Page(Wire):
    """Paging of a list answer: ``count`` is the total number of records."""

    model_config = ConfigDict(
        extra="ignore", alias_generator=None, populate_by_name=True, frozen=True
    )
    count: int | None = None
    limit: int | None = None
    offset: int | None = None
    links: Links | None = None

    def has_more(self, received: int) -> bool:
        """Whether to ask for the next page after ``received`` records (API notes §3): by
        ``offset + limit`` against ``count`` where the page says them, else by
        ``links.next``. An empty page never asks for more."""
        if received == 0:
            return False
        if self.count is not None and self.offset is not None and self.limit:
            return self.offset + self.limit < self.count
        return bool(self.links is not None and self.links.next)


class APIError(Wire):
    field: Text = ""
    message: Text = ""
    message_detail: Texts = Field(default_factory=list)
    # Not in the spec; other clients read them defensively (API notes §3).
    detail: Text = ""
    title: Text = ""


class Envelope(Wire, Generic[T]):
    model_config = ConfigDict(
        extra="ignore", alias_generator=None, populate_by_name=True, frozen=True
    )
    data: T | None = None
    errors: Annotated[list[APIError], BeforeValidator(_none_is_empty)] = Field(default_factory=list)
    page: Page | None = None


class ErrorEnvelope(Envelope[object]):
    """Any answer read only for its errors: ``data`` is whatever came. A bare
    ``{"Message": …}`` is read as one error: it is the shape ASP.NET Web API hosts answer
    with before a request reaches the API (an inference; no such ClickTime body is on
    record)."""

    message: str | None = Field(default=None, alias="Message")

    def all_errors(self) -> list[APIError]:
        if self.errors or not (self.message or "").strip():
            return list(self.errors)
        return [APIError(message=self.message or "")]


def parse_items(model: type[W], raw: object) -> list[W]:
    """The items of a list answer's ``data`` that are readable as ``model``; one unreadable
    record (no ``ID``, say) is dropped rather than failing the whole page."""
    if not isinstance(raw, list):
        return []
    items: list[W] = []
    for item in raw:
        try:
            items.append(model.model_validate(item))
        except PydanticError:
            continue
    return items


# ---------------------------------------------------------------- who and where


class AuthToken(Wire):
    token: SecretStr | None = None
    """In ``GET /Me`` answers (how a Basic-auth caller gets the token); never in a repr."""
    token_creation_time: str | None = None


class Me(Wire):
    """``GET /Me``: the user and the rules the company applies to them (API notes §4)."""

    id: Id
    name: Text = ""
    email: str | None = None
    is_active: bool | None = None
    security_level: str | None = None
    """``STANDARD``, ``MANAGER`` or ``ADMIN``."""
    require_comments: Flag = False
    require_start_end_time: Flag = False
    require_stopwatch: Flag = False
    enable_break_time: Flag = False
    minimum_time_hours: Number = None
    minimum_time_period: str | None = None
    """``Day`` or ``Week``."""
    subject_to_timesheet_approval: Flag = False
    subject_to_timesheet_completion: Flag = False
    allow_incomplete_timesheet_submission: Flag = False
    default_task_id: OptionalId = None
    timesheet_approver_id: OptionalId = None
    preferred_time_format: str | None = None
    skip_weekend: Flag = False
    start_date: Day = None
    end_date: Day = None
    auth_token: AuthToken | None = None


class Company(Wire):
    """``GET /Company``: terms, week start, timesheet period and entry rules."""

    id: OptionalId = None
    name: Text = ""
    week_starts_on: str | None = None
    timesheet_model: str | None = None
    """``weekly``, ``biweekly``, ``semimonthly``, ``monthly`` or ``custom``."""
    timesheet_model_custom_number_of_days: int | None = None
    start_date: Day = None
    job_term_singular: str | None = None
    job_term_plural: str | None = None
    task_term_singular: str | None = None
    task_term_plural: str | None = None
    client_term_singular: str | None = None
    client_term_plural: str | None = None
    display_client_selector: bool | None = None
    display_task_selector: bool | None = None
    job_restriction_method: str | None = None
    task_restriction_method: str | None = None
    """``byjob``: tasks are allowed per job (``/Me/Jobs/TaskControls``)."""
    allow_zero_hour_time_entries: Flag = False
    allow_worked_time_entry_in_future: Flag = False
    min_time_increment: Number = None
    precision_for_hours_values: int | None = None
    lock_date: Day = None
    currency_iso: str | None = None
    currency_symbol: str | None = None
    phases_enabled: Flag = False
    sub_phases_enabled: Flag = False
    dcaa_log_enabled: Flag = Field(default=False, alias="DCAALogEnabled")


# ---------------------------------------------------------------- catalog


class ClientRef(Wire):
    """The ``Client`` object nested in verbose jobs and entries."""

    id: Id
    name: Text = ""
    list_display_text: Text = ""
    is_active: bool | None = None


class Client(ClientRef):
    short_name: Text = ""
    client_number: Text = ""


class JobRef(Wire):
    id: Id
    client_id: OptionalId = None
    name: Text = ""
    list_display_text: Text = ""
    is_active: bool | None = None


class Job(JobRef):
    job_number: Text = ""
    client: ClientRef | None = None
    start_date: Day = None
    end_date: Day = None
    my_jobs: bool | None = None


class TaskRef(Wire):
    id: Id
    name: Text = ""
    list_display_text: Text = ""
    is_active: bool | None = None


class Task(TaskRef):
    task_code: Text = ""
    my_tasks: bool | None = None


class TaskControl(Wire):
    """One allowed (job, task) pair of ``GET /Me/Jobs/TaskControls``."""

    job_id: Id
    task_id: Id


def task_ids(value: object) -> list[str]:
    """``GET /Me/Jobs/{id}/Tasks`` is a list of task id strings; objects with an ``ID`` are
    tolerated as another client does (API notes §4). Anything else is dropped."""
    if not isinstance(value, list):
        return []
    found: list[str] = []
    for item in value:
        raw = item.get("ID") if isinstance(item, dict) else item
        text = _id_text(raw)
        if isinstance(text, str) and text:
            found.append(text)
    return found


class UserRef(Wire):
    id: Id
    name: Text = ""
    email: str | None = None
    is_active: bool | None = None


# ---------------------------------------------------------------- time entries


class TimeEntry(Wire):
    """``Get/TimeEntryModel_Me``; ``Job``, ``Task``, ``Client``, ``User`` only with
    ``verbose=true``."""

    id: Id
    date: Day = None
    hours: Number = None
    break_time: Number = None
    start_time: Clock = None
    end_time: Clock = None
    comment: Text = ""
    job_id: OptionalId = None
    task_id: OptionalId = None
    user_id: OptionalId = None
    billing_rate: Number = None
    cost_rate: Number = None
    custom_fields: dict[str, object] | None = None
    job: JobRef | None = None
    task: TaskRef | None = None
    client: ClientRef | None = None
    user: UserRef | None = None
