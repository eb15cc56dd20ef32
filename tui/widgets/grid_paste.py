"""What a paste into the grid holds: one value to type, or rows of tab-separated values (a
row copied from a spreadsheet) to fill across from the cursor's day."""

from __future__ import annotations

from dataclasses import dataclass

MAX_TYPED = 24
"""The longest text typed into one cell (a paste is cut there, as typing stops there)."""


@dataclass(frozen=True)
class PastedText:
    rows: tuple[tuple[str, ...], ...]
    """Lines of the paste, each split at its tabs; every value stripped of spaces."""
    submitted: bool
    """The paste ended with a line break, as a copied spreadsheet cell or row does: the
    same as typing Enter after it."""

    @property
    def single(self) -> str | None:
        """The one value of a paste without tabs or inner line breaks, else None."""
        if len(self.rows) == 1 and len(self.rows[0]) == 1:
            return self.rows[0][0]
        return None


def read_paste(text: str) -> PastedText:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    submitted = text.endswith("\n")
    body = text.rstrip("\n")
    if not body.strip():
        return PastedText((), submitted)
    rows = tuple(
        tuple("".join(ch for ch in value if ch.isprintable()).strip() for value in line.split("\t"))
        for line in body.split("\n")
    )
    return PastedText(rows, submitted)
