"""The weekly review's numbers: time against daily targets, billable time and amounts,
breakdowns with shares, and the comparison with earlier weeks.

Pure and generic over a run of local days, so the review screen (seven days), its export and
`punch report` (any range) all get their numbers from here. As on the grid, a day holds the
finished entries' seconds that fall on it in the user's zone, so an entry crossing midnight
counts on both days; a running timer is reported beside the totals, never inside them.
The problems of a week are found in ``review_problems``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from typing import Literal
from zoneinfo import ZoneInfo

from tui.domain.durations import shown_minutes, shown_sum
from tui.domain.models import TimeEntry, WorkspaceRules
from tui.domain.review_pieces import (
    Amounts,
    Money,
    Piece,
    day_pieces,
    round_half_up,
    shown_cells,
)
from tui.domain.review_problems import Problem, find_problems
from tui.domain.timesheet import Catalog
from tui.domain.weeks import day_bounds, week_days

BreakdownBy = Literal["client", "project", "task", "tag"]
BREAKDOWNS: tuple[BreakdownBy, ...] = ("client", "project", "task", "tag")


@dataclass(frozen=True)
class Expectations:
    """What a week should look like: the user's settings, as the review needs them."""

    daily_target: tuple[int, ...] = (8 * 3600,) * 5 + (0, 0)
    """Seconds per day, Monday first."""
    workday_start: time = time(9, 0)
    workday_end: time = time(18, 0)
    gap_seconds: int = 30 * 60
    """Time between two entries inside the working day longer than this is a problem."""
    lunch_seconds: int = 60 * 60
    """One such gap a day up to this long is a lunch break, not a problem; 0: none is."""

    def target(self, day: date) -> int:
        return self.daily_target[day.weekday()]


@dataclass(frozen=True)
class DayTotal:
    day: date
    seconds: int
    target: int
    billable: int
    shown: int = 0
    """``seconds`` as the screen shows them: the day's grid cells as shown, added up."""
    shown_billable: int = 0

    @property
    def balance(self) -> int:
        """Over (positive) or under (negative) the day's target."""
        return self.seconds - self.target

    @property
    def shown_balance(self) -> int:
        return self.shown - self.target


@dataclass(frozen=True)
class BreakdownLine:
    key: str | None
    """The client, project, task or tag id; None for time without one."""
    label: str
    seconds: int
    billable: int
    amounts: Amounts
    share: float
    """Of the period's total; tag lines can add up to more than 1 (an entry has many tags)."""
    shown: int = 0
    """``seconds`` as shown: the line's grid cells as shown, added up."""
    shown_billable: int = 0


@dataclass(frozen=True)
class Breakdown:
    by: BreakdownBy
    lines: tuple[BreakdownLine, ...]


@dataclass(frozen=True)
class PeriodTotals:
    first: date
    last: date
    total: int
    billable: int
    shown: int = 0
    """``total`` as shown: the period's grid cells as shown, added up."""


@dataclass(frozen=True)
class Comparison:
    previous: PeriodTotals
    """The week before the reviewed one."""
    average: PeriodTotals
    """Per week, over ``weeks`` weeks before the reviewed one; ``first``..``last`` spans them."""
    weeks: int


@dataclass(frozen=True)
class Review:
    days: tuple[DayTotal, ...]
    billable: int
    amounts: Amounts
    """Billable time priced at its project's rate, where the rate and currency are known."""
    unpriced_billable: int
    """Billable seconds whose project has no known rate, so are not in ``amounts``."""
    breakdowns: tuple[Breakdown, ...]
    problems: tuple[Problem, ...]
    running: int = 0
    """Seconds the running timer has run inside the period (not in any total)."""
    running_since: datetime | None = None
    """When the running timer started, if it ran inside the period."""
    comparison: Comparison | None = None
    time_off: int = 0
    """Seconds of time off in the day totals (neither billable nor non-billable work)."""

    @property
    def first(self) -> date:
        return self.days[0].day

    @property
    def last(self) -> date:
        return self.days[-1].day

    @property
    def total(self) -> int:
        return sum(d.seconds for d in self.days)

    @property
    def target(self) -> int:
        return sum(d.target for d in self.days)

    @property
    def balance(self) -> int:
        return self.total - self.target

    @property
    def non_billable(self) -> int:
        return self.total - self.billable - self.time_off

    # What the screen shows: each grid cell rounded once, every total the sum of those (the
    # fields above keep exact seconds for the exports and `punch report`).
    @property
    def shown_total(self) -> int:
        return shown_sum(d.shown for d in self.days)

    @property
    def shown_balance(self) -> int:
        return self.shown_total - self.target

    @property
    def shown_billable(self) -> int:
        return shown_sum(d.shown_billable for d in self.days)

    @property
    def shown_non_billable(self) -> int:
        return self.shown_total - self.shown_billable

    def breakdown(self, by: BreakdownBy) -> Breakdown:
        return next(b for b in self.breakdowns if b.by == by)


