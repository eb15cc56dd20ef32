"""Command palette: every key binding of the current screen is also a command, so every
action is reachable from ctrl+p without a second list to keep in step.

One provider gives punchcard's commands and then Textual's system commands (theme,
screenshot, …), in that order: two providers answer in whichever order they finish, which
put Textual's first, and both offered Quit (and a "Keys"). A system command named like one of
ours is left out: ours does the same with the key the user can learn from it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.keys.bindings import own_key_groups

SKIPPED = {"command_palette", "app.command_palette"}

Command = tuple[str, Callable[[], object], str, bool]
"""(label, what it runs, help text, listed before anything is typed)."""


class BindingsProvider(Provider):
    def _commands(self) -> list[Command]:
        commands: list[Command] = []
        seen: set[str] = set()
        screen, app = self.screen, self.app
        # The screen's own actions first, then the app's (Quit, Keys), then what the focused
        # widget does (a table's cursor moves): nobody opens the palette to find "Up".
        groups = sorted(
            own_key_groups(screen),
            key=lambda g: 0 if g.node is screen else 1 if g.node is app else 2,
        )
        for group in groups:
            binding = group.binding
            if binding.action in SKIPPED or binding.action in seen:
                continue
            seen.add(binding.action)
            run = partial(app.run_action, binding.action, group.node)
            keys = " / ".join(app.get_key_display(b) for b in group.keys)
            commands.append((group.label, run, f"key: {keys}", True))
        ours = {command[0].casefold() for command in commands}
        for system in app.get_system_commands(screen):
            if system.title.casefold() not in ours:
                commands.append((system.title, system.callback, system.help, system.discover))
        return commands

    async def discover(self) -> Hits:
        for label, run, help_text, listed in self._commands():
            if listed:
                yield DiscoveryHit(label, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, run, help_text, _ in self._commands():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), run, help=help_text)
