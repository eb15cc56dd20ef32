"""Between ClickTime's wire models and punchcard's domain models, in both directions.

ClickTime has no workspaces: a token belongs to one user of one company, so the company is
the one workspace (its ``ID``, else ``COMPANY_WORKSPACE``). Jobs are projects, clients are
clients. Tasks are company-wide, not children of jobs, while a domain ``Task`` belongs to one
project and tasks are looked up by id alone: so each (job, task) pair the user may book on is
its own domain task, with the id ``task_key(job_id, task_id)`` (``job/task``; ClickTime ids
are used in URL paths and so never hold a ``/``). ``split_task_key`` gives ClickTime's
``TaskID`` back for a request.

Time entries have a ``Date`` and ``Hours``, and clock times only where the user typed them
(or the company requires them). A domain entry always has an aware ``start`` and ``end``, so:

- with a ``StartTime``, ``start`` is that wall-clock time on ``Date`` in the user's zone;
- without one, ``start`` is local midnight of ``Date`` — a placeholder that only places the
  entry on its day, never a time anyone typed;
- ``end`` is always ``start + Hours``, never ``EndTime``: ``Hours`` is what ClickTime
  counts, and ``EndTime`` includes the break;
- both are in UTC, as other backends give them, so a DST day keeps its hours.

Nothing invents clock times that get sent: ``create_body`` and ``patch_body`` send
``StartTime``/``EndTime`` only when told ``clock_times=True``, which the caller decides from
what ClickTime holds (``wants_clock_times``: the user must give them, or the entry already
had them) — never from the domain entry's placeholder start. ``EndTime`` is then
``end + BreakTime``, so ClickTime's own ``EndTime - StartTime - BreakTime = Hours`` holds.
The entry's date cannot change with ``PATCH`` (it is not in the PATCH model): ``moves_day``
tells the caller to delete and create instead.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from tui.backends.clicktime import wire
from tui.domain.models import (
    Capabilities,
    Client,
    EntryFields,
    Project,
    Task,
    TimeEntry,
    User,
    Workspace,
    WorkspaceRules,
)
from tui.domain.safe_text import safe_text
from tui.domain.weeks import WEEKDAY_NAMES

COMPANY_WORKSPACE = "clicktime"
TASK_KEY_SEPARATOR = "/"
DEFAULT_PRECISION = 2


# ---------------------------------------------------------------- who and where


def label(name: str, list_display_text: str) -> str:
    """What ClickTime's own screens show (``ListDisplayText``, e.g. ``WR-100 - Website``),
    else the bare name."""
    return safe_text(list_display_text.strip() or name.strip())


def week_start(company: wire.Company | None) -> int | None:
    """0 = Monday … 6 = Sunday, from ``Company.WeekStartsOn``; None when it does not say."""
    day = ((company.week_starts_on if company else None) or "").strip().lower()
    return WEEKDAY_NAMES.index(day) if day in WEEKDAY_NAMES else None


def user(me: wire.Me, company: wire.Company | None = None) -> User:
    """ClickTime names people ``Last, First``; the name is kept as ClickTime writes it."""
    return User(
        id=me.id,
        name=safe_text(me.name.strip() or me.email or me.id),
        email=safe_text(me.email) if me.email else me.email,
        timezone=None,  # ClickTime keeps no zone for a user: the profile's zone decides
        week_start=week_start(company),
    )


def workspace_id(company: wire.Company | None) -> str:
    return (company.id if company else None) or COMPANY_WORKSPACE


def workspace(company: wire.Company | None) -> Workspace:
    name = company.name.strip() if company else ""
    return Workspace(id=workspace_id(company), name=safe_text(name) or "ClickTime")


def rules(me: wire.Me, company: wire.Company | None) -> WorkspaceRules:
    """Every entry needs a job; a task unless the company hides the task selector; a comment
    where the user's settings require one."""
    task_shown = company is None or company.display_task_selector is not False
    return WorkspaceRules(
        project_required=True,
        task_required=task_shown,
        description_required=me.require_comments,
    )


def capabilities() -> Capabilities:
    """What the backend declares (``capabilities.py``, light for the registry)."""
    from tui.backends.clicktime.capabilities import CAPABILITIES

    return CAPABILITIES


