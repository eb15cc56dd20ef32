"""punchcard's entries as ClickTime request bodies: only the fields ClickTime's models have,
no clock times it was not given, PATCH with what changed and never the date, hours rounded
to the company's increment and precision."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.fakes.clicktime.models import check_object
from tests.vendor import CLICKTIME_FIXTURES
from tui.backends.clicktime import mapping, wire
from tui.domain.models import EntryFields

FIXTURES = CLICKTIME_FIXTURES
BERLIN = ZoneInfo("Europe/Berlin")
WS = "company-0001"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / f"synth.{name}.json").read_text(encoding="utf-8"))


def fields(**changes: Any) -> EntryFields:
    base = EntryFields(
        start=datetime(2026, 11, 18, 0, 0, tzinfo=BERLIN),
        end=datetime(2026, 11, 18, 2, 15, tzinfo=BERLIN),
        description="Code review",
        project_id="job-0001",
        task_id="job-0001/task-0001",
    )
    return base.replace(**changes)


def test_a_create_sends_no_clock_times_unless_asked() -> None:
    body = mapping.create_body(fields(), BERLIN, clock_times=False)
    assert body == {
        "Date": "2026-11-18",
        "Hours": 2.25,
        "JobID": "job-0001",
        "TaskID": "task-0001",
        "Comment": "Code review",
    }
    assert check_object("Post/TimeEntryModel_Me", body, "") == []
    timed = mapping.create_body(
        fields(
            start=datetime(2026, 11, 18, 13, 0, tzinfo=BERLIN),
            end=datetime(2026, 11, 18, 15, 15, tzinfo=BERLIN),
        ),
        BERLIN,
        clock_times=True,
    )
    assert (timed["StartTime"], timed["EndTime"]) == ("13:00", "15:15")
    assert "Comment" not in mapping.create_body(fields(description=""), BERLIN, clock_times=False)
    with pytest.raises(ValueError, match="running"):
        mapping.create_body(fields(end=None), BERLIN, clock_times=False)


def test_a_patch_sends_only_what_changed_and_never_the_date() -> None:
    before = wire.TimeEntry.model_validate(fixture("me-timeentries.single.response")["data"])
    # ClickTime's entry: 2026-11-18 13:00–15:15, 2.25 h, job-0001/task-0001, "Code review".
    same = fields(
        start=datetime(2026, 11, 18, 13, 0, tzinfo=BERLIN),
        end=datetime(2026, 11, 18, 15, 15, tzinfo=BERLIN),
    )
    assert mapping.patch_body(before, same, BERLIN, clock_times=True) == {}
    assert mapping.same_entry(before, same, BERLIN)
    longer = same.replace(end=datetime(2026, 11, 18, 16, 0, tzinfo=BERLIN), description="More")
    body = mapping.patch_body(before, longer, BERLIN, clock_times=True)
    assert body == {"Hours": 3.0, "Comment": "More", "EndTime": "16:00"}
    assert check_object("Patch/TimeEntryModel_Me", body, "") == []
    untimed = mapping.patch_body(before, longer, BERLIN, clock_times=False)
    assert untimed == {"Hours": 3.0, "Comment": "More"}
    other_task = same.replace(project_id="job-0002", task_id="job-0002/task-0002")
    assert mapping.patch_body(before, other_task, BERLIN, clock_times=False) == {
        "JobID": "job-0002",
        "TaskID": "task-0002",
    }
    next_day = same.replace(
        start=datetime(2026, 11, 19, 13, 0, tzinfo=BERLIN),
        end=datetime(2026, 11, 19, 15, 15, tzinfo=BERLIN),
    )
    assert mapping.moves_day(before, next_day, BERLIN)
    with pytest.raises(ValueError, match="another day"):
        mapping.patch_body(before, next_day, BERLIN, clock_times=False)


def test_end_time_includes_the_break_so_clicktimes_arithmetic_holds() -> None:
    before = wire.TimeEntry.model_validate(
        {"ID": "t", "Date": "2026-11-16", "Hours": 6.5, "BreakTime": 0.5}
        | {"StartTime": "09:00", "EndTime": "16:00", "JobID": "j", "TaskID": "k"}
    )
    mapped = mapping.entry(before, WS, BERLIN)
    assert mapped is not None
    shorter = mapped.fields().replace(end=datetime(2026, 11, 16, 15, 0, tzinfo=BERLIN))
    assert mapping.patch_body(before, shorter, BERLIN, clock_times=True) == {
        "Hours": 6.0,
        "EndTime": "15:30",
    }


def test_clock_times_are_sent_where_the_user_must_give_them_or_the_entry_has_them() -> None:
    me = wire.Me.model_validate({"ID": "u", "RequireStartEndTime": False})
    strict = wire.Me.model_validate({"ID": "u", "RequireStartEndTime": True})
    untimed = wire.TimeEntry.model_validate({"ID": "a", "Date": "2026-11-16", "Hours": 1})
    timed = wire.TimeEntry.model_validate({"ID": "b", "StartTime": "09:00", "EndTime": "10:00"})
    assert not mapping.wants_clock_times(me)
    assert not mapping.wants_clock_times(me, untimed)
    assert mapping.wants_clock_times(me, timed)
    assert mapping.wants_clock_times(strict)


@pytest.mark.parametrize(
    ("hours", "increment", "precision", "rounded"),
    [
        (0.3, 0.25, 2, 0.25),
        (0.38, 0.25, 2, 0.5),
        (0.125, 0.25, 2, 0.25),
        (1.234, None, 2, 1.23),
        (1.0 / 3, 0.1, 1, 0.3),
        (7.9999, 0.5, 2, 8.0),
        (2.25, 0.25, 2, 2.25),
        (1.26, 0.0, 1, 1.3),
    ],
)
def test_hours_round_to_the_company_increment_and_precision(
    hours: float, increment: float | None, precision: int, rounded: float
) -> None:
    assert mapping.round_hours(hours, increment, precision) == rounded
