"""Seeded stores: a believable demo for screenshots and first runs, and a large one to benchmark.

Both are deterministic (``random.Random(42)``): the same ``now`` and zone give the same data,
apart from the generated ids.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tui.backends.errors import ValidationError
from tui.backends.local.backend import LocalBackend
from tui.domain.models import EntryFields, Project, Task

_SLOT = timedelta(minutes=5)
_SHORTEST = 3  # slots: nobody logs a five-minute block in a realistic week

_CLIENTS = ("Acme Corp", "Globex", "Initech")
# name, client, colour, billable, tasks, how often it is worked on
_PROJECTS: tuple[tuple[str, str | None, str, bool, tuple[str, ...], int], ...] = (
    ("Website Redesign", "Acme Corp", "#e06c75", True, ("Design", "Development", "Review"), 6),
    ("Mobile App", "Acme Corp", "#61afef", True, ("Design", "Development", "Testing"), 5),
    ("Data Pipeline", "Globex", "#98c379", True, ("Development", "Review", "Meetings"), 5),
    ("Support Retainer", "Globex", "#e5c07b", True, ("Support", "Meetings"), 2),
    (
        "TPS Reports",
        "Initech",
        "#c678dd",
        True,
        ("Analysis", "Development", "Review", "Meetings", "Documentation"),
        3,
    ),
    ("Internal", None, "#56b6c2", False, ("Meetings", "Admin", "Hiring"), 3),
    ("Open Source", None, "#d19a66", False, ("Development", "Review"), 1),
    ("Learning", None, "#abb2bf", False, ("Reading", "Courses"), 1),
)
_DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "Design": ("Checkout wireframes", "Onboarding mockups", "Design system tokens", "Icon set"),
    "Development": (
        "Fix login bug",
        "Implement search API",
        "Refactor billing module",
        "Add CSV export",
        "Upgrade dependencies",
        "Pagination for reports",
    ),
    "Review": ("Code review", "PR review: auth flow", "Review release notes"),
    "Meetings": ("Sprint planning", "Daily standup", "Client call", "Retrospective", "1:1"),
    "Testing": ("Regression tests", "Device testing", "Fix flaky tests"),
    "Support": ("Customer tickets", "Investigate outage report", "On-call handover"),
    "Analysis": ("Requirements workshop", "Cover sheet audit"),
    "Documentation": ("Write API docs", "Update runbook"),
    "Admin": ("Expenses", "Email triage", "Timesheet cleanup"),
    "Hiring": ("Interview", "Review CVs"),
    "Reading": ("Read RFCs", "Tech blog catch-up"),
    "Courses": ("Rust course", "Security training"),
}
_TAGS = ("meeting", "urgent", "remote", "review")
_TASK_TAGS = {"Meetings": "meeting", "Review": "review"}


@dataclass(frozen=True)
class _Pick:
    """What the seeder may log time to."""

    projects: Sequence[Project]
    weights: Sequence[int]
    tasks: dict[str, list[Task]]
    tags: dict[str, str]  # name -> id

    def entry(
        self, rng: random.Random, start: datetime, end: datetime | None, remote: bool
    ) -> EntryFields:
        project = rng.choices(self.projects, self.weights)[0]
        tasks = self.tasks.get(project.id, [])
        task = rng.choice(tasks) if tasks and rng.random() < 0.9 else None
        kind = task.name.split()[0] if task else "Admin"
        tags = [_TASK_TAGS[kind]] if kind in _TASK_TAGS else []
        if remote:
            tags.append("remote")
        if rng.random() < 0.06:
            tags.append("urgent")
        return EntryFields(
            start=start,
            end=end,
            description=rng.choice(_DESCRIPTIONS.get(kind, _DESCRIPTIONS["Admin"])),
            project_id=project.id,
            task_id=task.id if task else None,
            tag_ids=tuple(self.tags[name] for name in tags if name in self.tags),
            billable=project.billable,
        )


async def seed_demo(backend: LocalBackend, now: datetime, tz: ZoneInfo) -> None:
    """Fill an empty store with eight weeks of workdays up to ``now``, timer running."""
    rng = random.Random(42)
    ws = await _empty_workspace(backend)
    clients = {name: (await backend.create_client(ws, name)).id for name in _CLIENTS}
    projects: list[Project] = []
    tasks: dict[str, list[Task]] = {}
    for name, client, color, billable, task_names, _ in _PROJECTS:
        client_id = clients[client] if client else None
        project = await backend.create_project(ws, name, client_id, color, billable)
        projects.append(project)
        tasks[project.id] = [await backend.create_task(ws, project.id, t) for t in task_names]
    tags = {name: (await backend.create_tag(ws, name)).id for name in _TAGS}
    pick = _Pick(projects, [p[5] for p in _PROJECTS], tasks, tags)

    today = now.astimezone(tz).date()
    days = [today - timedelta(days=n) for n in range(55, -1, -1)]
    late = _late_night(days, tz)
    # A day off or two makes the weekly review look like a real person's.
    past = [d for d in days[:-7] if d.weekday() < 5 and d not in (late, late + timedelta(days=1))]
    days_off = set(rng.sample(past, 2))
    running_from = (now - timedelta(minutes=107)).replace(second=0, microsecond=0)
    entries = _workdays(rng, pick, [d for d in days if d not in days_off], tz, (2, 3), running_from)

    start = datetime.combine(late, time(22, 15), tzinfo=tz).astimezone(UTC)
    pipeline = projects[2]
    entries.append(
        EntryFields(
            start=start,
            end=start + timedelta(hours=2, minutes=40),
            description="Production release",
            project_id=pipeline.id,
            task_id=tasks[pipeline.id][0].id,
            tag_ids=(tags["urgent"], tags["remote"]),
            billable=pipeline.billable,
        )
    )
    entries.append(pick.entry(rng, running_from, None, remote=False))
    await backend.bulk_insert_entries(ws, entries)


async def seed_large(
    backend: LocalBackend,
    now: datetime,
    tz: ZoneInfo,
    weeks: int = 52,
    projects: int = 40,
    tasks: int = 200,
) -> None:
    """A year of full workdays (about 2,500 entries) over many projects, for benchmarks."""
    rng = random.Random(42)
    ws = await _empty_workspace(backend)
    client_names = (*_CLIENTS, "Umbrella", "Hooli", "Stark Industries", "Wayne Enterprises")
    clients = [(await backend.create_client(ws, name)).id for name in client_names]
    areas = ("Platform", "Billing", "Mobile", "Analytics", "Onboarding", "Search", "Infra")
    colors = [p[2] for p in _PROJECTS]
    made: list[Project] = []
    for i in range(projects):
        client = None if i % 5 == 4 else clients[i % len(clients)]
        name = f"{areas[i % len(areas)]} {i + 1}"
        made.append(
            await backend.create_project(ws, name, client, colors[i % len(colors)], i % 3 != 2)
        )
    kinds = list(_DESCRIPTIONS)
    by_project: dict[str, list[Task]] = {}
    for j in range(tasks if made else 0):
        project, k = made[j % len(made)], j // len(made)
        name = kinds[k % len(kinds)] + (f" {k // len(kinds) + 1}" if k >= len(kinds) else "")
        task = await backend.create_task(ws, project.id, name)
        by_project.setdefault(project.id, []).append(task)
    tags = {name: (await backend.create_tag(ws, name)).id for name in _TAGS}
    pick = _Pick(made, [rng.randint(1, 6) for _ in made], by_project, tags)

    today = now.astimezone(tz).date()
    days = [today - timedelta(days=n) for n in range(weeks * 7 - 1, -1, -1)]
    running_from = (now - timedelta(minutes=107)).replace(second=0, microsecond=0)
    entries = _workdays(rng, pick, days, tz, (4, 5, 5, 5), running_from) if made else []
    if made:
        entries.append(pick.entry(rng, running_from, None, remote=False))
    await backend.bulk_insert_entries(ws, entries)


async def _empty_workspace(backend: LocalBackend) -> str:
    ws = (await backend.list_workspaces())[0].id
    everything = await backend.list_entries(
        ws, datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)
    )
    if everything or await backend.list_projects(ws) or await backend.list_clients(ws):
        raise ValidationError("Demo data goes only into an empty store.")
    if await backend.list_tags(ws):
        raise ValidationError("Demo data goes only into an empty store.")
    return ws


def _late_night(days: Sequence[date], tz: ZoneInfo) -> date:
    """A Thursday a few weeks back whose evening release really runs past local midnight."""
    for day in reversed(days[:-14]):
        start = datetime.combine(day, time(22, 15), tzinfo=tz)
        end = (start.astimezone(UTC) + timedelta(hours=2, minutes=40)).astimezone(tz)
        # A zone that sets its clocks back at midnight could keep the end on the same date.
        if day.weekday() == 3 and end.date() != day:
            return day
    raise ValueError("no Thursday to put the late release on")


def _workdays(
    rng: random.Random,
    pick: _Pick,
    days: Sequence[date],
    tz: ZoneInfo,
    pieces: Sequence[int],
    until: datetime,
) -> list[EntryFields]:
    """Blocks of work on each weekday, a morning and an afternoon around lunch, before ``until``."""
    entries: list[EntryFields] = []
    for day in days:
        if day.weekday() >= 5:
            continue
        remote = rng.random() < 0.3

        def at(hour: int, minute: int, jitter: range, day: date = day) -> datetime:
            local = datetime.combine(day, time(hour, minute), tzinfo=tz)
            return local.astimezone(UTC) + rng.choice(jitter) * _SLOT

        begin, lunch = at(9, 0, range(-6, 7)), at(12, 0, range(9))
        back, stop = lunch + rng.choice((6, 9, 12)) * _SLOT, at(17, 30, range(13))
        blocks = _split(rng, begin, lunch, rng.choice(pieces))
        blocks += _split(rng, back, stop, rng.choice(pieces))
        for start, end in blocks:
            end = min(end, until)
            if end - start >= _SHORTEST * _SLOT:
                entries.append(pick.entry(rng, start, end, remote))
    return entries


def _split(
    rng: random.Random, start: datetime, end: datetime, count: int
) -> list[tuple[datetime, datetime]]:
    """``count`` blocks of at least ``_SHORTEST`` slots, some with a short break after them."""
    slots = (end - start) // _SLOT
    count = max(1, min(count, slots // _SHORTEST))
    spare = slots - count * _SHORTEST
    cuts = sorted(rng.choices(range(spare + 1), k=count - 1))
    sizes = [b - a + _SHORTEST for a, b in zip([0, *cuts], [*cuts, spare], strict=True)]
    blocks: list[tuple[datetime, datetime]] = []
    at = start
    for size in sizes:
        pause = rng.choice((0, 0, 0, 1, 2)) if size > _SHORTEST + 2 else 0
        blocks.append((at, at + (size - pause) * _SLOT))
        at += size * _SLOT
    return blocks
