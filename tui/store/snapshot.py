"""What the screens draw: one immutable value, replaced whole on every change."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from tui.backends import changes
from tui.domain.models import (
    Capabilities,
    Client,
    Project,
    Tag,
    Task,
    TimeEntry,
    User,
    Workspace,
    WorkspaceRules,
)
from tui.domain.periods import TimesheetPeriod
from tui.domain.terms import Terms
from tui.domain.time_off import TimeOff
from tui.domain.timesheet import Catalog, WeekGrid
from tui.domain.weeks import week_days

Severity = Literal["information", "warning", "error"]

SyncState = changes.SyncState
"""How far what the user changed has reached the backend:

- ``synced``: every change shown is stored where it belongs;
- ``syncing``: changes recorded locally (in the journal) are being sent;
- ``offline``: the backend cannot be reached; changes wait in the journal, in order;
- ``failed``: the backend refused a change for good; it waits, with the reason, for the user
  to edit, retry or discard it.
"""


@dataclass(frozen=True)
class Snapshot:
    backend: str
    capabilities: Capabilities
    tz: ZoneInfo
    week_start_day: int
    week: date
    today: date
    grid: WeekGrid
    user: User | None = None
    workspace: Workspace | None = None
    workspaces: tuple[Workspace, ...] = ()
    clients: tuple[Client, ...] = ()
    projects: tuple[Project, ...] = ()
    tasks: tuple[Task, ...] = ()
    tags: tuple[Tag, ...] = ()
    entries: tuple[TimeEntry, ...] = ()
    running: TimeEntry | None = None
    loading: bool = False
    message: str = ""
    severity: Severity = "information"
    said: int = 0
    """How many messages have been said: a new message is a new number, even in the same
    words, so a screen can tell a message said while it was shown from an older one."""
    can_undo: bool = False
    can_redo: bool = False
    catalog: Catalog = field(default_factory=Catalog)
    rules: WorkspaceRules = field(default_factory=WorkspaceRules)
    timezone_note: str = ""
    offline: bool = False
    """The last re-check of the running timer could not reach the backend."""
    sync: SyncState = "synced"
    """Where the user's changes are; see :data:`SyncState`. Set by the write journal (issue
    10); until it lands every write is sent at once, so this stays ``synced``."""
    pending_writes: int = 0
    """Changes recorded but not yet confirmed by the backend (waiting or failed)."""
    unsent_ids: frozenset[str] = frozenset()
    """Entries with changes not yet on the service; their cells are marked."""
    failed: tuple[changes.FailedChange, ...] = ()
    """Changes the service refused for good, for the user to edit, retry or discard."""
    fresh_as_of: datetime | None = None
    """When a replica last heard from its service (``None``: live, or never)."""
    terms: Terms = field(default_factory=Terms)
    """The workspace's words for clients, projects and tasks."""
    periods: tuple[TimesheetPeriod, ...] = ()
    """The timesheet periods that hold the shown week's days, where the backend has them."""
    time_off: tuple[TimeOff, ...] = ()
    """The shown week's time off (read-only rows of the grid), where the backend keeps it."""

    @property
    def days(self) -> list[date]:
        return week_days(self.week)

    def project(self, project_id: str | None) -> Project | None:
        return self.catalog.projects.get(project_id) if project_id else None

    def tag_names(self, tag_ids: tuple[str, ...]) -> list[str]:
        names = {t.id: t.name for t in self.tags}
        return [names.get(i, "?") for i in tag_ids]
