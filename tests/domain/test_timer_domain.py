"""The timer's pure rules: names, moments, elapsed time and skew, recent entries, idle plans,
back-off, and the running overlay on the grid."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.domain.models import Client, EntryFields, Project, TimeEntry
from tui.domain.names import AmbiguousName, Named, UnknownName, match_name
from tui.domain.running import overlay_running
from tui.domain.timer import (
    ClockSkew,
    elapsed,
    next_poll_delay,
    plan_idle,
    recent_distinct,
)
from tui.domain.timesheet import Catalog, Create, Update, build_grid
from tui.domain.weeks import week_days
from tui.domain.when import WhenError, parse_when

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 18, 9, 30, 45, tzinfo=UTC)  # Wednesday, 10:30:45 in Berlin

# ---------------------------------------------------------------- names

PROJECTS = [
    Named(("Acme", "Website"), "acme-web"),
    Named(("Globex", "Website"), "globex-web"),
    Named(("Acme", "Mobile App"), "acme-app"),
    Named(("Internal",), "internal"),
    Named(("Globex", "Data Pipeline"), "pipeline"),
]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("internal", "internal"),
        ("INTERNAL", "internal"),
        ("acme › website", "acme-web"),
        ("globex/website", "globex-web"),
        ("Globex > Website", "globex-web"),
        ("mob", "acme-app"),  # prefix
        ("data", "pipeline"),
        ("dtpipe", "pipeline"),  # fuzzy: characters in order
        ("acme/web", "acme-web"),  # a prefix on every part
    ],
)
def test_names_match_exactly_then_by_prefix_then_fuzzily(query: str, expected: str):
    assert match_name(query, PROJECTS) == expected


def test_twins_are_an_error_that_lists_every_candidate():
    with pytest.raises(AmbiguousName) as caught:
        match_name("website", PROJECTS)
    assert caught.value.candidates == ["Acme › Website", "Globex › Website"]
    assert "Acme › Website, Globex › Website" in str(caught.value)
    assert "client › project" in str(caught.value)


def test_an_exact_name_wins_over_longer_prefixes():
    items = [Named(("Web",), 1), Named(("Website",), 2)]
    assert match_name("web", items) == 1
    with pytest.raises(AmbiguousName):
        match_name("we", items)


def test_unknown_names_suggest_close_ones_or_list_what_exists():
    with pytest.raises(UnknownName, match="did you mean"):
        match_name("Intrenal", PROJECTS)
    with pytest.raises(UnknownName, match="known: Acme › Mobile App"):
        match_name("zzz", PROJECTS)
    with pytest.raises(UnknownName, match="none yet"):
        match_name("zzz", [])
    with pytest.raises(UnknownName, match="Give a project"):
        match_name(" / ", PROJECTS)


@given(st.text(max_size=30))
def test_matching_never_raises_anything_but_its_own_errors(text: str):
    with contextlib.suppress(UnknownName, AmbiguousName):
        match_name(text, PROJECTS)


# ---------------------------------------------------------------- moments


def at(text: str) -> datetime:
    return parse_when(text, NOW, BERLIN)


def berlin(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, second, tzinfo=BERLIN).astimezone(UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9:15", berlin(18, 9, 15)),
        ("09:15", berlin(18, 9, 15)),
        ("9.15", berlin(18, 9, 15)),
        ("17:30:10", berlin(18, 17, 30, 10)),
        ("5pm", berlin(18, 17)),
        ("12am", berlin(18, 0)),
        ("9:05am", berlin(18, 9, 5)),
        ("yesterday 17:00", berlin(17, 17)),
        ("today 8:00", berlin(18, 8)),
        ("mon 9:00", berlin(16, 9)),
        ("Wednesday 9:00", berlin(11, 9)),  # the last one before today
        ("now", NOW.replace(microsecond=0)),
        ("-10m", NOW - timedelta(minutes=10)),
        ("- 1h30m", NOW - timedelta(minutes=90)),
        ("-1:15", NOW - timedelta(minutes=75)),
        ("10m ago", NOW - timedelta(minutes=10)),
        ("20 minutes ago", NOW - timedelta(minutes=20)),
        ("1 hour 5 min ago", NOW - timedelta(minutes=65)),
        ("2026-11-17T08:00", berlin(17, 8)),
        ("2026-11-17 08:00", berlin(17, 8)),
        ("2026-11-17T08:00:00Z", datetime(2026, 11, 17, 8, tzinfo=UTC)),
        ("2026-11-17T08:00+05:00", datetime(2026, 11, 17, 3, tzinfo=UTC)),
    ],
)
def test_moments_people_type(text: str, expected: datetime):
    assert at(text) == expected
    assert at(text).tzinfo == UTC
    assert at(text).microsecond == 0


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "Give a time"),
        ("soon", "Can't read 'soon'"),
        ("25:00", "Can't read"),
        ("9", "Can't read"),  # a bare number could be a typo of -9m: ask
        ("-10", "with a unit"),
        ("10 ago", "with a unit"),
        ("yesterday", "add the time"),
        ("2026-11-17", "add the time"),
        ("13pm", "Can't read"),
        ("x" * 100, "Can't read"),
    ],
)
def test_unreadable_moments_say_what_to_type(text: str, says: str):
    with pytest.raises(WhenError, match=says):
        at(text)


def test_a_skipped_wall_time_moves_forward():
    spring = datetime(2026, 3, 29, 12, tzinfo=UTC)  # Berlin skips 02:00-03:00 that night
    assert parse_when("2:30", spring, BERLIN) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


@given(st.text(max_size=40))
def test_parsing_never_raises_anything_but_when_errors(text: str):
    try:
        result = parse_when(text, NOW, BERLIN)
    except WhenError:
        return
    assert result.tzinfo == UTC


# ---------------------------------------------------------------- elapsed and skew


def test_elapsed_is_never_negative():
    assert elapsed(NOW, NOW + timedelta(seconds=61.9)) == 61
    assert elapsed(NOW, NOW - timedelta(minutes=5)) == 0


def test_skew_measured_by_the_server_wins_and_noise_is_ignored():
    skew = ClockSkew().with_server_time(300.0)
    assert skew.server_now(NOW) == NOW + timedelta(minutes=5)
    assert skew.with_start_seen(NOW + timedelta(hours=1), NOW).offset == 300.0
    assert ClockSkew().with_server_time(0.8).offset == 0.0
    assert ClockSkew().with_server_time(None).measured is False


def test_skew_inferred_from_a_start_in_our_future():
    skew = ClockSkew().with_start_seen(NOW + timedelta(seconds=90), NOW)
    assert skew.offset == 90.0
    assert not skew.measured
    assert skew.with_start_seen(NOW - timedelta(hours=1), NOW).offset == 90.0  # never lowered


# ---------------------------------------------------------------- recent entries


def entry(n: int, description: str, project: str | None = "p", end: bool = True) -> TimeEntry:
    start = NOW - timedelta(hours=20 - n)
    return TimeEntry(
        id=f"e{n}",
        workspace_id="w",
        start=start,
        end=start + timedelta(minutes=30) if end else None,
        description=description,
        project_id=project,
    )


def test_recent_distinct_entries_newest_first_and_without_the_running_work():
    entries = [
        entry(1, "A"),
        entry(2, "B"),
        entry(3, "a "),  # the same work as A: descriptions compare loosely
        entry(4, "A", project="q"),  # another project: other work
        entry(5, "C"),
        entry(6, "C", end=False),  # running
    ]
    recent = recent_distinct(entries, running=entries[-1])
    assert [e.id for e in recent] == ["e4", "e3", "e2"]
    many = [entry(n, f"work {n}") for n in range(15)]
    assert len(recent_distinct(many)) == 10
    assert recent_distinct(many)[0].id == "e14"


# ---------------------------------------------------------------- idle plans


RUNNING = TimeEntry(
    id="r", workspace_id="w", start=NOW - timedelta(hours=2), description="Coding", project_id="p"
)


def test_idle_keep_changes_nothing():
    assert plan_idle(RUNNING, NOW - timedelta(hours=1), NOW, "keep") == []


def test_idle_discard_ends_the_entry_and_runs_on_from_the_return():
    ops = plan_idle(RUNNING, NOW - timedelta(hours=1), NOW, "discard")
    assert ops == [
        Update(RUNNING, RUNNING.replace(end=NOW.replace(microsecond=0) - timedelta(hours=1))),
        Create(RUNNING.fields().replace(start=NOW.replace(microsecond=0), end=None)),
    ]


def test_idle_split_files_the_idle_part_as_its_own_entry():
    idle_from = NOW.replace(microsecond=0) - timedelta(hours=1)
    back = NOW.replace(microsecond=0)
    ops = plan_idle(RUNNING, idle_from, NOW, "split")
    assert len(ops) == 3
    assert ops[1] == Create(EntryFields(start=idle_from, end=back, description="Idle"))
    assert isinstance(ops[2], Create)
    assert ops[2].fields.end is None


def test_idle_from_before_the_start_moves_the_start():
    ops = plan_idle(RUNNING, NOW - timedelta(hours=5), NOW, "discard")
    assert ops == [Update(RUNNING, RUNNING.replace(start=NOW.replace(microsecond=0)))]


def test_poll_backoff_doubles_up_to_a_cap():
    assert [next_poll_delay(30, n) for n in range(6)] == [30, 60, 120, 240, 300, 300]
    assert next_poll_delay(600, 3) == 600  # never faster than asked


# ---------------------------------------------------------------- overlay


def test_running_time_shows_in_its_cell_and_the_totals_only_on_screen():
    days = tuple(week_days(date(2026, 11, 16)))
    catalog = Catalog(
        clients={"c": Client(id="c", workspace_id="w", name="Acme")},
        projects={
            "p": Project(id="p", workspace_id="w", name="Web", client_id="c"),
            "q": Project(id="q", workspace_id="w", name="Ops"),
        },
    )
    finished = entry(10, "done")  # Wednesday 00:30-01:00 in Berlin
    # Started the evening before: runs across midnight into today.
    running = TimeEntry(
        id="r", workspace_id="w", start=datetime(2026, 11, 17, 22, tzinfo=UTC), project_id="q"
    )
    grid = build_grid([finished, running], days, BERLIN, catalog)
    assert grid.total == 30 * 60  # build_grid counts finished entries only
    shown, cell = overlay_running(grid, running, NOW, BERLIN, catalog)
    assert cell is not None
    assert cell.key == ("q", None)
    assert cell.day_index == 2
    ops_row = shown.rows[shown.row_index(("q", None))]  # type: ignore[index]
    assert ops_row.seconds[1] == 3600  # Tuesday 23:00-24:00 in Berlin
    assert ops_row.seconds[2] == 10 * 3600 + 30 * 60 + 45  # midnight to 10:30:45
    assert shown.total == grid.total + 3600 + ops_row.seconds[2]
    assert [r.label for r in shown.rows] == ["Acme › Web", "Ops"]
    assert overlay_running(grid, None, NOW, BERLIN, catalog) == (grid, None)


def test_running_in_another_week_marks_no_row_of_the_shown_one():
    last_week = tuple(week_days(date(2026, 11, 9)))
    catalog = Catalog(projects={"q": Project(id="q", workspace_id="w", name="Ops")})
    running = TimeEntry(
        id="r", workspace_id="w", start=datetime(2026, 11, 18, 8, tzinfo=UTC), project_id="q"
    )
    # Ops has finished time in the week shown, so its row is there; the timer runs this week.
    done = TimeEntry(
        id="d",
        workspace_id="w",
        start=datetime(2026, 11, 10, 8, tzinfo=UTC),
        end=datetime(2026, 11, 10, 9, tzinfo=UTC),
        project_id="q",
    )
    grid = build_grid([done], last_week, BERLIN, catalog)
    assert overlay_running(grid, running, NOW, BERLIN, catalog) == (grid, None)
