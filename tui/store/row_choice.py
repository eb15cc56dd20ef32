"""What the row picker offers for what was typed, and what it hands back: an existing row,
or the names of one to create."""

from __future__ import annotations

from dataclasses import dataclass

from tui.domain.models import Project, Task
from tui.domain.name_rank import Fit, Query, Target, Tier, fit, fold, readings
from tui.domain.timesheet import Catalog, RowKey
from tui.store.snapshot import Snapshot


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


@dataclass(frozen=True)
class PickerOption:
    """One line of the row picker: what it shows and what picking it hands back."""

    label: str
    choice: RowChoice
    new: bool = False  # a "+ New …" line: picking it creates what it names


@dataclass(frozen=True)
class _Row:
    target: Target
    label: str
    choice: RowChoice


@dataclass(frozen=True)
class _Rows:
    """Every live project and task made ready for matching, once per catalog: the picker
    matches all of them on every key."""

    projects: tuple[Project, ...]
    tasks: tuple[Task, ...]
    catalog: Catalog
    rows: tuple[_Row, ...]
    labels: frozenset[str]  # folded
    names: frozenset[str]  # every live client, project and task name, folded


_last: list[_Rows] = []


def _rows(snap: Snapshot) -> _Rows:
    for made in _last:
        if (made.projects, made.tasks, made.catalog) == (snap.projects, snap.tasks, snap.catalog):
            return made
    catalog = snap.catalog
    keys: list[RowKey] = [(p.id, None) for p in snap.projects if not p.archived]
    for task in snap.tasks:
        owner = catalog.projects.get(task.project_id)
        if not task.done and owner is not None and not owner.archived:
            keys.append((task.project_id, task.id))
    paths = {key: tuple(n for n in catalog.names(key) if n) for key in keys}
    rows = [_Row(Target.of(paths[key]), catalog.label(key), RowChoice(key=key)) for key in keys]
    rows.sort(key=lambda row: row.label.casefold())
    rows.append(_Row(Target.of(("no project",)), "(no project)", RowChoice(key=(None, None))))
    made = _Rows(
        snap.projects,
        snap.tasks,
        catalog,
        tuple(rows),
        frozenset(row.label.casefold() for row in rows),
        frozenset(fold(name) for path in paths.values() for name in path),
    )
    _last[:] = [made]
    return made


def row_options(snap: Snapshot, query: str, limit: int = 200) -> list[PickerOption]:
    """The picker's lines for ``query``, best first: exact, prefix, word-prefix and substring
    hits, then close ones (a typo, a few letters left out), then "+ New …", then loose hits
    (only the letters in order) — so Enter on a new name creates it rather than pick
    something that merely holds its letters."""
    made = _rows(snap)
    if not readings(query):
        return [PickerOption(row.label, row.choice) for row in made.rows][:limit]
    prepared = Query.of(query)
    fits: list[tuple[Fit, str, _Row]] = []
    for row in made.rows:
        found = fit(prepared, row.target)
        if found is not None:
            fits.append((found, row.label.casefold(), row))
    fits.sort(key=lambda item: (item[0], item[1]))
    strong = [PickerOption(f[2].label, f[2].choice) for f in fits if f[0].tier < Tier.LOOSE]
    loose = [PickerOption(f[2].label, f[2].choice) for f in fits if f[0].tier == Tier.LOOSE]
    return (strong + _creations(snap, query, made) + loose)[:limit]


def _creations(snap: Snapshot, query: str, made: _Rows) -> list[PickerOption]:
    """The "+ New …" lines. A reading whose first parts name an existing client or project is
    offered first (``Acme/Design`` with a project Acme: a task in it); otherwise the path
    split at every separator, and — when the query holds one and names nothing that
    exists — the whole text as one project name (``A/B tests``)."""
    active = [p for p in snap.projects if not p.archived]
    clients = {c.name.casefold() for c in snap.clients}
    out: list[PickerOption] = []
    out_from: tuple[str, ...] = ()

    labels = {fold(label) for label in made.labels}

    def add(label: str, choice: RowChoice, named: str) -> None:
        if fold(named) not in labels and all(o.label != label for o in out):
            out.append(PickerOption(label, choice, new=True))

    query_readings = [r for r in readings(query) if len(r) <= 3]
    # The reading that resolves the most parts wins: ``Acme > CI/CD > Deploy`` is a task in
    # Acme › CI/CD, not a project "CI/CD > Deploy" for Acme.
    for reading in sorted(query_readings, key=len, reverse=True):
        if out and len(reading) < len(out_from):
            break
        out_from = reading
        if len(reading) == 2:
            first, second = reading
            for project in active:
                if fold(project.name) == fold(first):
                    label = snap.catalog.label((project.id, None))
                    add(
                        f"+ New task “{second}” in {label}",
                        RowChoice(project_id=project.id, task=second),
                        f"{label} › {second}",
                    )
            if fold(first) in {fold(c) for c in clients}:
                add(
                    f"+ New project “{second}” for client “{first}”",
                    RowChoice(client=first, project=second),
                    f"{first} › {second}",
                )
        elif len(reading) == 3:
            client, name, task = reading
            for project in active:
                label = snap.catalog.label((project.id, None))
                if fold(label) == fold(f"{client} › {name}"):
                    add(
                        f"+ New task “{task}” in {label}",
                        RowChoice(project_id=project.id, task=task),
                        f"{label} › {task}",
                    )
    whole = query_readings[0] if query_readings and len(query_readings[0]) == 1 else None
    names_existing = whole is not None and fold(whole[0]) in made.names
    split = readings(query)[-1] if query_readings else ()
    resolved = bool(out)
    if not resolved and split and not (len(split) > 1 and names_existing):
        if len(split) == 1:
            add(f"+ New project “{split[0]}”", RowChoice(project=split[0]), split[0])
        elif len(split) == 2:
            add(
                f"+ New project “{split[1]}” for client “{split[0]}”",
                RowChoice(client=split[0], project=split[1]),
                " › ".join(split),
            )
        elif len(split) == 3:
            add(
                f"+ New “{' › '.join(split)}”",
                RowChoice(client=split[0], project=split[1], task=split[2]),
                " › ".join(split),
            )
    if whole is not None and len(readings(query)) > 1 and not (resolved or names_existing):
        add(f"+ New project “{whole[0]}”", RowChoice(project=whole[0]), whole[0])
    return out
