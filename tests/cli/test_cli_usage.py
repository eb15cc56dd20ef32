"""Every malformed command line, for every subcommand: exit 2, the subcommand's own usage on
stderr (not `usage: punch …`), one line saying what is wrong, no traceback; and every
subcommand's --help reads the same way (one-line description, examples, exit codes)."""

from __future__ import annotations

import re

import pytest

from tests.installed_punch import punch
from tui.cli import build_parser, command_modules, main

BAD = "bogus-flag"


def commands() -> list[str]:
    """The subcommands as the parser has them (`continue_` is `continue`)."""
    parser = build_parser()
    chosen = next(a for a in parser._actions if a.dest == "command")
    assert chosen.choices is not None
    return sorted(chosen.choices)


# For each subcommand: an option that takes a value, and a value that is wrong for it (a day
# that is no day, a time that is no time, or the nearest thing the command takes).
MALFORMED: dict[str, tuple[str, str]] = {
    "continue": ("--at", "half past nine"),
    "login": ("--backend", "nowhere"),
    "logout": ("--backend", "nowhere"),
    "report": ("--from", "16/11/2026"),
    "serve": ("--port", "eighty"),
    "start": ("--at", "half past nine"),
    "status": ("--format", "{nope}"),
    "stop": ("--at", "25:99"),
    "submit": ("--date", "not a day"),
    "sync": ("--keep", "both"),
    "week": ("--date", "yesterday-ish"),
}


def test_the_table_covers_every_subcommand() -> None:
    assert sorted(MALFORMED) == commands()
    assert len(command_modules()) == len(MALFORMED)


def refused(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse's own errors
        code = exit_.code  # type: ignore[assignment]
    err = capsys.readouterr().err
    assert code == 2, (argv, err)
    assert "Traceback" not in err
    return err


def said(err: str, command: str) -> str:
    """The usage is the command's, and exactly one line after it says what is wrong."""
    lines = err.rstrip("\n").splitlines()
    assert lines[0].startswith(f"usage: punch {command} "), err
    rest = [line for line in lines[1:] if not line.startswith(" ")]  # the usage, wrapped
    assert len(rest) == 1, err
    assert re.match(rf"punch {command}( [a-z]+)?: error: ", rest[0]), err  # login clockify
    return rest[0]


@pytest.mark.parametrize("command", sorted(MALFORMED))
def test_an_unknown_option_shows_the_subcommands_usage(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    service = ["clockify"] if command == "login" else []
    line = said(refused(capsys, [command, *service, f"--{BAD}"]), command)
    assert f"--{BAD}" in line


@pytest.mark.parametrize("command", sorted(MALFORMED))
def test_an_option_without_its_value_shows_the_subcommands_usage(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    option, _ = MALFORMED[command]
    line = said(refused(capsys, [command, option]), command)
    assert f"argument {option}" in line
    assert "expected one argument" in line


@pytest.mark.parametrize("command", sorted(MALFORMED))
def test_a_wrong_value_shows_the_subcommands_usage(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    option, value = MALFORMED[command]
    line = said(refused(capsys, [command, option, value]), command)
    assert option in line
    assert value in line


def test_an_unknown_backend_lists_the_choices_before_or_after_the_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    choices = "(choose from 'auto', 'local', 'clockify', 'clicktime')"
    before = refused(capsys, ["--backend", "harvest", "week"])
    assert before.startswith("usage: punch [-h]")
    assert f"invalid choice: 'harvest' {choices}" in before
    after = said(refused(capsys, ["week", "--backend", "harvest"]), "week")
    assert f"invalid choice: 'harvest' {choices}" in after
    help_text = build_parser().format_help()
    assert "auto, local, clockify, clicktime" in help_text


def test_a_backend_registered_later_is_a_choice_too(capsys: pytest.CaptureFixture[str]) -> None:
    from tui.backends import registry

    entry = registry.BackendEntry(
        name="later",
        title="Later",
        capabilities="tui.backends.local.backend:LocalBackend.capabilities",
        opener="tui.backends.local.connect:open_local",
    )
    with registry.registered(entry):
        assert "'later'" in refused(capsys, ["week", "--backend", "nowhere"])
    assert "'later'" not in refused(capsys, ["week", "--backend", "nowhere"])


def test_the_installed_punch_shows_the_subcommands_usage() -> None:
    """As a user types it: `punch start --bogus` used to show `usage: punch [-h] …`."""
    result = punch("start", "--bogus")
    assert result.returncode == 2
    assert result.stderr.startswith("usage: punch start ")
    assert "punch start: error: unrecognized arguments: --bogus" in result.stderr
    assert punch("--backend", "harvest", "week").returncode == 2


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["week", "--date", "yesterday-ish", "--json"], "--date: 'yesterday-ish'"),
        (["week", "--json", "--bogus"], "unrecognized arguments: --bogus"),
        (["start", "--json", "--at"], "argument --at: expected one argument"),
        (["report", "--json", "--backend", "harvest"], "invalid choice: 'harvest'"),
        (["week", "--json", "--csv"], "not allowed with argument"),
    ],
)
def test_with_json_a_bad_command_line_is_the_json_error_alone(
    capsys: pytest.CaptureFixture[str], argv: list[str], says: str
) -> None:
    import json

    err = refused(capsys, argv)
    assert err.count("\n") == 1, err
    assert says in json.loads(err)["error"]


def test_json_that_the_command_does_not_take_is_an_unknown_option(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert "unrecognized arguments: --json" in said(refused(capsys, ["submit", "--json"]), "submit")


def help_of(capsys: pytest.CaptureFixture[str], command: str) -> str:
    with pytest.raises(SystemExit) as done:
        main([*command.split(), "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


def test_the_top_level_help_ends_with_examples_and_exit_codes() -> None:
    text = build_parser().format_help()
    assert "\nexamples:\n  punch\n" in text
    codes = text.split("\nexit codes:\n")[1].splitlines()
    assert [line.split()[0] for line in codes[:3]] == ["0", "1", "2"]


@pytest.mark.parametrize("command", [*sorted(MALFORMED), "login clockify", "login clicktime"])
def test_every_help_has_a_one_line_description_examples_and_exit_codes(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    text = help_of(capsys, command)
    paragraphs = text.split("\n\n")
    assert paragraphs[0].startswith(f"usage: punch {command} ")
    description = paragraphs[1]
    assert "\n" not in description, description
    assert description.endswith("."), description
    assert len(description) <= 100
    examples = text.split("\nexamples:\n")[1].split("\n\n")[0].splitlines()
    assert examples[0].startswith(f"  punch {command}"), text
    assert all(line.startswith((f"  punch {command}", "    ")) for line in examples), text
    codes = text.split("\nexit codes:\n")[1].splitlines()
    numbered = [line.split()[0] for line in codes if line.startswith("  ") and line[2].isdigit()]
    assert "0" in numbered, text
    assert "2" in numbered, text
    assert numbered == sorted(numbered)
    assert any(line.startswith("errors are one line on stderr") for line in codes)