# ---------------------------------------------------------------- catalog


def task_key(job_id: str, task_id: str) -> str:
    return f"{job_id}{TASK_KEY_SEPARATOR}{task_id}"


def split_task_key(key: str) -> tuple[str | None, str]:
    """``(JobID, TaskID)`` of a domain task id; a bare ClickTime id has no job."""
    job, separator, task_id = key.partition(TASK_KEY_SEPARATOR)
    return (job, task_id) if separator else (None, key)


def client(raw: wire.Client, workspace_id: str) -> Client:
    return Client(
        id=raw.id,
        workspace_id=workspace_id,
        name=label(raw.name, raw.list_display_text) or raw.id,
        archived=raw.is_active is False,
    )


def project(raw: wire.Job, workspace_id: str) -> Project:
    client_id = raw.client_id or (raw.client.id if raw.client else None)
    return Project(
        id=raw.id,
        workspace_id=workspace_id,
        name=label(raw.name, raw.list_display_text) or raw.id,
        client_id=client_id,
        billable=False,
        archived=raw.is_active is False,
    )


def task(raw: wire.Task, job_id: str) -> Task:
    return Task(
        id=task_key(job_id, raw.id),
        project_id=job_id,
        name=label(raw.name, raw.list_display_text) or raw.id,
        done=raw.is_active is False,
    )


def job_tasks(
    jobs: list[wire.Job],
    tasks: list[wire.Task],
    allowed: list[wire.TaskControl] | None,
) -> list[Task]:
    """The tasks of every job: the pairs in ``allowed`` where the company restricts tasks by
    job (``TaskRestrictionMethod = byjob``), else every task under every job. A pair twice
    is listed once; a pair naming an unknown task is dropped."""
    by_id = {t.id: t for t in tasks}
    found: dict[str, Task] = {}
    for job in jobs:
        if allowed is None:
            pairs = [(job.id, t.id) for t in tasks]
        else:
            pairs = [(c.job_id, c.task_id) for c in allowed if c.job_id == job.id]
        for job_id, task_id in pairs:
            raw = by_id.get(task_id)
            if raw is not None:
                mapped = task(raw, job_id)
                found.setdefault(mapped.id, mapped)
    return list(found.values())


# ---------------------------------------------------------------- time entries


def hours_seconds(hours: float) -> int:
    return round(hours * 3600)


def entry(raw: wire.TimeEntry, workspace_id: str, tz: tzinfo) -> TimeEntry | None:
    """None for an entry without a readable date or hours: it cannot be placed on a day,
    and guessing would show time where there was none."""
    if raw.date is None or raw.hours is None or raw.hours < 0:
        return None
    start = datetime.combine(raw.date, raw.start_time or time(0), tzinfo=tz).astimezone(UTC)
    end = start + timedelta(seconds=hours_seconds(raw.hours))
    task_id = task_key(raw.job_id, raw.task_id) if raw.job_id and raw.task_id else None
    return TimeEntry(
        id=raw.id,
        workspace_id=workspace_id,
        start=start,
        end=end,
        description=safe_text(raw.comment),
        project_id=raw.job_id,
        task_id=task_id,
        clock_times=has_clock_times(raw),
    )


def has_clock_times(raw: wire.TimeEntry) -> bool:
    return raw.start_time is not None


def wants_clock_times(me: wire.Me, before: wire.TimeEntry | None = None) -> bool:
    """Whether a write sends ``StartTime``/``EndTime``: the user must give them, or the
    entry being changed already has them (and would otherwise keep stale ones)."""
    return me.require_start_end_time or (before is not None and has_clock_times(before))