# ---------------------------------------------------------------- breakdowns


def _keys(
    by: BreakdownBy, entry: TimeEntry, catalog: Catalog, tag_names: Mapping[str, str]
) -> list[tuple[str | None, str]]:
    """(key, label) of the lines an entry counts under; every tag of it, for ``tag``."""
    project = catalog.projects.get(entry.project_id) if entry.project_id else None
    if by == "tag":
        if not entry.tag_ids:
            return [(None, "(no tag)")]
        return [(t, tag_names.get(t, "(unknown tag)")) for t in dict.fromkeys(entry.tag_ids)]
    if by == "client":
        client = catalog.clients.get(project.client_id) if project and project.client_id else None
        return [(client.id, client.name) if client else (None, "(no client)")]
    if entry.project_id is None:
        return [(None, "(no project)")]
    client_name, project_name, task_name = catalog.names((entry.project_id, entry.task_id))
    project_label = " › ".join(p for p in (client_name, project_name) if p)
    if by == "project":
        return [(entry.project_id, project_label)]
    task = task_name or "(no task)"
    # A task belongs to its project, and the project to its client: "Development" of two
    # projects is two lines, and so are twin projects of two clients (Acme › Web › Design).
    return [(f"{entry.project_id}/{entry.task_id or ''}", f"{project_label} › {task}")]


def _breakdown(
    by: BreakdownBy,
    pieces: Sequence[Piece],
    total: int,
    catalog: Catalog,
    tag_names: Mapping[str, str],
) -> Breakdown:
    seconds: dict[str | None, int] = {}
    billable: dict[str | None, int] = {}
    money: dict[str | None, Money] = {}
    labels: dict[str | None, str] = {}
    of_line: dict[str | None, list[Piece]] = {}
    for piece in pieces:
        for key, label in _keys(by, piece.entry, catalog, tag_names):
            labels[key] = label
            seconds[key] = seconds.get(key, 0) + piece.seconds
            of_line.setdefault(key, []).append(piece)
            if piece.entry.billable:
                billable[key] = billable.get(key, 0) + piece.seconds
            money.setdefault(key, Money()).add(piece, catalog)
    lines = [
        BreakdownLine(
            key=key,
            label=labels[key],
            seconds=seconds[key],
            billable=billable.get(key, 0),
            amounts=money[key].amounts(),
            share=seconds[key] / total if total else 0.0,
            shown=shown_cells(of_line[key]),
            shown_billable=shown_cells(p for p in of_line[key] if p.entry.billable),
        )
        for key in seconds
    ]
    lines.sort(key=lambda line: (-line.seconds, line.key is None, line.label.casefold()))
    return Breakdown(by, tuple(lines))


# ---------------------------------------------------------------- comparison


def period_totals(entries: Iterable[TimeEntry], days: Sequence[date], tz: ZoneInfo) -> PeriodTotals:
    pieces = day_pieces(entries, days, tz)
    return PeriodTotals(
        first=days[0],
        last=days[-1],
        total=sum(p.seconds for p in pieces),
        billable=sum(p.seconds for p in pieces if p.entry.billable),
        shown=shown_cells(pieces),
    )


def compare(history: Sequence[tuple[date, Sequence[TimeEntry]]], tz: ZoneInfo) -> Comparison | None:
    """The week before (the latest of ``history``) and the average week of all of them.

    ``history`` holds (first day, entries) of whole weeks before the reviewed one.
    """
    if not history:
        return None
    weeks = sorted(
        (period_totals(entries, week_days(first), tz) for first, entries in history),
        key=lambda totals: totals.first,
    )
    count = len(weeks)
    return Comparison(
        previous=weeks[-1],
        average=PeriodTotals(
            first=weeks[0].first,
            last=weeks[-1].last,
            total=round_half_up(Fraction(sum(w.total for w in weeks), count)),
            billable=round_half_up(Fraction(sum(w.billable for w in weeks), count)),
            shown=shown_minutes(round_half_up(Fraction(sum(w.shown for w in weeks), count))) * 60,
        ),
        weeks=count,
    )


