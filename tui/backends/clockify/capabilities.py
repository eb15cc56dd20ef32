"""What the Clockify backend can do, in a module of its own: the registry and the replica
read it without importing the client (httpx, pydantic)."""

from tui.domain.models import Capabilities

CAPABILITIES = Capabilities(
    billable=True,
    tags=True,
    clients=True,
    running_timer=True,
    submit_timesheet=False,
    create_workspaces=False,
    rates=True,
)
