"""What a backend is: one small core protocol every time-tracking service can implement,
and optional parts a backend implements when its service has them.

The core is small and async so a caching wrapper can compose with any remote backend. The
store asks for an optional part with ``isinstance`` (the protocols are runtime-checkable),
never with ``getattr``; screens learn what a backend can do from ``Capabilities`` in the
snapshot. Every update takes the domain object it changes, which says what it belongs to.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol, runtime_checkable

from tui.backends.changes import AtomicChanges, ChangeWatch, EntryChange
from tui.backends.errors import BackendError
from tui.domain.models import (
    Capabilities,
    Client,
    EntryFields,
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


@runtime_checkable
class Backend(Protocol):
    name: str
    capabilities: Capabilities

    async def get_user(self) -> User: ...

    async def list_workspaces(self) -> list[Workspace]:
        """At least one: a service without workspaces exposes a single one."""
        ...

    # Clients, projects, tasks, tags: lists include archived/done items; callers filter.
    async def list_clients(self, workspace_id: str) -> list[Client]: ...
    async def list_projects(self, workspace_id: str) -> list[Project]: ...
    async def list_tasks(self, workspace_id: str, project_id: str | None = None) -> list[Task]:
        """Tasks of one project, or of every project in the workspace when ``None``."""
        ...

    async def list_tags(self, workspace_id: str) -> list[Tag]: ...

    # Time entries
    async def list_entries(
        self, workspace_id: str, start: datetime, end: datetime
    ) -> list[TimeEntry]:
        """Entries that overlap ``[start, end)``, the running one included, sorted by start."""
        ...

    async def create_entry(self, workspace_id: str, fields: EntryFields) -> TimeEntry: ...
    async def update_entry(self, entry: TimeEntry) -> TimeEntry:
        """Replace the whole entry (every field is sent)."""
        ...

    async def delete_entry(self, workspace_id: str, entry_id: str) -> None: ...
    async def running_entry(self, workspace_id: str) -> TimeEntry | None: ...

    async def aclose(self) -> None: ...


@runtime_checkable
class CatalogWrites(Protocol):
    """Creating and changing clients, projects, tasks and tags. A create names the
    workspace (and project) it adds to; an update takes the object, which carries them."""

    async def create_client(self, workspace_id: str, name: str) -> Client: ...
    async def update_client(self, client: Client) -> Client: ...
    async def create_project(
        self,
        workspace_id: str,
        name: str,
        client_id: str | None = None,
        color: str | None = None,
        billable: bool = False,
    ) -> Project: ...
    async def update_project(self, project: Project) -> Project: ...
    async def create_task(self, workspace_id: str, project_id: str, name: str) -> Task: ...
    async def update_task(self, task: Task) -> Task: ...
    async def create_tag(self, workspace_id: str, name: str) -> Tag: ...
    async def update_tag(self, tag: Tag) -> Tag: ...


@runtime_checkable
class WorkspaceAdmin(Protocol):
    """Creating and renaming workspaces (``Capabilities.create_workspaces`` says so too)."""

    async def create_workspace(self, name: str) -> Workspace: ...
    async def rename_workspace(self, workspace_id: str, name: str) -> Workspace: ...


@runtime_checkable
class HasWorkspaceRules(Protocol):
    """A service whose workspaces demand fields of every entry (Clockify's required
    fields). A backend without this part demands nothing."""

    async def workspace_rules(self, workspace_id: str) -> WorkspaceRules: ...


@runtime_checkable
class ServerClock(Protocol):
    """A service whose clock is the truth for running timers."""

    @property
    def server_time_offset(self) -> float | None:
        """The service's clock minus ours, in seconds, as of its last answer; None before."""
        ...


@runtime_checkable
class TimesheetPeriods(Protocol):
    """Timesheets submitted per period and approved (ClickTime); ``Capabilities.submit_timesheet``
    says a backend does."""

    async def timesheet_period(self, workspace_id: str, day: date) -> TimesheetPeriod:
        """The period that holds ``day``, with its approval state and lock."""
        ...

    async def submit_timesheet(
        self, workspace_id: str, period: TimesheetPeriod, comment: str | None = None
    ) -> TimesheetPeriod:
        """Send the period for approval, with ``comment`` for the approver; it comes back
        submitted (and locked, where the service locks submitted time)."""
        ...


@runtime_checkable
class WorkspaceTimesheets(Protocol):
    """A service where only some workspaces submit timesheets (Clockify: where the plan has
    approvals). A backend with ``TimesheetPeriods`` but without this part offers them in
    every workspace, as ``Capabilities.submit_timesheet`` says."""

    async def uses_timesheets(self, workspace_id: str) -> bool: ...


@runtime_checkable
class ChecksChanges(Protocol):
    """A service that can tell, before a change is kept anywhere, that it would refuse it for
    good (a day in a submitted or approved timesheet). A journal asks first, so such an edit
    is refused at once in the user's words instead of failing later in the journal."""

    async def check_changes(self, workspace_id: str, changes: Sequence[EntryChange]) -> None:
        """Raise ``ValidationError`` for the first change the service would refuse."""
        ...


@runtime_checkable
class ChecksFromCache(Protocol):
    """A ``ChecksChanges`` service whose check never makes a request (ClickTime judges from
    the settings and timesheets it has already read): a journal asks it offline too, where
    it does not wait for a service that would have to be reached."""

    checks_from_cache: bool


