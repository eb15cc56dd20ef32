"""Seeded accounts for the fake Clockify: a demo to try punch by hand, and the bench's week."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tests.fakes.clockify.state import Space, State

CLIENTS = {
    "Acme Corp": ["Website relaunch", "Mobile app", "Support"],
    "Globex": ["Data platform", "Audit"],
    "Initech": ["TPS reports"],
}
INTERNAL = ["Internal", "Learning"]
TASKS = ["Design", "Development", "Review", "Meetings"]
TAGS = ["remote", "on-site", "urgent", "overtime"]


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def seed_demo(state: State, now: datetime, weeks: int = 4, seed: int = 7) -> Space:
    """Three clients, eight projects with tasks, four tags, ``weeks`` weeks of workdays up
    to ``now`` in the profile's zone, and a timer running since this morning."""
    rng = random.Random(seed)
    tz = ZoneInfo(state.timezone)
    space = state.add_workspace("Acme Studio")
    state.add_workspace("Side projects")
    projects: list[tuple[str, list[str]]] = []
    for client, names in CLIENTS.items():
        cid = state.add_client(space, client)
        for name in names:
            pid = state.add_project(space, name, cid, billable=True, rate=9000)
            projects.append((pid, [state.add_task(space, pid, t) for t in rng.sample(TASKS, 2)]))
    for name in INTERNAL:
        projects.append((state.add_project(space, name, color="#9c27b0"), []))
    tags = [state.add_tag(space, name) for name in TAGS]
    today = now.astimezone(tz).date()
    first = _monday(today) - timedelta(weeks=weeks - 1)
    day = first
    while day < today:
        if day.weekday() < 5:
            at = datetime.combine(day, time(9), tz)
            for _ in range(rng.randint(2, 4)):
                pid, task_ids = rng.choice(projects)
                length = timedelta(minutes=rng.choice([30, 45, 60, 90, 120, 150]))
                state.add_entry(
                    space,
                    at.astimezone(UTC),
                    (at + length).astimezone(UTC),
                    description=rng.choice(["", "Standup", "Planning", "Fixes", "Call"]),
                    project_id=pid,
                    task_id=rng.choice(task_ids) if task_ids else None,
                    tag_ids=rng.sample(tags, rng.randint(0, 1)),
                    billable=pid != projects[-1][0],
                )
                at += length + timedelta(minutes=rng.choice([0, 15, 30]))
        day += timedelta(days=1)
    if now.astimezone(tz).time() > time(9):
        pid, task_ids = projects[0]
        start = datetime.combine(today, time(9), tz).astimezone(UTC)
        state.add_entry(
            space,
            start,
            None,
            description="Timer",
            project_id=pid,
            task_id=task_ids[0] if task_ids else None,
        )
    return space


def seed_bench(
    state: State, week: date, entries: int = 300, projects: int = 60, seed: int = 11
) -> Space:
    """``projects`` projects (two tasks each) and ``entries`` entries spread over the week
    that starts on ``week``, in the profile's zone."""
    rng = random.Random(seed)
    tz = ZoneInfo(state.timezone)
    space = state.add_workspace("Bench")
    clients = [state.add_client(space, f"Client {n:02}") for n in range(12)]
    made = []
    for n in range(projects):
        pid = state.add_project(space, f"Project {n:02}", clients[n % len(clients)])
        made.append((pid, [state.add_task(space, pid, t) for t in TASKS[:2]]))
    tags = [state.add_tag(space, name) for name in TAGS]
    per_day = -(-entries // 7)
    count = 0
    for offset in range(7):
        at = datetime.combine(week + timedelta(days=offset), time(7), tz)
        for _ in range(per_day):
            if count == entries:
                break
            pid, task_ids = rng.choice(made)
            state.add_entry(
                space,
                at.astimezone(UTC),
                (at + timedelta(minutes=20)).astimezone(UTC),
                project_id=pid,
                task_id=rng.choice(task_ids),
                tag_ids=rng.sample(tags, 1),
                description=f"Entry {count}",
            )
            at += timedelta(minutes=21)
            count += 1
    return space
