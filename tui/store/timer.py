"""The running timer's intents on the store: start, stop, switch, continue, edit, idle time.

Every intent first asks the backend what is running now, so a timer started, stopped or
changed elsewhere (the web app, another terminal, the CLI) is acted on as it really is.
The changes then go through the store's write path: shown at once, sent in order, undoable,
and reported loudly if the backend refuses. A switch is one step of two changes: the running
entry ends at the very second the new one starts, so there is no gap and no overlap.

Starts and stops happen at the server's "now" (``server_now``, see ``timer_watch``), so they
line up with entries made on the web. Re-checks are in ``timer_watch``, the status file in
``status_writer``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any

from tui.backends.base import Backend
from tui.backends.errors import BackendError
from tui.domain import required_fields
from tui.domain.day_text import moment_text
from tui.domain.durations import format_clock
from tui.domain.models import EntryFields, TimeEntry
from tui.domain.timer import IdleChoice, floor_second, plan_idle, recent_distinct, same_work
from tui.domain.timesheet import RowKey, row_key
from tui.domain.weeks import week_bounds
from tui.store.history import Change
from tui.store.local_ids import new_local_id
from tui.store.publisher import Publisher
from tui.store.row_choice import RowChoice
from tui.store.snapshot import Severity, Snapshot
from tui.store.timer_watch import TimerWatch
from tui.store.write_path import WritePath

RECENT_WINDOW = timedelta(days=28)


class TimerIntents:
    def __init__(
        self,
        backend: Backend,
        publisher: Publisher,
        watch: TimerWatch,
        writes: WritePath,
        *,
        load_week: Callable[[date], Awaitable[None]],
        add_picked_row: Callable[[RowChoice], Awaitable[RowKey | None]],
    ) -> None:
        self.backend = backend
        self._publisher = publisher
        self._watch = watch
        self._writes = writes
        self.load_week = load_week
        self.add_picked_row = add_picked_row

    # ------------------------------------------------------------ what the intents lean on

    @property
    def snapshot(self) -> Snapshot:
        return self._publisher.snapshot

    def _publish(self, **changes: Any) -> None:
        self._publisher.publish(**changes)

    def say(self, message: str, severity: Severity = "information") -> None:
        self._publisher.say(message, severity)

    def _workspace_id(self) -> str:
        return self._publisher.workspace_id()

    def server_now(self) -> datetime:
        return self._watch.server_now()

    async def _truth(self) -> TimeEntry | None:
        return await self._watch.truth()

    # ------------------------------------------------------------ helpers

    def _title(self, entry: EntryFields) -> str:
        return describe(self.snapshot, entry)

    def _local_day(self, instant: datetime) -> date:
        return instant.astimezone(self.snapshot.tz).date()

    def _today(self) -> date:
        return self._local_day(self.server_now())

    def _hhmm(self, instant: datetime) -> str:
        """``17:00``, or ``17:00 yesterday (Tue 01 Dec 2026)`` for a time on another day."""
        return moment_text(instant, self.snapshot.tz, self._today())

    def _working(self, changes: Iterable[Change]) -> list[TimeEntry]:
        """The shown week's entries after ``changes``, keeping only what touches the week."""
        first, last = week_bounds(self.snapshot.week, self.snapshot.tz)
        by_id = {e.id: e for e in self.snapshot.entries}
        for before, after in changes:
            if before is not None:
                by_id.pop(before.id, None)
            if (
                after is not None
                and after.start < last
                and (after.end is None or after.end > first)
            ):
                by_id[after.id] = after
        return sorted(by_id.values(), key=lambda e: (e.start, e.id))

    def _check_moment(self, at: datetime, now: datetime) -> str | None:
        if at > now:
            return f"{self._hhmm(at)} is in the future; a timer can only start or stop by now"
        return None

    async def _apply(
        self,
        label: str,
        changes: list[Change],
        before: TimeEntry | None,
        after: TimeEntry | None,
        *,
        step: str,
    ) -> bool:
        """Commit ``changes`` with the running entry going from ``before`` to ``after``.
        ``label`` says what is shown at once ("Switched to …"), as every edit is; ``step``
        says it as a thing to do ("switch to …"), for a refusal: "Not saved: could not
        switch to … — why", which never reads as if the switch had happened."""
        if (refused := required_fields.refusal(self.snapshot.rules, changes)) is not None:
            self._publish(running=before, message=refused, severity="error")
            return False
        # Shown once committed (the store itself, or the journal of a remote service), as
        # every edit is: a start the bar showed is never lost to a kill right after the key.
        # On failure the commit reloads the week, which shows what is really running.
        ok = await self._writes.commit(label, changes, self._working(changes))
        if ok:
            shown = None if after is None else after.replace(id=self._writes.resolve(after.id))
            self._publish(running=shown)
        said = self.snapshot.message
        prefix = f"Not saved — {label}"  # the write path's words for a refusal
        if not ok and said.startswith(prefix):
            reason = said[len(prefix) :].removeprefix(": ")
            self.say(f"Not saved: could not {step} — {reason}", self.snapshot.severity)
        return ok

    # ------------------------------------------------------------ start, switch, continue

    async def start_timer(
        self,
        fields: EntryFields,
        *,
        at: datetime | None = None,
    ) -> TimeEntry | None:
        """Start ``fields`` (its start and end are ignored) at ``at`` or now. A running timer
        is stopped at the same second: a switch."""
        async with self._watch.lock:
            return await self._start(fields, at)

    async def _start(self, fields: EntryFields, at: datetime | None) -> TimeEntry | None:
        ws = self._workspace_id()
        try:
            running = await self._truth()
        except BackendError as err:
            self.say(f"Timer not started: {err}", "error")
            return None
        now = self.server_now()
        start = floor_second(at or now)
        if (problem := self._check_moment(start, now)) is not None:
            self.say(problem, "error")
            return None
        changes: list[Change] = []
        verb, done = "start", "Started"
        if running is not None:
            if same_work(running, fields) and at is None:
                self._publish(running=running)
                self.say(f"Already running: {self._title(running)}", "warning")
                return running
            if start < running.start:
                self.say(
                    f"A new timer cannot start before the running one did "
                    f"({self._hhmm(running.start)}); stop or edit that one first",
                    "error",
                )
                return None
            if start == running.start:
                # The same second: a stop would leave an empty entry; change this one instead.
                after = running.replace(**fields.replace(start=start, end=None).entry_fields())
                what = f"{self._title(after)} at {self._hhmm(start)}"
                if not await self._apply(
                    f"Switched to {what}",
                    [(running, after)],
                    running,
                    after,
                    step=f"switch to {what}",
                ):
                    return None
                return self.snapshot.running
            changes.append((running, running.replace(end=start)))
            verb, done = "switch to", "Switched to"
        new = TimeEntry(
            id=new_local_id(),
            workspace_id=ws,
            **fields.replace(start=start, end=None).entry_fields(),
        )
        changes.append((None, new))
        what = f"{self._title(new)} at {self._hhmm(start)}"
        if not await self._apply(f"{done} {what}", changes, running, new, step=f"{verb} {what}"):
            return None
        return self.snapshot.running

    def row_template(self, key: RowKey) -> EntryFields:
        """What a timer started on a grid row records: the row's latest entry's description,
        tags and billing, else the project's billing default."""
        same_row = [e for e in self.snapshot.entries if row_key(e) == key]
        now = self.server_now()
        if same_row:
            latest = max(same_row, key=lambda e: (e.start, e.id))
            return latest.fields().replace(start=now, end=None)
        project = self.snapshot.project(key[0])
        return EntryFields(
            start=now,
            project_id=key[0],
            task_id=key[1],
            billable=project.billable if project else False,
        )

    async def start_on_row(self, key: RowKey) -> TimeEntry | None:
        return await self.start_timer(self.row_template(key))

    async def start_from_choice(self, choice: RowChoice) -> TimeEntry | None:
        """Start (or switch to) a picker choice, creating the client, project or task it
        names first."""
        key = choice.key if choice.key is not None else await self.add_picked_row(choice)
        if key is None:
            return None
        return await self.start_on_row(key)

    async def recent_entries(self) -> list[TimeEntry]:
        """The last distinct pieces of work (up to 10, newest first) to continue."""
        ws = self._workspace_id()
        now = self.server_now()
        entries = await self.backend.list_entries(
            ws, now - RECENT_WINDOW, now + timedelta(minutes=1)
        )
        return recent_distinct(entries, self.snapshot.running)

    async def continue_recent(self, number: int, *, at: datetime | None = None) -> TimeEntry | None:
        """Continue the ``number``-th (1 = latest) of :meth:`recent_entries`."""
        try:
            async with self._watch.lock:
                await self._truth_into_snapshot()
            recent = await self.recent_entries()
        except BackendError as err:
            self.say(f"Timer not started: {err}", "error")
            return None
        if not 1 <= number <= len(recent):
            count = len(recent)
            self.say(
                "Nothing recent to continue"
                if not count
                else f"Only {count} recent entr{'y' if count == 1 else 'ies'} to continue",
                "error",
            )
            return None
        return await self.start_timer(recent[number - 1].fields(), at=at)

    async def continue_entry(self, entry: EntryFields) -> TimeEntry | None:
        return await self.start_timer(entry)

    async def _truth_into_snapshot(self) -> None:
        running = await self._truth()
        if running != self.snapshot.running:
            self._publish(running=running)

    # ------------------------------------------------------------ stop

    async def stop_timer(self, *, at: datetime | None = None) -> TimeEntry | None:
        """Stop the running entry at ``at`` or now; the finished entry, or None."""
        async with self._watch.lock:
            try:
                running = await self._truth()
            except BackendError as err:
                self.say(f"Timer not stopped: {err}", "error")
                return None
            if running is None:
                if self.snapshot.running is not None:
                    await self.load_week(self.snapshot.week)  # it was stopped elsewhere
                self.say("Nothing is running", "warning")
                return None
            now = self.server_now()
            end = floor_second(at or now)
            if (problem := self._check_moment(end, now)) is not None:
                self.say(problem, "error")
                return None
            if end < running.start:
                if at is not None:
                    self.say(
                        f"The timer started at {self._hhmm(running.start)}; "
                        f"it cannot stop before that",
                        "error",
                    )
                    return None
                end = running.start  # our clock is behind the server's: stop at zero
            stopped = running.replace(end=end)
            # A stop on another day than today says when: "at 17:30 yesterday (…)".
            at_day = f" at {self._hhmm(end)}" if self._local_day(end) != self._today() else ""
            what = f"{self._title(running)}{at_day} after {format_clock(stopped.seconds())}"
            if not await self._apply(
                f"Stopped {what}", [(running, stopped)], running, None, step=f"stop {what}"
            ):
                return None
            return stopped.replace(id=self._writes.resolve(stopped.id))

    # ------------------------------------------------------------ edit the running entry

    async def edit_running(self, **changes: Any) -> TimeEntry | None:
        """Change the running entry's ``description``, ``project_id``/``task_id``,
        ``tag_ids``, ``billable`` or ``start``."""
        allowed = {"description", "project_id", "task_id", "tag_ids", "billable", "start"}
        if unknown := set(changes) - allowed:
            raise ValueError(f"cannot edit {', '.join(sorted(unknown))} of a running entry")
        async with self._watch.lock:
            try:
                running = await self._truth()
            except BackendError as err:
                self.say(f"Not changed: {err}", "error")
                return None
            if running is None:
                self._publish(running=None)
                self.say("Nothing is running to change", "warning")
                return None
            if "start" in changes:
                start = floor_second(changes["start"])
                now = self.server_now()
                if start > now:
                    self.say(
                        f"{self._hhmm(start)} is in the future; pick an earlier start", "error"
                    )
                    return None
                changes["start"] = start
            try:
                after = running.replace(**changes)
            except ValueError as err:
                self.say(f"Not changed: {err}", "error")
                return None
            if after == running:
                self._publish(running=running)
                self.say("The running entry already says that")
                return running
            what = f"the running entry: {self._title(after)}"
            if not await self._apply(
                f"Changed {what}", [(running, after)], running, after, step=f"change {what}"
            ):
                return None
            return self.snapshot.running

    # ------------------------------------------------------------ idle time

    async def resolve_idle(
        self, choice: IdleChoice, idle_from: datetime, back_at: datetime
    ) -> bool:
        """Keep, discard or split off the idle part of the running entry."""
        if choice == "keep":
            self.say("Kept the idle time")
            return True
        async with self._watch.lock:
            try:
                running = await self._truth()
            except BackendError as err:
                self.say(f"Idle time not changed: {err}", "error")
                return False
            if running is None:
                self._publish(running=None)
                self.say("The timer was stopped meanwhile; nothing to change", "warning")
                return False
            ops = plan_idle(running, idle_from, back_at, choice)
            if not ops:
                self.say("No idle time to change")
                return True
            changes, _ = self._writes.materialise(ops)
            after = next((e for _, e in changes if e is not None and e.end is None), None)
            idle = format_clock(int((back_at - max(idle_from, running.start)).total_seconds()))
            verb, done = (
                ("discard", "Discarded") if choice == "discard" else ("split off", "Split off")
            )
            what = f"{idle} of idle time"
            return await self._apply(
                f"{done} {what}", changes, running, after, step=f"{verb} {what}"
            )


def describe(snap: Snapshot, entry: EntryFields) -> str:
    """``“description” · client › project › task``, for messages."""
    label = snap.catalog.label(row_key(entry))
    return f"“{entry.description}” · {label}" if entry.description else label