# ---------------------------------------------------------------- the review


def build_review(
    entries: Iterable[TimeEntry],
    days: Sequence[date],
    tz: ZoneInfo,
    *,
    now: datetime,
    expect: Expectations | None = None,
    catalog: Catalog | None = None,
    tag_names: Mapping[str, str] | None = None,
    rules: WorkspaceRules | None = None,
    running: TimeEntry | None = None,
    history: Sequence[tuple[date, Sequence[TimeEntry]]] = (),
    time_off: Mapping[date, int] | None = None,
) -> Review:
    """Every number of the review of ``days`` (consecutive local dates in ``tz``).

    ``time_off`` (seconds per day: holidays, vacation) counts in the day totals against
    their targets, so a holiday is not missing time; the breakdowns are of worked time.

    ``entries`` are those that overlap the days (more do no harm); the running one may be
    among them or given as ``running``. ``history`` holds earlier whole weeks to compare with.
    """
    expect = expect or Expectations()
    catalog = catalog or Catalog()
    tag_names = tag_names or {}
    entries = list(entries)
    if running is None:
        running = next((e for e in entries if e.end is None), None)
    pieces = day_pieces(entries, days, tz)

    by_day: dict[date, int] = dict.fromkeys(days, 0)
    billable_by_day: dict[date, int] = dict.fromkeys(days, 0)
    money = Money()
    for piece in pieces:
        by_day[piece.day] += piece.seconds
        if piece.entry.billable:
            billable_by_day[piece.day] += piece.seconds
        money.add(piece, catalog)
    total = sum(by_day.values())  # worked time: what the breakdowns share out
    for day, seconds in (time_off or {}).items():
        if day in by_day:
            by_day[day] += seconds
    of_day: dict[date, list[Piece]] = {day: [] for day in days}
    for piece in pieces:
        of_day[piece.day].append(piece)
    totals = tuple(
        DayTotal(
            day,
            by_day[day],
            expect.target(day),
            billable_by_day[day],
            shown=shown_cells(of_day[day]) + (time_off or {}).get(day, 0),
            shown_billable=shown_cells(p for p in of_day[day] if p.entry.billable),
        )
        for day in days
    )

    running_seconds = 0
    if running is not None:
        start, end = day_bounds(days[0], tz)[0], day_bounds(days[-1], tz)[1]
        inside = min(now, end) - max(running.start, start)
        running_seconds = max(0, inside // timedelta(seconds=1))

    finished = [e for e in entries if e.end is not None]
    problems = find_problems(
        finished,
        running,
        totals=[(d.day, d.seconds, d.target) for d in totals],
        tz=tz,
        now=now,
        workday=(expect.workday_start, expect.workday_end),
        gap_seconds=expect.gap_seconds,
        lunch_seconds=expect.lunch_seconds,
        catalog=catalog,
        rules=rules or WorkspaceRules(),
    )
    return Review(
        days=totals,
        billable=sum(billable_by_day.values()),
        amounts=money.amounts(),
        unpriced_billable=money.unpriced,
        breakdowns=tuple(_breakdown(by, pieces, total, catalog, tag_names) for by in BREAKDOWNS),
        problems=tuple(problems),
        running=running_seconds,
        running_since=running.start if running is not None and running_seconds else None,
        comparison=compare(history, tz),
        time_off=sum(s for d, s in (time_off or {}).items() if d in by_day),
    )


# Currencies without minor units (ISO 4217 exponent 0) that a timesheet is likely to meet.
_WHOLE_CURRENCIES = {"JPY", "KRW", "ISK", "CLP", "VND", "XOF", "XAF", "UGX", "PYG"}


def format_amount(currency: str, minor: int) -> str:
    """``1,234.50 EUR`` from minor units; whole units for currencies that have no cents."""
    if currency.upper() in _WHOLE_CURRENCIES:
        return f"{minor:,} {currency}"
    sign = "-" if minor < 0 else ""
    units, cents = divmod(abs(minor), 100)
    return f"{sign}{units:,}.{cents:02d} {currency}"
