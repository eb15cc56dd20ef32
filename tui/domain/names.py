"""Finding a project, task or tag from what a person typed: ``web``, ``acme › website``,
``acme/web/design``, or a fuzzy ``wbsite``.

Matching goes in rounds and stops at the first round that finds anything: exact names, then
prefixes, then word prefixes, then substrings, then characters in order (fuzzy); see
:mod:`tui.domain.name_rank`. A query of several parts (split on ``›``, ``>`` or ``/``) is
matched against the last parts of each path, so ``acme › website`` tells twins apart where
``website`` alone would not; a name that holds a separator (``CI/CD``) is found whole before the
split is tried. More than one hit in a round is an error that lists the candidates: nothing is
ever picked silently.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from tui.domain.name_rank import SEPARATORS, Tier, fit, in_order, readings

__all__ = ["AmbiguousName", "NameMatchError", "Named", "UnknownName", "match_name", "split_path"]

T = TypeVar("T")

SHOWN_CANDIDATES = 8


@dataclass(frozen=True)
class Named(Generic[T]):
    """Something that can be named: its path (``("Acme", "Website", "Design")``) and value."""

    path: tuple[str, ...]
    value: T

    @property
    def label(self) -> str:
        return " › ".join(self.path)


class NameMatchError(ValueError):
    """A name that picks out nothing, or more than one thing; ``str()`` is a sentence."""

    def __init__(self, message: str, candidates: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.candidates = list(candidates)


class UnknownName(NameMatchError):
    pass


class AmbiguousName(NameMatchError):
    pass


def split_path(text: str) -> list[str]:
    """``"Acme › Website"`` → ``["Acme", "Website"]``; empty parts are dropped."""
    return [part for part in SEPARATORS.split(text.strip()) if part]


def _round_hits(
    query: list[tuple[str, ...]], items: Sequence[Named[T]], tier: Tier
) -> list[Named[T]]:
    """The items the query fits at ``tier``, from the reading with fewest splits that fits
    any: an existing ``CI/CD`` is found before ``CI › CD`` is looked for."""
    for reading in query:
        if tier is Tier.LOOSE:
            hits = [
                item
                for item in items
                if len(reading) <= len(item.path) and in_order(reading, item.path[-len(reading) :])
            ]
        else:
            hits = []
            for item in items:
                found = fit([reading], item.path, leaf_only=True)
                if found is not None and found.tier == tier:
                    hits.append(item)
        if hits:
            return hits
    return []


def _listing(labels: Sequence[str]) -> str:
    shown = ", ".join(labels[:SHOWN_CANDIDATES])
    more = len(labels) - SHOWN_CANDIDATES
    return shown + (f" and {more} more" if more > 0 else "")


def match_name(text: str, items: Sequence[Named[T]], what: str = "project") -> T:
    """The one item ``text`` names. Raises :class:`UnknownName` or :class:`AmbiguousName`
    (with the candidates, full paths) rather than guess."""
    query = readings(text)
    if not query:
        raise UnknownName(f"Give a {what} name")
    for tier in (Tier.EXACT, Tier.PREFIX, Tier.WORD_PREFIX, Tier.SUBSTRING, Tier.LOOSE):
        hits = _round_hits(query, items, tier)
        # Twins with identical paths cannot be told apart by any query: still an error.
        if len(hits) == 1:
            return hits[0].value
        if hits:
            labels = sorted({item.label for item in hits}, key=str.casefold)
            hint = " (add the client: 'client › project')" if what == "project" else ""
            raise AmbiguousName(
                f"'{text.strip()}' matches {len(hits)} {what}s: {_listing(labels)}{hint}", labels
            )
    labels = [item.label for item in items]
    close = difflib.get_close_matches(text.strip(), labels, n=SHOWN_CANDIDATES, cutoff=0.5)
    if close:
        raise UnknownName(f"No {what} matches '{text.strip()}'; did you mean {_listing(close)}?")
    if not labels:
        raise UnknownName(f"No {what} matches '{text.strip()}': there are none yet")
    known = sorted(labels, key=str.casefold)
    raise UnknownName(f"No {what} matches '{text.strip()}'; known: {_listing(known)}", known)
