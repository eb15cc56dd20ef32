"""Key labels in the workspace's words: the footer and the palette say "Matters" where a
ClickTime company calls its jobs so (``Terms``), and punch's own words elsewhere."""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding
from textual.dom import DOMNode

from tui.domain.terms import Terms

_ORIGINALS = "_punch_unworded_bindings"


def word_bindings(node: DOMNode, terms: Terms) -> None:
    """Rewrite the descriptions and tooltips of ``node``'s bindings with ``terms``, from the
    labels as declared (so a second call with other terms starts from punch's words). The
    caller refreshes the bindings."""
    bindings = node._bindings.key_to_bindings
    originals: dict[str, list[Binding]] | None = getattr(node, _ORIGINALS, None)
    if originals is None:
        originals = {key: list(found) for key, found in bindings.items()}
        setattr(node, _ORIGINALS, originals)
    for key, found in originals.items():
        # A new list: the one held may be shared with the class's own bindings.
        bindings[key] = [
            replace(
                b,
                description=terms.say(b.description),
                tooltip=terms.say(b.tooltip) if b.tooltip else b.tooltip,
            )
            for b in found
        ]
