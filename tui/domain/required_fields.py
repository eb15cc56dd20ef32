"""A workspace's required fields (Clockify's "force project / task / tags / description"),
checked before any call, so an edit the service would refuse is never half-shown and the
message names what is missing."""

from __future__ import annotations

from collections.abc import Iterable

from tui.domain.models import TimeEntry, WorkspaceRules

_HOW = {
    "project": "use a row with a project",
    "task": "use a row with a task",
    "tags": "add tags in the cell's entries (e)",
    "description": "add a description in the cell's entries (e)",
}


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def refusal(
    rules: WorkspaceRules, changes: Iterable[tuple[TimeEntry | None, TimeEntry | None]]
) -> str | None:
    """Why these changes cannot be saved, or None. Deletions are always allowed."""
    for _, after in changes:
        if after is None:
            continue
        missing = rules.missing(after)
        if missing:
            return (
                f"Not saved: this workspace requires {_and(missing)} on every entry — "
                + "; ".join(_HOW[name] for name in missing)
                + "."
            )
    return None