@runtime_checkable
class TimesheetDetails(Protocol):
    """More of a ``TimesheetPeriods`` service: the periods of a run of days at once (for the
    grid, without a request per day), taking a submission back, and the approver's comment
    on a rejection. A backend with ``TimesheetPeriods`` alone still submits; the store then
    finds a week's periods one period at a time and offers no undo."""

    async def timesheet_periods(
        self, workspace_id: str, first: date, last: date
    ) -> list[TimesheetPeriod]:
        """The periods that hold ``first``..``last``, by start; a rejected one carries the
        approver's ``comment``. Read with the week, so cached as the week's reads are."""
        ...

    async def undo_submission(self, workspace_id: str, period: TimesheetPeriod) -> TimesheetPeriod:
        """Take a submission back while the service allows it; the period comes back open."""
        ...


@runtime_checkable
class ForgetsCatalog(Protocol):
    """A backend that keeps its catalog lists a while: told to read them afresh, as when the
    service says an item of a name exists that the lists held do not show."""

    def forget_catalog(self, workspace_id: str) -> None: ...


@runtime_checkable
class HasTerms(Protocol):
    """A service whose workspaces name clients, projects and tasks in their own words
    (ClickTime's ``JobTermSingular``…). Without this part, punch's own words are used."""

    async def terms(self, workspace_id: str) -> Terms: ...


@runtime_checkable
class TimeOffReader(Protocol):
    """A service that keeps time off (holidays, vacation) beside the worked time."""

    async def list_time_off(self, workspace_id: str, first: date, last: date) -> list[TimeOff]:
        """Time off on the local days ``first``..``last``: one read for the run of days,
        cached as the week's entries are."""
        ...


@runtime_checkable
class OpeningNote(Protocol):
    """What a user should know about the data as it was opened (a store file that can only
    be read): said once on the status line when the store opens."""

    def opening_note(self) -> str:
        """One sentence, or "" when there is nothing to say."""
        ...


PARTS: dict[str, type] = {
    "catalog_writes": CatalogWrites,
    "workspace_admin": WorkspaceAdmin,
    "workspace_rules": HasWorkspaceRules,
    "server_clock": ServerClock,
    "timesheet_periods": TimesheetPeriods,
    "workspace_timesheets": WorkspaceTimesheets,
    "checks_changes": ChecksChanges,
    "checks_from_cache": ChecksFromCache,
    "timesheet_details": TimesheetDetails,
    "terms": HasTerms,
    "time_off": TimeOffReader,
    "atomic_changes": AtomicChanges,
    "change_watch": ChangeWatch,
}
"""The optional parts by the names registry entries declare them with."""


class _NoCatalogWrites:
    """What :func:`catalog_writes` hands out for a backend without that part: each call
    fails, when awaited, with a sentence for the user."""

    def __init__(self, backend: Backend) -> None:
        self._why = f"{backend.name} does not let punch change its clients, projects or tags."

    def _refuse(self) -> BackendError:
        return BackendError(self._why)

    async def create_client(self, workspace_id: str, name: str) -> Client:
        raise self._refuse()

    async def update_client(self, client: Client) -> Client:
        raise self._refuse()

    async def create_project(
        self,
        workspace_id: str,
        name: str,
        client_id: str | None = None,
        color: str | None = None,
        billable: bool = False,
    ) -> Project:
        raise self._refuse()

    async def update_project(self, project: Project) -> Project:
        raise self._refuse()

    async def create_task(self, workspace_id: str, project_id: str, name: str) -> Task:
        raise self._refuse()

    async def update_task(self, task: Task) -> Task:
        raise self._refuse()

    async def create_tag(self, workspace_id: str, name: str) -> Tag:
        raise self._refuse()

    async def update_tag(self, tag: Tag) -> Tag:
        raise self._refuse()


def catalog_writes(backend: Backend) -> CatalogWrites:
    """The backend's catalog writes, or stand-ins that refuse (raising ``BackendError``
    when awaited, where callers already handle a backend's refusals)."""
    if isinstance(backend, CatalogWrites):
        return backend
    return _NoCatalogWrites(backend)


async def workspace_rules(backend: Backend, workspace_id: str) -> WorkspaceRules:
    """The workspace's rules; a backend without that part demands nothing."""
    if isinstance(backend, HasWorkspaceRules):
        return await backend.workspace_rules(workspace_id)
    return WorkspaceRules()


async def offers_timesheets(backend: Backend, workspace_id: str) -> bool:
    """Whether timesheets are submitted from this workspace (the review's ``s``,
    ``punch submit``)."""
    if not isinstance(backend, TimesheetPeriods):
        return False
    if isinstance(backend, WorkspaceTimesheets):
        return await backend.uses_timesheets(workspace_id)
    return backend.capabilities.submit_timesheet


async def terms(backend: Backend, workspace_id: str) -> Terms:
    """The workspace's words; punch's own for a backend without that part."""
    if isinstance(backend, HasTerms):
        return await backend.terms(workspace_id)
    return Terms()


def server_time_offset(backend: Backend) -> float | None:
    """The backend's last reading of its service's clock, where it has one."""
    if isinstance(backend, ServerClock):
        offset = backend.server_time_offset
        return offset if isinstance(offset, float) else None
    return None
