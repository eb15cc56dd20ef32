"""What the row picker offers for what was typed, and what it hands back: an existing row,
or the names of one to create."""

from __future__ import annotations

from dataclasses import dataclass

from tui.domain.name_rank import Fit, Tier, fit, fold, readings
from tui.domain.timesheet import RowKey
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


def row_options(snap: Snapshot, query: str, limit: int = 200) -> list[PickerOption]:
    """The picker's lines for ``query``, best first: exact, prefix, word-prefix and substring
    hits, then close ones (a typo, a few letters left out), then "+ New …", then loose hits
    (only the letters in order) — so Enter on a new name creates it rather than pick
    something that merely holds its letters."""
    rows = _rows(snap)
    query_readings = readings(query)
    if not query_readings:
        return [PickerOption(label, choice) for _, label, choice in rows][:limit]
    fits: list[tuple[Fit, str, RowChoice]] = []
    for path, label, choice in rows:
        found = fit(query_readings, path)
        if found is not None:
            fits.append((found, label.casefold(), choice))
    fits.sort(key=lambda item: (item[0], item[1]))
    labels = {label.casefold(): label for _, label, _ in rows}
    strong = [PickerOption(labels[f[1]], f[2]) for f in fits if f[0].tier < Tier.LOOSE]
    loose = [PickerOption(labels[f[1]], f[2]) for f in fits if f[0].tier == Tier.LOOSE]
    return (strong + _creations(snap, query, set(labels)) + loose)[:limit]


def _rows(snap: Snapshot) -> list[tuple[tuple[str, ...], str, RowChoice]]:
    """Every live project and task: its path (names kept whole), label and choice."""
    catalog = snap.catalog
    keys: list[RowKey] = [(p.id, None) for p in snap.projects if not p.archived]
    for task in snap.tasks:
        owner = catalog.projects.get(task.project_id)
        if not task.done and owner is not None and not owner.archived:
            keys.append((task.project_id, task.id))
    out = [
        (tuple(n for n in catalog.names(key) if n), catalog.label(key), RowChoice(key=key))
        for key in keys
    ]
    out.sort(key=lambda row: row[1].casefold())
    return [*out, (("no project",), "(no project)", RowChoice(key=(None, None)))]


def _creations(snap: Snapshot, query: str, labels: set[str]) -> list[PickerOption]:
    """The "+ New …" lines. A reading whose first parts name an existing client or project is
    offered first (``Acme/Design`` with a project Acme: a task in it); otherwise the path
    split at every separator, and — when the query holds one and names nothing that
    exists — the whole text as one project name (``A/B tests``)."""
    active = [p for p in snap.projects if not p.archived]
    clients = {c.name.casefold() for c in snap.clients}
    out: list[PickerOption] = []
    out_from: tuple[str, ...] = ()

    def add(label: str, choice: RowChoice, made: str) -> None:
        if made.casefold() not in labels and all(o.label != label for o in out):
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
    names_existing = whole is not None and any(
        fold(name) == fold(whole[0])
        for key in [(p.id, None) for p in active] + [(t.project_id, t.id) for t in snap.tasks]
        for name in snap.catalog.names(key)
        if name
    )
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
