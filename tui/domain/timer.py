"""The running timer's rules, without a clock or a backend: how long it has run, the clock
skew between this machine and the server, the last distinct entries to continue, what idle
time turns into, and how fast to re-check the server while it cannot be reached.

Elapsed time is always counted from the start the server holds, on the server's clock
(this machine's clock plus the measured offset), never from when the app first saw the timer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from tui.domain.models import EntryFields, TimeEntry
from tui.domain.timesheet import Create, Op, Update

__all__ = [
    "IDLE_DESCRIPTION",
    "RECENT_LIMIT",
    "ClockSkew",
    "IdleChoice",
    "elapsed",
    "floor_second",
    "next_poll_delay",
    "plan_idle",
    "recent_distinct",
    "same_work",
]

RECENT_LIMIT = 10
IDLE_DESCRIPTION = "Idle"
MAX_POLL_SECONDS = 300.0
# A server's Date header has whole seconds, so offsets below this are noise, not skew.
SKEW_TOLERANCE = 1.5

IdleChoice = Literal["keep", "discard", "split"]


def floor_second(instant: datetime) -> datetime:
    """``instant`` in UTC without its fraction: both backends keep whole seconds, and a stop
    and the next start must meet exactly."""
    return instant.astimezone(UTC).replace(microsecond=0)


def elapsed(start: datetime, server_now: datetime) -> int:
    """Whole seconds since ``start``; never negative, whatever the clocks say."""
    return max(0, int((server_now - start).total_seconds()))


# ---------------------------------------------------------------- clock skew


@dataclass(frozen=True)
class ClockSkew:
    """How far the server's clock is ahead of this machine's (seconds; negative: behind).

    ``measured`` is True once a server reported its time (an HTTP ``Date`` header): that is
    the best source. Without it the only evidence is a running entry that starts after this
    machine's "now", which no server clock allows, so the offset is raised just enough that
    elapsed time starts at zero instead of counting up from below it.
    """

    offset: float = 0.0
    measured: bool = False

    def server_now(self, local_now: datetime) -> datetime:
        return local_now + timedelta(seconds=self.offset)

    def with_server_time(self, offset: float | None) -> ClockSkew:
        """A new measurement from the server (None: it gave none)."""
        if offset is None:
            return self
        return ClockSkew(offset if abs(offset) >= SKEW_TOLERANCE else 0.0, measured=True)

    def with_start_seen(self, start: datetime, local_now: datetime) -> ClockSkew:
        """The running entry starts at ``start``; raise the offset if that is in our future."""
        if self.measured:
            return self  # the server's own clock says better than any inference
        ahead = (start - local_now).total_seconds()
        if ahead > self.offset:
            return ClockSkew(ahead, measured=False)
        return self


# ---------------------------------------------------------------- recent entries


def same_work(a: EntryFields, b: EntryFields) -> bool:
    """Two entries record the same work: same description, project, task, tags and billing."""
    return _signature(a) == _signature(b)


def _signature(entry: EntryFields) -> tuple[object, ...]:
    return (
        " ".join(entry.description.casefold().split()),
        entry.project_id,
        entry.task_id,
        tuple(sorted(entry.tag_ids)),
        entry.billable,
    )


def recent_distinct(
    entries: Iterable[TimeEntry],
    running: EntryFields | None = None,
    limit: int = RECENT_LIMIT,
) -> list[TimeEntry]:
    """The latest finished entry of each distinct piece of work, newest first, at most
    ``limit``; work that is running now is left out (continuing it would change nothing)."""
    finished = sorted(
        (e for e in entries if e.end is not None), key=lambda e: (e.start, e.id), reverse=True
    )
    seen: set[tuple[object, ...]] = set()
    if running is not None:
        seen.add(_signature(running))
    out: list[TimeEntry] = []
    for entry in finished:
        signature = _signature(entry)
        if signature in seen:
            continue
        seen.add(signature)
        out.append(entry)
        if len(out) == limit:
            break
    return out


# ---------------------------------------------------------------- idle time


def plan_idle(
    running: TimeEntry,
    idle_from: datetime,
    back_at: datetime,
    choice: IdleChoice,
    *,
    idle_description: str = IDLE_DESCRIPTION,
) -> list[Op]:
    """What the idle part ``[idle_from, back_at)`` of the running entry turns into.

    keep: nothing changes. discard: the entry ends where the idle time began and a copy of it
    runs on from ``back_at``. split: the same, and the idle part becomes its own finished
    entry (no project, ``idle_description``) to be filed later. The timer runs on in every case.
    """
    if choice == "keep":
        return []
    idle_from, back_at = floor_second(max(idle_from, running.start)), floor_second(back_at)
    if back_at <= idle_from:
        return []
    ops: list[Op] = []
    resumed = running.fields().replace(start=back_at, end=None)
    idle = EntryFields(start=idle_from, end=back_at, description=idle_description)
    if idle_from <= running.start:
        # The whole entry so far was idle: no work before it to keep, just move the start.
        ops.append(Update(running, running.replace(start=back_at)))
        if choice == "split":
            ops.insert(0, Create(idle))
        return ops
    ops.append(Update(running, running.replace(end=idle_from)))
    if choice == "split":
        ops.append(Create(idle))
    ops.append(Create(resumed))
    return ops


# ---------------------------------------------------------------- re-checking the server


def next_poll_delay(base: float, failures: int, cap: float = MAX_POLL_SECONDS) -> float:
    """Seconds until the next check: ``base`` while the server answers, doubling with each
    failure in a row (offline), never beyond ``cap`` (nor below ``base``)."""
    if failures <= 0:
        return base
    return float(max(base, min(cap, base * 2 ** min(failures, 16))))


def labelled(parts: Sequence[str | None]) -> str:
    """``client › project › task`` from the parts that exist."""
    return " › ".join(part for part in parts if part)
