"""What the ClickTime backend can do, in a module of its own: the registry and the replica
read it without importing the client (httpx, pydantic), so a warm start behind the replica
paints before either is imported.

No billable flag and no tags on ClickTime entries; one company per token. Timesheets are
submitted for approval; the running timer is kept locally (API notes §5)."""

from tui.domain.models import Capabilities

CAPABILITIES = Capabilities(
    billable=False,
    tags=False,
    clients=True,
    running_timer=True,
    submit_timesheet=True,
    create_workspaces=False,
    rates=False,
    entries_without_project=False,
)
