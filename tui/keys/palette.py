"""Command palette: every key binding of the current screen is also a command, so every
action is reachable from ctrl+p without a second list to keep in step."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.keys.bindings import own_bindings

SKIPPED = {"command_palette", "help", "app.command_palette"}


class BindingsProvider(Provider):
    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        commands: list[tuple[str, Callable[[], object], str]] = []
        for node, binding in own_bindings(self.screen):
            if binding.action in SKIPPED:
                continue
            label = binding.tooltip or binding.description
            run = partial(self.app.run_action, binding.action, node)
            commands.append((label, run, self.app.get_key_display(binding)))
        return commands

    async def discover(self) -> Hits:
        for label, run, key in self._commands():
            yield DiscoveryHit(label, run, help=f"key: {key}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, run, key in self._commands():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), run, help=f"key: {key}")
