"""The key bindings punchcard itself declares on a screen, for help and the palette.

Textual's own widgets and the App base bring many generic bindings (cursor keys of a table,
focus cycling, copy); listing those would bury the ones a user came to find.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen


def _declared(node: DOMNode) -> set[tuple[str, str]]:
    keys: set[tuple[str, str]] = set()
    for cls in type(node).__mro__:
        if not cls.__module__.startswith("tui."):
            continue
        for item in cls.__dict__.get("BINDINGS", []):
            if isinstance(item, Binding):
                keys.update((key.strip(), item.action) for key in item.key.split(","))
    return keys


def own_bindings(screen: Screen[Any]) -> Iterator[tuple[DOMNode, Binding]]:
    """(node, binding) for every active binding that punchcard declared, with a description."""
    declared: dict[int, set[tuple[str, str]]] = {}
    seen: set[str] = set()
    for active in screen.active_bindings.values():
        binding, node = active.binding, active.node
        if not binding.description or binding.action in seen:
            continue
        if id(node) not in declared:
            declared[id(node)] = _declared(node)
        if (binding.key, binding.action) not in declared[id(node)]:
            continue
        seen.add(binding.action)
        yield node, binding