def round_hours(hours: float, increment: float | None, precision: int | None) -> float:
    """``hours`` to the nearest multiple of the company's ``MinTimeIncrement`` (halves up),
    then to ``PrecisionForHoursValues`` decimals. Whether ClickTime itself rounds up or to
    the nearest is unverified (API notes §10.7): rounding before sending means it never has
    to."""
    value = Decimal(str(hours))
    if increment and increment > 0:
        step = Decimal(str(increment))
        value = (value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step
    places = DEFAULT_PRECISION if precision is None else max(0, precision)
    return float(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def entry_hours(fields: EntryFields, precision: int | None = None) -> float:
    return round_hours(fields.seconds() / 3600, None, precision)


def local_day(fields: EntryFields, tz: tzinfo) -> date:
    return fields.start.astimezone(tz).date()


def _clock(instant: datetime, tz: tzinfo) -> str:
    return instant.astimezone(tz).strftime("%H:%M")


def _clock_times(fields: EntryFields, tz: tzinfo, break_hours: float | None) -> dict[str, str]:
    assert fields.end is not None
    until = fields.end + timedelta(seconds=hours_seconds(break_hours or 0.0))
    return {"StartTime": _clock(fields.start, tz), "EndTime": _clock(until, tz)}


def _finished(fields: EntryFields) -> None:
    if fields.end is None:
        raise ValueError("ClickTime keeps no running entries; stop the timer first.")
    if not fields.project_id:
        raise ValueError("A ClickTime entry needs a job.")


def create_body(
    fields: EntryFields,
    tz: tzinfo,
    *,
    clock_times: bool,
    precision: int | None = None,
) -> dict[str, Any]:
    """``POST /Me/TimeEntries``: date, hours, job, task and the comment where there is one;
    clock times only when ``clock_times``. Hours are rounded to ``precision`` decimals only:
    the company's increment is a rule the caller applies (and tells the user about)."""
    _finished(fields)
    body: dict[str, Any] = {
        "Date": local_day(fields, tz).isoformat(),
        "Hours": entry_hours(fields, precision),
        "JobID": fields.project_id,
    }
    if fields.task_id:
        body["TaskID"] = split_task_key(fields.task_id)[1]
    if fields.description:
        body["Comment"] = fields.description
    if clock_times:
        body.update(_clock_times(fields, tz, None))
    return body


def moves_day(before: wire.TimeEntry, after: EntryFields, tz: tzinfo) -> bool:
    """Whether ``after`` is on another day than ClickTime's entry: PATCH cannot do that."""
    return before.date != local_day(after, tz)


def patch_body(
    before: wire.TimeEntry,
    after: EntryFields,
    tz: tzinfo,
    *,
    clock_times: bool,
    precision: int | None = None,
) -> dict[str, Any]:
    """``PATCH /Me/TimeEntries/{id}`` with only what differs from ClickTime's entry, in the
    fields the PATCH model has (never ``Date``, which it cannot change: see ``moves_day``).
    An empty body means nothing to send."""
    _finished(after)
    if moves_day(before, after, tz):
        raise ValueError("ClickTime cannot move an entry to another day; delete and create.")
    body: dict[str, Any] = {}
    hours = entry_hours(after, precision)
    if before.hours is None or round_hours(before.hours, None, precision) != hours:
        body["Hours"] = hours
    if after.project_id != before.job_id:
        body["JobID"] = after.project_id
    task_id = split_task_key(after.task_id)[1] if after.task_id else None
    if task_id is not None and task_id != before.task_id:
        body["TaskID"] = task_id
    if after.description != before.comment:
        body["Comment"] = after.description
    if clock_times:
        times = _clock_times(after, tz, before.break_time)
        if times["StartTime"] != _hhmm(before.start_time):
            body["StartTime"] = times["StartTime"]
        if times["EndTime"] != _hhmm(before.end_time) or "StartTime" in body:
            body["EndTime"] = times["EndTime"]
    return body


def _hhmm(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value is not None else None


def same_entry(
    raw: wire.TimeEntry, fields: EntryFields, tz: tzinfo, precision: int | None = None
) -> bool:
    """Whether ClickTime's entry is ``fields`` by date, hours, job, task and comment: how a
    create that got no answer is recognised on the server (clock times aside: a placeholder
    start is not a time)."""
    if raw.date != local_day(fields, tz) or raw.hours is None or fields.end is None:
        return False
    task_id = split_task_key(fields.task_id)[1] if fields.task_id else None
    return (
        round_hours(raw.hours, None, precision) == entry_hours(fields, precision)
        and raw.job_id == fields.project_id
        and (task_id is None or raw.task_id == task_id)
        and raw.comment == fields.description
    )
