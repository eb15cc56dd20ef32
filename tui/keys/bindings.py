"""The key bindings punchcard itself declares on a screen, for help and the palette.

Textual's own widgets and the App base bring many generic bindings (cursor keys of a table,
focus cycling, copy); listing those would bury the ones a user came to find.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
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


@dataclass
class KeyGroup:
    """One thing a screen does and every key that does it (``escape,r`` is two keys)."""

    node: DOMNode
    binding: Binding
    """The first of the keys' bindings: its action, description and tooltip stand for all."""
    keys: list[Binding] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.binding.tooltip or self.binding.description


def _typed_too(screen: Screen[Any]) -> Iterator[tuple[DOMNode, Binding]]:
    """The screen's active bindings, and those an input with the focus takes as typing
    (Textual leaves a letter's binding out while a filter field has the focus): the
    palette and `?` name every action of the screen, whatever has the focus now."""
    focused = screen.focused
    chain = list(focused.ancestors_with_self) if focused is not None else [screen, screen.app]
    seen: set[str] = set()
    for node in chain:
        for key, bindings in node._bindings.key_to_bindings.items():
            if key in seen:
                continue
            seen.add(key)
            for binding in bindings:
                if screen.app._check_action_state(binding.action, node) is not False:
                    yield node, binding
                    break


def own_key_groups(screen: Screen[Any]) -> list[KeyGroup]:
    """Every binding of the screen that punchcard declared with a description, grouped by
    what it does: keys that share a node, an action and a label are one group, in binding
    order."""
    declared: dict[int, set[tuple[str, str]]] = {}
    groups: dict[tuple[int, str, str], KeyGroup] = {}
    for node, binding in _typed_too(screen):
        if not binding.description:
            continue
        if id(node) not in declared:
            declared[id(node)] = _declared(node)
        if (binding.key, binding.action) not in declared[id(node)]:
            continue
        label = binding.tooltip or binding.description
        group = groups.setdefault((id(node), binding.action, label), KeyGroup(node, binding))
        group.keys.append(binding)
    return list(groups.values())


def own_bindings(screen: Screen[Any]) -> Iterator[tuple[DOMNode, Binding]]:
    """(node, binding) for every action punchcard declared with a description, once each."""
    seen: set[str] = set()
    for group in own_key_groups(screen):
        if group.binding.action not in seen:
            seen.add(group.binding.action)
            yield group.node, group.binding
