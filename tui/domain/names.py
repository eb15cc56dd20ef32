"""Finding a project, task or tag from what a person typed: ``web``, ``acme › website``,
``acme/web/design``, or a fuzzy ``wbsite``.

Matching goes in three rounds and stops at the first round that finds anything: exact names,
then prefixes, then characters in order (fuzzy). A query of several parts (split on ``›``,
``>`` or ``/``) is matched against the last parts of each path, so ``acme › website`` tells
twins apart where ``website`` alone would not. More than one hit in a round is an error that
lists the candidates: nothing is ever picked silently.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["AmbiguousName", "NameMatchError", "Named", "UnknownName", "match_name", "split_path"]

T = TypeVar("T")

_SEPARATORS = re.compile(r"\s*(?:›|>|/)\s*")
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
    return [part for part in _SEPARATORS.split(text.strip()) if part]


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _exact(query: list[str], path: tuple[str, ...]) -> bool:
    tail = path[-len(query) :]
    return len(tail) == len(query) and all(
        _fold(q) == _fold(p) for q, p in zip(query, tail, strict=True)
    )


def _prefix(query: list[str], path: tuple[str, ...]) -> bool:
    tail = path[-len(query) :]
    return len(tail) == len(query) and all(
        _fold(p).startswith(_fold(q)) for q, p in zip(query, tail, strict=True)
    )


def _in_order(needle: str, haystack: str) -> bool:
    """Every character of ``needle`` appears in ``haystack``, in order."""
    position = 0
    for char in needle:
        position = haystack.find(char, position)
        if position < 0:
            return False
        position += 1
    return True


def _fuzzy(query: list[str], path: tuple[str, ...]) -> bool:
    tail = path[-len(query) :]
    if len(tail) != len(query):
        return False
    return all(
        _in_order(_fold(q).replace(" ", ""), _fold(p).replace(" ", ""))
        for q, p in zip(query, tail, strict=True)
    )


def _listing(labels: Sequence[str]) -> str:
    shown = ", ".join(labels[:SHOWN_CANDIDATES])
    more = len(labels) - SHOWN_CANDIDATES
    return shown + (f" and {more} more" if more > 0 else "")


def match_name(text: str, items: Sequence[Named[T]], what: str = "project") -> T:
    """The one item ``text`` names. Raises :class:`UnknownName` or :class:`AmbiguousName`
    (with the candidates, full paths) rather than guess."""
    query = split_path(text)
    if not query:
        raise UnknownName(f"Give a {what} name")
    for test in (_exact, _prefix, _fuzzy):
        hits = [item for item in items if test(query, item.path)]
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
