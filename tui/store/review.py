"""Loading what the weekly review needs, through the store's backend; no Textual here.

The reviewed week is the store's own shown week (so the review and the grid always agree,
optimistic edits included); the four weeks before it, for the comparisons, are read beside
it, all at once. A later load wins over an earlier one still in flight.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from tui.backends.base import TimeOffReader
from tui.backends.errors import BackendError
from tui.config import Settings
from tui.domain.models import TimeEntry
from tui.domain.review import Expectations, Review, build_review
from tui.domain.time_off import seconds_by_day
from tui.domain.weeks import day_bounds, shift_week, week_bounds
from tui.store.snapshot import Snapshot
from tui.store.store import Store

HISTORY_WEEKS = 4


def expectations(settings: Settings) -> Expectations:
    return Expectations(
        daily_target=settings.daily_target,
        workday_start=settings.workday_start,
        workday_end=settings.workday_end,
        gap_seconds=settings.gap_minutes * 60,
        lunch_seconds=settings.lunch_minutes * 60,
    )


@dataclass(frozen=True)
class History:
    """Whole weeks before ``week``, newest first, for the comparisons."""

    week: date
    weeks: tuple[tuple[date, tuple[TimeEntry, ...]], ...]
    error: str = ""
    """Why some weeks could not be read (then they are left out)."""


def review_of(
    snap: Snapshot, settings: Settings, now: datetime, history: History | None = None
) -> Review:
    """The review of the snapshot's week, compared with ``history`` when it is that week's."""
    weeks: Sequence[tuple[date, Sequence[TimeEntry]]] = ()
    if history is not None and history.week == snap.week:
        weeks = history.weeks
    return build_review(
        snap.entries,
        snap.days,
        snap.tz,
        now=now,
        expect=expectations(settings),
        catalog=snap.catalog,
        tag_names={t.id: t.name for t in snap.tags},
        rules=snap.rules,
        running=snap.running,
        history=weeks,
        time_off=seconds_by_day(snap.time_off),
    )


class ReviewLoader:
    """Loads a week for review: the store's week plus the weeks before it, concurrently.

    Earlier weeks are kept for as long as the loader lives (one review screen), so moving a
    week on reads one new week, not four.
    """

    def __init__(self, store: Store, history_weeks: int = HISTORY_WEEKS) -> None:
        self.store = store
        self.history_weeks = history_weeks
        self._cache: dict[tuple[str, date], tuple[TimeEntry, ...]] = {}
        self._token = 0

    async def load(self, first: date, *, reload: bool = False) -> History | None:
        """Show week ``first`` in the store and read its history; None when a later load
        has started meanwhile (this answer is stale and must not be shown). The store's
        week is read again only when it is another week, or with ``reload``."""
        self._token += 1
        token = self._token
        snap = self.store.snapshot
        if snap.workspace is None:
            raise BackendError("No workspace is open")
        workspace = snap.workspace.id
        earlier = [shift_week(first, -n) for n in range(1, self.history_weeks + 1)]
        shown = self.store.load_week(first) if reload or snap.week != first else asyncio.sleep(0)
        loaded, *read = await asyncio.gather(
            shown,
            *(self._week(workspace, week) for week in earlier),
            return_exceptions=True,
        )
        if isinstance(loaded, BaseException):
            raise loaded  # the store reports its own backend errors; this is a bug
        if token != self._token:
            return None
        weeks: list[tuple[date, tuple[TimeEntry, ...]]] = []
        errors: list[str] = []
        for week, result in zip(earlier, read, strict=True):
            if isinstance(result, BackendError):
                errors.append(str(result))
            elif isinstance(result, BaseException):
                raise result
            elif isinstance(result, tuple):
                weeks.append((week, result))
        error = f"Earlier weeks not read: {errors[0]}" if errors else ""
        return History(first, tuple(weeks), error)

    async def _week(self, workspace: str, first: date) -> tuple[TimeEntry, ...]:
        cached = self._cache.get((workspace, first))
        if cached is None:
            start, end = week_bounds(first, self.store.snapshot.tz)
            cached = tuple(await self.store.backend.list_entries(workspace, start, end))
            self._cache[(workspace, first)] = cached
        return cached


async def load_period(store: Store, first: date, last: date) -> tuple[TimeEntry, ...]:
    """Every entry that overlaps the local days ``first``..``last``, for `punch report`."""
    snap = store.snapshot
    if snap.workspace is None:
        raise BackendError("No workspace is open")
    start, end = day_bounds(first, snap.tz)[0], day_bounds(last, snap.tz)[1]
    return tuple(await store.backend.list_entries(snap.workspace.id, start, end))


async def load_time_off(store: Store, first: date, last: date) -> dict[date, int]:
    """Time off per day of ``first``..``last`` where the service keeps it (ClickTime), for
    `punch report`: counted in the days as the review counts it."""
    snap, backend = store.snapshot, store.backend
    if snap.workspace is None or not isinstance(backend, TimeOffReader):
        return {}
    return seconds_by_day(await backend.list_time_off(snap.workspace.id, first, last))
