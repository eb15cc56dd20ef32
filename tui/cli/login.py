"""`punch login NAME`: the backend's flow asks for the credentials and checks them with its
service; what it returns is saved here, the same way for every backend (the secret to the OS
keyring when one is usable, else to a file only its owner can read; never to config.toml).
The backends offered are the registry's entries that have a login."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from tui.backends import registry
from tui.cli.common import EXIT_OK, fail
from tui.config import Settings


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    offered = registry.with_login()
    login = commands.add_parser(
        "login",
        parents=[common],
        help="connect an account: " + ", ".join(entry.title for entry in offered),
        description="Connect an account; its credentials are checked before they are saved.",
    )
    services = login.add_subparsers(dest="service", metavar="SERVICE", required=True)
    for entry in offered:
        spec = entry.login
        assert spec is not None  # with_login() offers only entries that have one
        service = services.add_parser(
            entry.name, parents=[common], help=spec.help, description=spec.description or None
        )
        for option in spec.options:
            if option.switch:
                service.add_argument(option.flag, action="store_true", help=option.help)
            else:
                service.add_argument(option.flag, metavar=option.metavar, help=option.help)
        service.add_argument(
            "--key-stdin",
            action="store_true",
            help="read the API key from the first line of standard input (for scripts)",
        )
    login.set_defaults(run=run)


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

    from tui.backends.login import LoginFailed

    entry = registry.get(args.service)
    assert entry.login is not None  # the parser offers only entries that have one
    flow = entry.login.flow()
    options = vars(args)
    prompts = TerminalPrompts(secret_from_stdin=bool(args.key_stdin))
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
        print(line)
    print(f"The API key is kept in {where}. `punch logout {name}` forgets it.")
    return EXIT_OK
