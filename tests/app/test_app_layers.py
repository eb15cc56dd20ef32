"""Screens and widgets get what they show handed in: none imports the app (not even for type
checking), none reads punchcard's state off ``self.app``, and the app is built in one place."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import tui

TUI = Path(tui.__file__).resolve().parent  # wherever this test file sits
APP_MODULES = {"tui.app", "tui.app_factory"}
# What a screen or widget may ask Textual's App for: Textual's own API, never our state.
TEXTUAL_APP_API = {
    "screen",
    "push_screen",
    "get_key_display",
    "app_focus",
    "run_action",
    # What a footer needs to follow the dialogs (as Textual's own Footer reads them).
    "screen_stack",
    "screen_change_signal",
    "COMMAND_PALETTE_BINDING",
    "ENABLE_COMMAND_PALETTE",
}


def sources(*folders: str) -> list[Path]:
    return sorted(path for folder in folders for path in (TUI / folder).rglob("*.py"))


def imported_modules(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Every module an import names, wherever it sits (functions, TYPE_CHECKING blocks)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module is not None and not node.level:
            yield node.lineno, node.module
            for alias in node.names:  # `from tui import app`
                yield node.lineno, f"{node.module}.{alias.name}"


def is_app(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "app"


def app_reads(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """``<x>.app.<name>`` for names that are not Textual's, and ``<x>.app`` handed to a call
    (``getattr(self.app, ...)``, ``self.watch(self.app, ...)``, ``punch_app(self.app)``)."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and is_app(node.value)
            and node.attr not in TEXTUAL_APP_API
        ):
            yield node.lineno, f"app.{node.attr}"
        if isinstance(node, ast.Call) and any(is_app(arg) for arg in node.args):
            yield node.lineno, f"{ast.unparse(node.func)}(app, ...)"


def test_the_scan_sees_screens_and_widgets() -> None:
    names = {path.name for path in sources("screens", "widgets")}
    assert {"timesheet.py", "review.py", "timesheet_table.py", "timer_bar.py"} <= names


@pytest.mark.parametrize("path", sources("screens", "widgets"), ids=lambda p: p.name)
def test_no_screen_or_widget_imports_the_app(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [f"line {line}: {name}" for line, name in imported_modules(tree) if name in APP_MODULES]
    assert found == [], f"{path.relative_to(TUI.parent)} imports the app"


@pytest.mark.parametrize("path", sources("screens", "widgets"), ids=lambda p: p.name)
def test_no_screen_or_widget_reads_our_state_off_the_app(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [f"line {line}: {what}" for line, what in app_reads(tree)]
    assert found == [], f"{path.relative_to(TUI.parent)} reaches into the app"


def test_the_scans_catch_what_they_forbid() -> None:
    sneaky = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from tui.app import PunchcardApp\n"
        "from tui import app\n"
        "def f(self):\n"
        "    self.app.store.undo()\n"
        "    self.watch(self.app, 'snapshot', print)\n"
        "    return getattr(self.app, 'snapshot', None), self.app.screen\n"
    )
    assert [name for _, name in imported_modules(sneaky) if name in APP_MODULES] == [
        "tui.app",
        "tui.app",
    ]
    assert sorted(what for _, what in app_reads(sneaky)) == [
        "app.store",
        "getattr(app, ...)",
        "self.watch(app, ...)",
    ]


def test_tui_screens_holds_no_key_helpers_and_no_app_access() -> None:
    screens = {path.name for path in sources("screens")}
    assert not screens & {"bindings_of.py", "app_access.py"}


def test_nothing_calls_the_app_class_but_the_factory() -> None:
    """`punch`, the tests, the benches and the screenshot script all use ``build_app``
    (which calls the class it is given, ``PunchcardApp`` unless a bench times a subclass)."""
    root = TUI.parent
    places = [*TUI.rglob("*.py"), *(root / "tests").rglob("*.py"), *(root / "bench").glob("*.py")]
    places += (root / "screenshots").glob("*.py")
    callers = sorted(
        str(path.relative_to(root))
        for path in places
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "PunchcardApp"
    )
    assert callers == []
