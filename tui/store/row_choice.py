"""What the row picker hands back: an existing row, or the names of one to create."""

from __future__ import annotations

from dataclasses import dataclass

from tui.domain.timesheet import RowKey


@dataclass(frozen=True)
class RowChoice:
    key: RowKey | None = None
    # When ``key`` is None: what to create. An existing project is named by id; anything
    # given by name only is created (a client, a project, a task).
    project_id: str | None = None
    client: str | None = None
    project: str | None = None
    task: str | None = None

    @property
    def creates(self) -> bool:
        return self.key is None
