"""The words a workspace uses for what punch calls clients, projects and tasks.

A ClickTime company may call its jobs "Projects" or "Matters"; screens and messages then
say so. Every other backend keeps punch's own words (the defaults).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True, kw_only=True)
class Terms:
    client: str = "Client"
    clients: str = "Clients"
    project: str = "Project"
    projects: str = "Projects"
    task: str = "Task"
    tasks: str = "Tasks"

    @classmethod
    def of(
        cls,
        *,
        client: tuple[str | None, str | None] = (None, None),
        project: tuple[str | None, str | None] = (None, None),
        task: tuple[str | None, str | None] = (None, None),
    ) -> Terms:
        """Terms from (singular, plural) pairs a service gives; a blank word keeps the
        default, and a missing plural is the singular with an s."""
        base = cls()

        def pair(given: tuple[str | None, str | None], one: str, many: str) -> tuple[str, str]:
            singular = (given[0] or "").strip() or one
            plural = (given[1] or "").strip() or (singular + "s" if given[0] else many)
            return singular, plural

        c1, c2 = pair(client, base.client, base.clients)
        p1, p2 = pair(project, base.project, base.projects)
        t1, t2 = pair(task, base.task, base.tasks)
        return cls(client=c1, clients=c2, project=p1, projects=p2, task=t1, tasks=t2)

    @cached_property
    def _words(self) -> dict[str, str]:
        words = {
            "Client": self.client,
            "Clients": self.clients,
            "Project": self.project,
            "Projects": self.projects,
            "Task": self.task,
            "Tasks": self.tasks,
        }
        lower = {k.lower(): _lower(v) for k, v in words.items()}
        return words | lower

    def say(self, text: str) -> str:
        """``text`` written with punch's words (client, projects, Task…) in the workspace's
        words, keeping a lower-case word lower case (``"New project"`` → ``"New matter"``)."""
        if self == _DEFAULT:
            return text
        return _WORD.sub(lambda m: self._words[m.group(0)], text)

    @property
    def row_path(self) -> str:
        """``Client › Project › Task`` in these words, for the grid's head and pickers."""
        return f"{self.client} › {self.project} › {self.task}"


def _lower(word: str) -> str:
    """A company's word as it reads inside a sentence: ``Matter`` → ``matter``, but an
    acronym (``SOW``) stays as it is."""
    return word if word.isupper() and len(word) > 1 else word[:1].lower() + word[1:]


_WORD = re.compile(r"\b(?:[Cc]lients?|[Pp]rojects?|[Tt]asks?)\b")
_DEFAULT = Terms()
