"""`punch login NAME`: the backend's flow asks for the credentials and checks them with its
service; what it returns is saved here, the same way for every backend (the secret to the OS
keyring when one is usable, else to a file only its owner can read; never to config.toml).
The backends offered are the registry's entries that have a login."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from tui.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    CommandHelp,
    LazyChoices,
    add_command,
    fail,
    help_epilog,
    say,
)
from tui.config import Settings

if TYPE_CHECKING:
    from tui.backends.registry import BackendEntry


class OfferedBackends(LazyChoices):
    """The names of the registry's entries with a login."""

    def _names(self) -> list[str]:
        from tui.backends import registry

        return [entry.name for entry in registry.with_login()]


LOGIN_EXIT_CODES = {
    EXIT_OK: "logged in: the credentials work and are saved",
    EXIT_ERROR: "the service refused them, or they could not be saved; nothing is saved",
}

WAYS_IN_MARK = "\x00ways-in\x00"
"""Stands for the list of ways in until help is printed: building the parser (every
command does) must not import the registry."""


def ways_in_text(entries: Any = None) -> str:
    """Each backend's ways in, for `punch login --help`."""
    from tui.backends import registry

    lines = ["ways in (--via WAY; see docs/access.md):"]
    for entry in registry.with_login() if entries is None else entries:
        spec = entry.login
        for via, needs in spec.ways_in if spec is not None else ():
            lines.append(f"  {f'punch login {entry.name} --via {via}':<37} {needs}")
    return "\n".join(lines)


class _LoginHelp(CommandHelp):
    def add_text(self, text: str | None) -> None:
        if text and WAYS_IN_MARK in text:
            text = text.replace(WAYS_IN_MARK, ways_in_text())
        super().add_text(text)


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    login = add_command(
        commands,
        common,
        "login",
        help="connect an account (see `punch login --help` for which)",
        summary="Connect an account; its credentials are checked before they are saved.",
        details="`punch login SERVICE --help` lists the options of each.",
        notes=WAYS_IN_MARK,
        examples=(
            "punch login clockify",
            "punch login clicktime --key-stdin < token.txt",
            "punch login clockify --via membrane",
        ),
        exit_codes=LOGIN_EXIT_CODES,
        formatter_class=_LoginHelp,
    )
    # A metavar, or argparse would list the choices (import the registry) while building.
    login.add_argument(
        "service", metavar="SERVICE", choices=OfferedBackends(), help="one of: %(choices)s"
    )
    login.add_argument("options", nargs=argparse.REMAINDER, help="the service's own options")
    login.set_defaults(run=run)


def service_parser(entry: BackendEntry) -> argparse.ArgumentParser:
    """The options of ``punch login NAME``, from the entry's description of them."""
    spec = entry.login
    assert spec is not None  # only entries with a login are offered
    name = entry.name
    parser = argparse.ArgumentParser(
        prog=f"punch login {name}",
        description=spec.description or spec.help,
        epilog=help_epilog(
            ways_in_text((entry,)) if spec.ways_in else "",
            (
                f"punch login {name}",
                f"punch login {name} --key-stdin < key.txt     for scripts",
                *(f"punch login {name} --via {via}" for via, _ in spec.ways_in[1:]),
            ),
            LOGIN_EXIT_CODES,
            json_errors=False,
        ),
        formatter_class=CommandHelp,
    )
    for option in spec.options:
        if option.switch:
            parser.add_argument(option.flag, action="store_true", help=option.help)
        else:
            parser.add_argument(option.flag, metavar=option.metavar, help=option.help)
    parser.add_argument(
        "--key-stdin",
        action="store_true",
        help="read the API key (or the proxy's token) from the first line of standard input "
        "(for scripts)",
    )
    return parser


class TerminalPrompts:
    """Questions on standard error, answers from standard input."""

    def __init__(self, *, secret_from_stdin: bool) -> None:
        self._secret_from_stdin = secret_from_stdin
        self.interactive = sys.stdin.isatty()

    def say(self, text: str) -> None:
        print(text, file=sys.stderr)

    def ask(self, prompt: str) -> str:
        print(prompt, end="", file=sys.stderr, flush=True)
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        return line.strip()

    def secret(self, prompt: str, hint: str = "") -> str:
        if self._secret_from_stdin:
            return sys.stdin.readline().strip()
        import getpass

        if hint:
            self.say(hint)
        return getpass.getpass(prompt, stream=sys.stderr).strip()


def run(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    from tui.backends import registry
    from tui.backends.login import LoginFailed

    entry = registry.get(args.service)
    options = vars(service_parser(entry).parse_args(args.options))
    assert entry.login is not None  # service_parser() checked
    flow = entry.login.flow()
    prompts = TerminalPrompts(secret_from_stdin=bool(options["key_stdin"]))
    from tui.backends.http_limits import CLI_PATIENCE, set_patience

    set_patience(CLI_PATIENCE)  # checking the key gives up in seconds against a silent server
    try:
        credentials = flow.ask(options, prompts)
        done = asyncio.run(flow.check(credentials, options, prompts))
    except LoginFailed as err:
        return fail(str(err), False)
    except (EOFError, KeyboardInterrupt):
        return fail("Login cancelled; nothing was saved.", False)
    return _save(entry.name, done)


def _save(name: str, done: Any) -> int:
    from tui.config import load_state, save_state
    from tui.profiles import ProfileError, save_profile

    try:
        where = save_profile(name, done.profile, done.secret)
        if done.workspace_id:
            save_state({**load_state(), "workspace": done.workspace_id})
    except (ProfileError, OSError) as err:
        return fail(f"Could not save the profile: {err}", False)
    for line in done.lines:
        say(line)
    label = getattr(done, "secret_label", "The API key")
    print(f"{label} is kept in {where}. `punch logout {name}` forgets it.")
    return EXIT_OK
