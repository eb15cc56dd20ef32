"""The weekly review's numbers on hand-checked weeks: a plain week, a DST week, entries
crossing midnight, overlaps, a running timer, and a week that starts on Sunday."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from tui.domain.models import Client, Project, Task, TimeEntry, WorkspaceRules
from tui.domain.review import Expectations, build_review, compare, format_amount
from tui.domain.review_problems import Problem
from tui.domain.timesheet import Catalog
from tui.domain.weeks import week_days

BERLIN = ZoneInfo("Europe/Berlin")
H = 3600
WEEK = week_days(date(2026, 11, 16))  # Mon 16 – Sun 22 Nov 2026
MON, TUE, WED, THU, FRI, SAT, SUN = WEEK
# Wednesday 18 Nov 2026, 10:30 in Berlin (09:30 UTC), as in the app tests.
NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
NO_GAPS = Expectations(gap_seconds=24 * H)

CATALOG = Catalog(
    clients={"c1": Client(id="c1", workspace_id="w", name="Acme")},
    projects={
        "p1": Project(
            id="p1", workspace_id="w", name="Web", client_id="c1", hourly_rate=10000, currency="EUR"
        ),
        "p2": Project(id="p2", workspace_id="w", name="Internal"),
        "p3": Project(
            id="p3", workspace_id="w", name="App", client_id="c1", hourly_rate=5000, currency="USD"
        ),
    },
    tasks={
        "t1": Task(id="t1", project_id="p1", name="Design"),
        "t2": Task(id="t2", project_id="p2", name="Design"),
    },
)
TAGS = {"g1": "meeting", "g2": "remote"}
_ids = itertools.count()


def at(day: date, hh: int, mm: int = 0, tz: ZoneInfo = BERLIN) -> datetime:
    return datetime.combine(day, time(hh, mm), tz).astimezone(UTC)


def entry(
    start: datetime,
    end: datetime | None,
    project: str | None = "p1",
    task: str | None = None,
    **kw,
) -> TimeEntry:
    return TimeEntry(
        id=f"e{next(_ids)}",
        workspace_id="w",
        start=start,
        end=end,
        project_id=project,
        task_id=task,
        **kw,
    )


def kinds(problems: tuple[Problem, ...]) -> list[tuple[str, date]]:
    return [(p.kind, p.day) for p in problems]


def test_a_plain_week_against_its_targets():
    entries = [
        entry(at(MON, 9), at(MON, 12), "p1", "t1", billable=True, tag_ids=("g1",)),
        entry(at(MON, 12, 30), at(MON, 17), "p2", tag_ids=("g1", "g2")),
        entry(at(WED, 8), at(WED, 10), "p2", "t2"),
        entry(at(SAT, 10), at(SAT, 11), None),
    ]
    review = build_review(
        entries, WEEK, BERLIN, now=NOW, catalog=CATALOG, tag_names=TAGS, expect=NO_GAPS
    )
    assert [d.seconds for d in review.days] == [7.5 * H, 0, 2 * H, 0, 0, H, 0]
    assert [d.target for d in review.days] == [8 * H] * 5 + [0, 0]
    assert [d.balance for d in review.days] == [-0.5 * H, -8 * H, -6 * H, -8 * H, -8 * H, H, 0]
    assert review.total == 10.5 * H
    assert review.target == 40 * H
    assert review.balance == -29.5 * H
    assert review.billable == 3 * H
    assert review.non_billable == 7.5 * H
    assert [d.billable for d in review.days] == [3 * H, 0, 0, 0, 0, 0, 0]
    assert review.amounts == (("EUR", 30000),)  # 3 h at 100.00 EUR
    assert review.unpriced_billable == 0

    projects = review.breakdown("project").lines
    assert [(line.label, line.seconds) for line in projects] == [
        ("Internal", 6.5 * H),
        ("Acme › Web", 3 * H),
        ("(no project)", H),
    ]
    assert [round(line.share, 4) for line in projects] == [0.619, 0.2857, 0.0952]
    assert projects[1].amounts == (("EUR", 30000),)
    assert projects[1].billable == 3 * H
    clients = review.breakdown("client").lines
    assert [(line.label, line.seconds) for line in clients] == [
        ("(no client)", 7.5 * H),
        ("Acme", 3 * H),
    ]
    tasks = review.breakdown("task").lines
    # Two projects' "Design" tasks are two lines, each under its project.
    assert [(line.label, line.seconds) for line in tasks] == [
        ("Internal › (no task)", 4.5 * H),
        ("Acme › Web › Design", 3 * H),
        ("Internal › Design", 2 * H),
        ("(no project)", H),
    ]
    # An entry with two tags counts under both, so tag shares can add up to more than 1.
    tags = review.breakdown("tag").lines
    assert [(line.label, line.seconds) for line in tags] == [
        ("meeting", 7.5 * H),
        ("remote", 4.5 * H),
        ("(no tag)", 3 * H),
    ]
    assert sum(line.share for line in tags) > 1

    # Tuesday is a past working day with nothing; Thursday and Friday are still to come,
    # Wednesday is today, and the weekend has no target.
    assert kinds(review.problems) == [("empty_day", TUE)]
    assert review.problems[0].key is None
    assert review.problems[0].entry_id is None


def test_entries_crossing_midnight_count_on_both_days_and_are_listed():
    late = entry(at(THU, 22, 15), at(FRI, 0, 55), "p1", billable=True)
    into_week = entry(at(MON - timedelta(days=1), 23), at(MON, 1), "p2")
    review = build_review(
        [late, into_week],
        WEEK,
        BERLIN,
        now=datetime(2026, 11, 23, 8, tzinfo=UTC),
        catalog=CATALOG,
        expect=NO_GAPS,
    )
    seconds = {d.day: d.seconds for d in review.days}
    assert seconds[THU] == 105 * 60
    assert seconds[FRI] == 55 * 60
    assert seconds[MON] == H  # only the hour after midnight belongs to this week
    assert review.total == 105 * 60 + 55 * 60 + H
    assert review.amounts == (("EUR", 26667),)  # 2:40 at 100.00/h = 266.666…
    midnight = [p for p in review.problems if p.kind == "crosses_midnight"]
    assert [(p.day, p.entry_id, p.key) for p in midnight] == [
        (MON, into_week.id, ("p2", None)),  # listed on its first day inside the week
        (THU, late.id, ("p1", None)),
    ]
    assert "Thu 22:15 → Fri 00:55 (2:40)" in midnight[1].message


def test_a_dst_week_has_a_25_hour_sunday():
    dst = week_days(date(2026, 10, 19))  # Berlin sets clocks back on Sunday 25 Oct, 03:00
    saturday, sunday = dst[5], dst[6]
    # 22:00 Saturday (CEST) to 04:00 Sunday (CET): six hours on the wall, seven in fact.
    night = entry(at(saturday, 22), at(sunday, 4), "p2")
    assert night.seconds() == 7 * H
    review = build_review(
        [night], dst, BERLIN, now=datetime(2026, 10, 27, 12, tzinfo=UTC), expect=NO_GAPS
    )
    assert [d.seconds for d in review.days][5:] == [2 * H, 5 * H]
    assert review.total == 7 * H
    assert review.balance == 7 * H - 40 * H
    assert ("crosses_midnight", saturday) in kinds(review.problems)
    assert [p.day for p in review.problems if p.kind == "empty_day"] == list(dst[:5])


def test_the_gap_of_a_dst_day_is_measured_in_real_time():
    sunday = date(2026, 10, 25)
    week = week_days(date(2026, 10, 19))
    before = entry(at(sunday, 1), at(sunday, 1, 30), "p2")
    # 01:30 CEST to 03:30 CET is three real hours, though the wall clock moved two.
    after = entry(at(sunday, 3, 30), at(sunday, 4), "p2")
    expect = Expectations(workday_start=time(0, 0), workday_end=time(23, 0), gap_seconds=2 * H)
    review = build_review([before, after], week, BERLIN, now=at(sunday, 12), expect=expect)
    gaps = [p for p in review.problems if p.kind == "gap"]
    assert len(gaps) == 1
    assert "(3:00)" in gaps[0].message
    assert gaps[0].entry_id == before.id
    assert gaps[0].day == sunday


def test_overlaps_are_reported_once_per_pair_at_the_entry_that_fixes_them():
    a = entry(at(MON, 10), at(MON, 11), "p1")
    b = entry(at(MON, 10, 30), at(MON, 12), "p2")
    c = entry(at(MON, 10, 45), at(MON, 10, 50), "p2")
    d = entry(at(MON, 12), at(MON, 13), "p1")  # touching is not overlapping
    review = build_review([a, b, c, d], WEEK, BERLIN, now=NOW, catalog=CATALOG, expect=NO_GAPS)
    overlaps = [p for p in review.problems if p.kind == "overlap"]
    assert [(p.entry_id, p.key) for p in overlaps] == [
        (b.id, ("p2", None)),
        (c.id, ("p2", None)),
        (c.id, ("p2", None)),
    ]
    assert "Overlap 10:30–11:00 (0:30): Acme › Web and Internal" in overlaps[0].message
    assert "two entries of Internal" in overlaps[2].message
    # Overlapping time still counts once per entry: the review adds up what was logged.
    assert review.days[0].seconds == H + 1.5 * H + 5 * 60 + H


def test_a_timer_running_from_an_earlier_day():
    running = entry(at(MON, 17), None, "p2", description="forgot me")
    finished = entry(at(MON, 16), at(MON, 17, 30), "p1")
    review = build_review(
        [finished, running], WEEK, BERLIN, now=NOW, catalog=CATALOG, expect=NO_GAPS
    )
    # Not in any total: it has not ended.
    assert review.total == 1.5 * H
    assert review.running == (NOW - at(MON, 17)) // timedelta(seconds=1)
    assert review.running_since == at(MON, 17)
    stale = [p for p in review.problems if p.kind == "stale_timer"]
    assert [(p.day, p.key, p.entry_id) for p in stale] == [(MON, ("p2", None), None)]
    assert "since Mon 16 Nov 17:00 (41:30)" in stale[0].message
    # The timer covers Tuesday, so Tuesday is not reported as empty as well.
    assert ("empty_day", TUE) not in kinds(review.problems)
    # It overlaps the finished entry; the finished one is where that is fixed.
    overlap = next(p for p in review.problems if p.kind == "overlap")
    assert overlap.entry_id == finished.id
    assert "17:00–17:30" in overlap.message


def test_a_timer_started_today_is_no_problem():
    running = entry(at(WED, 9), None, "p2")
    review = build_review([running], WEEK, BERLIN, now=NOW, expect=NO_GAPS)
    assert [p for p in review.problems if p.kind == "stale_timer"] == []
    assert review.running == 1.5 * H


def test_gaps_inside_the_working_day():
    entries = [
        entry(at(MON, 7), at(MON, 8, 30), "p1"),  # before the working day: no gap after it
        entry(at(MON, 10), at(MON, 11), "p1"),
        entry(at(MON, 10, 30), at(MON, 11, 15), "p2"),  # merges with the one before
        entry(at(MON, 12), at(MON, 12, 30), "p1"),  # 45 min after 11:15: a gap
        entry(at(MON, 13), at(MON, 14), "p1"),  # exactly 30 min: not longer than the limit
        entry(at(MON, 17, 30), at(MON, 19), "p2"),  # 3:30 gap; ends after the working day
    ]
    # No lunch break allowed, so every gap over the limit is one (the lunch: test_review_lunch).
    expect = Expectations(lunch_seconds=0)
    review = build_review(entries, WEEK, BERLIN, now=NOW, catalog=CATALOG, expect=expect)
    gaps = [p for p in review.problems if p.kind == "gap"]
    assert [p.message for p in gaps] == [
        "Gap 11:15–12:00 (0:45) between entries",
        "Gap 14:00–17:30 (3:30) between entries",
    ]
    # Each jumps to the entry before the gap: growing it fills the gap.
    assert [p.entry_id for p in gaps] == [entries[2].id, entries[4].id]
    assert [p.key for p in gaps] == [("p2", None), ("p1", None)]


def test_required_fields_that_entries_lack():
    rules = WorkspaceRules(project_required=True, description_required=True)
    lacking = entry(at(MON, 9), at(MON, 10), None)
    fine = entry(at(MON, 10), at(MON, 11), "p1", description="Fix login")
    review = build_review(
        [lacking, fine], WEEK, BERLIN, now=NOW, rules=rules, catalog=CATALOG, expect=NO_GAPS
    )
    missing = [p for p in review.problems if p.kind == "missing_fields"]
    assert [(p.entry_id, p.key, p.day) for p in missing] == [(lacking.id, (None, None), MON)]
    assert missing[0].message == "Missing project, description: 09:00–10:00 (no project)"


def test_amounts_only_where_rates_are_known():
    entries = [
        entry(at(MON, 9), at(MON, 9, 20), "p1", billable=True),  # 20 min at 100.00 EUR
        entry(at(MON, 10), at(MON, 11), "p3", billable=True),  # 1 h at 50.00 USD
        entry(at(MON, 11), at(MON, 12), "p2", billable=True),  # billable, no rate
        entry(at(MON, 12), at(MON, 13), "p1", billable=False),  # rate, but not billable
    ]
    review = build_review(entries, WEEK, BERLIN, now=NOW, catalog=CATALOG, expect=NO_GAPS)
    assert review.amounts == (("EUR", 3333), ("USD", 5000))
    assert review.unpriced_billable == H
    assert review.billable == H + H + 20 * 60
    assert format_amount("EUR", 3333) == "33.33 EUR"
    assert format_amount("JPY", 1200) == "1,200 JPY"
    assert format_amount("EUR", 123456789) == "1,234,567.89 EUR"


def test_a_week_that_starts_on_sunday():
    week = week_days(date(2026, 11, 15))  # Sun 15 – Sat 21 Nov
    entries = [
        entry(at(date(2026, 11, 15), 10), at(date(2026, 11, 15), 12), "p2"),
        entry(at(MON, 9), at(MON, 17), "p2"),
        entry(at(SUN, 9), at(SUN, 10), "p2"),  # Sunday 22 belongs to the next week
    ]
    review = build_review(entries, week, BERLIN, now=NOW, expect=NO_GAPS)
    assert review.first == date(2026, 11, 15)
    assert [d.target for d in review.days] == [0] + [8 * H] * 5 + [0]
    assert [d.seconds for d in review.days] == [2 * H, 8 * H, 0, 0, 0, 0, 0]
    assert review.balance == 10 * H - 40 * H
    assert kinds(review.problems) == [("empty_day", TUE)]


def test_comparison_with_the_previous_week_and_the_average_of_four():
    def week_of(first: date, hours: float, billable: bool = False) -> list[TimeEntry]:
        start = at(first + timedelta(days=1), 9)
        return [entry(start, start + timedelta(hours=hours), "p2", billable=billable)]

    firsts = [date(2026, 11, 9), date(2026, 11, 2), date(2026, 10, 26), date(2026, 10, 19)]
    history = [
        (firsts[0], week_of(firsts[0], 10, billable=True)),
        (firsts[1], week_of(firsts[1], 20)),
        (firsts[2], week_of(firsts[2], 3.5)),
        (firsts[3], []),
    ]
    comparison = compare(history, BERLIN)
    assert comparison is not None
    assert comparison.weeks == 4
    assert comparison.previous.first == date(2026, 11, 9)
    assert comparison.previous.last == date(2026, 11, 15)
    assert comparison.previous.total == 10 * H
    assert comparison.previous.billable == 10 * H
    assert comparison.average.first == date(2026, 10, 19)
    assert comparison.average.last == date(2026, 11, 15)
    assert comparison.average.total == (10 + 20 + 3.5) * H / 4
    assert comparison.average.billable == 2.5 * H
    review = build_review([], WEEK, BERLIN, now=NOW, history=history)
    assert review.comparison == comparison
    assert compare([], BERLIN) is None


def test_the_average_rounds_half_seconds_up():
    day = date(2026, 11, 10)
    history = [
        (date(2026, 11, 9), [entry(at(day, 9), at(day, 9) + timedelta(seconds=3), "p2")]),
        (date(2026, 11, 2), []),
    ]
    comparison = compare(history, BERLIN)
    assert comparison is not None
    assert comparison.average.total == 2


@pytest.mark.parametrize("target", [0, 4 * H])
def test_configured_targets_and_a_day_with_no_target_is_never_empty(target: int):
    expect = Expectations(daily_target=(target,) * 7, gap_seconds=24 * H)
    review = build_review([], WEEK, BERLIN, now=datetime(2026, 11, 30, tzinfo=UTC), expect=expect)
    assert review.target == 7 * target
    empty = [p.day for p in review.problems if p.kind == "empty_day"]
    assert empty == (list(WEEK) if target else [])
