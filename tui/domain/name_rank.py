"""How well a typed name fits a path such as ``("Acme", "Website", "Design")``.

A query is read every way its separators (``›``, ``>``, ``/``) allow: ``CI/CD`` is the one
name ``CI/CD`` and also the path ``CI › CD``. A reading with fewer splits wins a tie, so an
existing name that holds a separator is found before anything the split would name.

Tiers, best first: exact, prefix, word prefix, substring; then *close* (a loose subsequence or
a typo that still reads like the name: rapidfuzz's optimal-string-alignment similarity of
every aligned part at least ``CLOSE``), then *loose* (only the characters in order). The row
picker lists "+ New …" between close and loose hits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from itertools import combinations

from rapidfuzz.distance import OSA, LCSseq

__all__ = ["CLOSE", "Fit", "Query", "Target", "Tier", "fit", "fold", "in_order", "readings"]

SEPARATORS = re.compile(r"\s*(?:›|>|/)\s*")
CLOSE = 0.8
# 2**4 readings at most (the picker reads every row per key); past that only "no split"
# and "every split" are read.
_MOST_SPLITS = 4


class Tier(IntEnum):
    EXACT = 0
    PREFIX = 1
    WORD_PREFIX = 2
    SUBSTRING = 3
    CLOSE = 4
    LOOSE = 5


@dataclass(frozen=True, order=True)
class Fit:
    """Sorts best first: tier, then fewer splits, then a hit on the path's last part."""

    tier: Tier
    splits: int
    off_leaf: bool
    # Higher is closer; stored negated so that sorting ascending puts the closest first.
    distance: float = 0.0


def fold(text: str) -> str:
    return " ".join(text.casefold().split())


def readings(text: str) -> list[tuple[str, ...]]:
    """Every way of reading ``text`` as a path, fewest splits first; empty parts dropped."""
    text = text.strip()
    if not any(p.strip() for p in SEPARATORS.split(text)):
        return []  # only separators: names nothing
    seps = list(SEPARATORS.finditer(text))
    if len(seps) > _MOST_SPLITS:
        chosen: list[tuple[int, ...]] = [(), tuple(range(len(seps)))]
    else:
        chosen = [c for n in range(len(seps) + 1) for c in combinations(range(len(seps)), n)]
    out: list[tuple[str, ...]] = []
    for cut in chosen:
        parts, start = [], 0
        for index in cut:
            parts.append(text[start : seps[index].start()])
            start = seps[index].end()
        parts.append(text[start:])
        reading = tuple(p.strip() for p in parts if p.strip())
        if reading and reading not in out:
            out.append(reading)
    return out


@dataclass(frozen=True)
class Query:
    """A typed text read once: its readings, folded, with what each part is looked up by."""

    readings: tuple[tuple[str, ...], ...]
    words: tuple[tuple[re.Pattern[str], ...], ...]  # each part at the start of a word
    squeezed: tuple[str, ...]  # each reading without spaces, for the letters-in-order test

    @classmethod
    def of(cls, text: str | Sequence[tuple[str, ...]]) -> Query:
        found = readings(text) if isinstance(text, str) else list(text)
        folded = tuple(tuple(fold(q) for q in reading) for reading in found)
        return cls(
            folded,
            tuple(tuple(re.compile(r"(?:^|[\W_])" + re.escape(q)) for q in r) for r in folded),
            tuple(_squeezed(r) for r in folded),
        )


@dataclass(frozen=True)
class Target:
    """A path made ready to be matched many times (the picker matches every row per key)."""

    folded: tuple[str, ...]
    squeezed: str

    @classmethod
    def of(cls, path: Sequence[str]) -> Target:
        folded = tuple(fold(p) for p in path)
        return cls(folded, _squeezed(folded))


def _part_tier(query: str, words: re.Pattern[str], name: str) -> Tier | None:
    if query == name:
        return Tier.EXACT
    if name.startswith(query):
        return Tier.PREFIX
    if query not in name:
        return None
    return Tier.WORD_PREFIX if words.search(name) else Tier.SUBSTRING


def _squeezed(parts: Sequence[str]) -> str:
    return "".join(fold(p).replace(" ", "") for p in parts)


def _close(query: Sequence[str], path: Sequence[str]) -> float:
    """The least similarity of the query's parts to the path's last parts (0 to 1)."""
    tail = path[-len(query) :]
    if len(tail) != len(query):
        return 0.0
    pairs = list(zip(query, tail, strict=True))
    if any(_siblings(q, p) for q, p in pairs):
        return 0.0
    return min(OSA.normalized_similarity(q, p) for q, p in pairs)


def _siblings(a: str, b: str) -> bool:
    """Names that differ in one short word or number ("Row A" and "Row B", "Sprint 3" and
    "Sprint 14") are two things, not a typo of one: a new "Row B" must not pick "Row A"."""
    left, right = a.split(), b.split()
    if len(left) != len(right):
        return False
    differ = [(x, y) for x, y in zip(left, right, strict=True) if x != y]
    if len(differ) != 1:
        return False
    x, y = differ[0]
    return (len(x) <= 2 and len(y) <= 2) or (x.isdigit() and y.isdigit())


def _subsequence(needle: str, haystack: str) -> bool:
    """rapidfuzz's longest common subsequence is the whole needle."""
    return bool(needle) and LCSseq.similarity(needle, haystack) == len(needle)


def in_order(query: Sequence[str], path: Sequence[str]) -> bool:
    """Every character of the query's parts appears in the path's, in order."""
    return _subsequence(_squeezed(query), _squeezed(path))


def fit(
    query: Query | Sequence[tuple[str, ...]],
    path: Target | Sequence[str],
    *,
    leaf_only: bool = False,
) -> Fit | None:
    """How the best reading of ``query`` (a :class:`Query` or :func:`readings`) fits
    ``path``; None when it does not. ``leaf_only``: the query must end at the path's last
    part (for the command line, where ``acme › website`` names the project, not its tasks)."""
    query = query if isinstance(query, Query) else Query.of(query)
    target = path if isinstance(path, Target) else Target.of(path)
    folded = target.folded
    best: Fit | None = None
    for parts, words in zip(query.readings, query.words, strict=True):
        splits, size = len(parts) - 1, len(parts)
        for start in range(len(folded) - size + 1):
            end = start + size
            off_leaf = end != len(folded)
            if leaf_only and off_leaf:
                continue
            worst = Tier.EXACT
            for q, w, p in zip(parts, words, folded[start:end], strict=True):
                tier = _part_tier(q, w, p)
                if tier is None:
                    break
                worst = max(worst, tier)
            else:
                found = Fit(worst, splits, off_leaf)
                best = found if best is None or found < best else best
    if best is not None:
        return best
    # Loose hits: the characters in order across the whole path, or a near miss (a typo).
    in_path: dict[str, bool] = {}  # readings differ in their splits, rarely in their letters
    for parts, needle in zip(query.readings, query.squeezed, strict=True):
        closeness = _close(parts, folded) if len(parts) <= len(folded) else 0.0
        if leaf_only:
            loose = len(parts) <= len(folded) and _subsequence(
                needle, _squeezed(folded[-len(parts) :])
            )
        else:
            if needle not in in_path:
                in_path[needle] = _subsequence(needle, target.squeezed)
            loose = in_path[needle]
        tier = Tier.CLOSE if closeness >= CLOSE else Tier.LOOSE if loose else None
        if tier is not None:
            found = Fit(tier, len(parts) - 1, False, -closeness)
            best = found if best is None or found < best else best
    return best
