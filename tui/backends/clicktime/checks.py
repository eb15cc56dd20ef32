"""The company's and the user's rules for an entry, checked before anything is sent, each
refusal a sentence that names the rule (API notes §4 and §6; issue 12 "the company's words
and rules"). The server checks them too; checking first means a refusal costs no request and
says which setting is behind it.

Hours are rounded to the company's ``MinTimeIncrement`` and ``PrecisionForHoursValues`` here
(to the nearest step): whether ClickTime rounds or refuses an off-increment value is
unverified, and a value already on the increment is right either way. The rounded entry is
what is sent and what comes back, so the grid shows what ClickTime holds.
"""

from __future__ import annotations

from datetime import date, timedelta, tzinfo

from tui.backends.clicktime import mapping, wire, wire_periods
from tui.backends.errors import ValidationError
from tui.domain.models import EntryFields

_WORDS = {"project": "job", "task": "task", "description": "comment"}


def term(company: wire.Company | None, kind: str) -> str:
    """The company's own word for a job, task or client (``JobTermSingular``…), lower case."""
    if company is not None:
        word = {
            "job": company.job_term_singular,
            "task": company.task_term_singular,
            "client": company.client_term_singular,
        }.get(kind)
        if word and word.strip():
            return word.strip().lower()
    return kind


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def required(me: wire.Me, company: wire.Company | None, fields: EntryFields) -> None:
    missing = mapping.rules(me, company).missing(fields)
    if missing:
        words = [term(company, _WORDS.get(name, name)) for name in missing]
        raise ValidationError(
            f"ClickTime requires a {_and(words)} on every entry"
            + (" (your settings require comments)" if "description" in missing else "")
            + "; add it first."
        )


def clock_span(me: wire.Me, fields: EntryFields, tz: tzinfo) -> None:
    """Where the user's settings require start and end times, they are sent as clock times
    of the entry's one day: an entry that runs past local midnight cannot be given them."""
    if not me.require_start_end_time or fields.end is None:
        return
    if fields.end.astimezone(tz).date() != fields.start.astimezone(tz).date():
        raise ValidationError(
            "Your ClickTime settings require start and end times, which must fall on one "
            "day; end the entry by midnight and put the rest on the next day."
        )


def rounded(company: wire.Company | None, fields: EntryFields) -> EntryFields:
    """``fields`` with its hours on the company's increment and precision."""
    assert fields.end is not None
    increment = company.min_time_increment if company else None
    precision = company.precision_for_hours_values if company else None
    hours = mapping.round_hours(fields.seconds() / 3600, increment, precision)
    allow_zero = company.allow_zero_hour_time_entries if company else False
    if hours <= 0 and not allow_zero:
        step = f" (time is counted in steps of {increment:g} h)" if increment else ""
        raise ValidationError(
            f"ClickTime does not allow zero-hour entries in this company{step}; "
            "enter more time or delete the entry."
        )
    end = fields.start + timedelta(seconds=mapping.hours_seconds(hours))
    return fields if end == fields.end else fields.replace(end=end)


def dated(
    company: wire.Company | None,
    day: date,
    today: date,
    sheet: wire_periods.Timesheet | None,
) -> None:
    """Refuse time on a day in the future (where the company says so) or a closed day."""
    if company is not None and not company.allow_worked_time_entry_in_future and day > today:
        raise ValidationError(
            f"ClickTime does not allow time in the future in this company ({day.isoformat()})."
        )
    closed(company, day, sheet)


def closed(company: wire.Company | None, day: date, sheet: wire_periods.Timesheet | None) -> None:
    """Refuse a change on a day the company's lock date or its timesheet closes: what an
    entry is moved or deleted from, as well as what it is written to."""
    lock = company.lock_date if company else None
    if lock is not None and day <= lock:
        raise ValidationError(
            f"Time on or before ClickTime's lock date {lock.isoformat()} cannot be changed; "
            "ask an administrator to move the lock date."
        )
    if sheet is None:
        return
    status = sheet.status.strip().lower()
    if status in {"waiting", "jobhold", "torahold"}:
        raise ValidationError(
            f"The timesheet of {day.isoformat()} is submitted and waiting for approval; "
            "undo the submission to change it."
        )
    if status in {"approved", "locked"}:
        raise ValidationError(
            f"The timesheet of {day.isoformat()} is {sheet.status.lower()}; "
            "ask your approver to reopen it."
        )


def job_task(
    company: wire.Company | None,
    fields: EntryFields,
    jobs: dict[str, wire.Job],
    allowed_task_keys: set[str],
) -> None:
    """The job must be one of the user's, the task one the job allows."""
    job = term(company, "job")
    if fields.project_id and fields.project_id not in jobs:
        raise ValidationError(f"That {job} is not one you can book time on in ClickTime.")
    if fields.task_id:
        task_job, _ = mapping.split_task_key(fields.task_id)
        if task_job != fields.project_id or fields.task_id not in allowed_task_keys:
            raise ValidationError(
                f"That {term(company, 'task')} is not allowed on this {job} in ClickTime."
            )


def local_day(fields: EntryFields, tz: tzinfo) -> date:
    return mapping.local_day(fields, tz)
