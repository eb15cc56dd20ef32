"""What every subcommand shares: its parser and help, exit codes, error output, opening the
store."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NoReturn
from zoneinfo import ZoneInfo

from tui import locations
from tui.config import Settings, machine_timezone
from tui.domain.safe_text import json_controls_escaped, safe_line, safe_text

if TYPE_CHECKING:  # only for types: `punch status` must not import any backend
    from tui.backends.base import Backend

EXIT_OK = 0
EXIT_ERROR = 1  # the backend or the store refused, or the config is broken
EXIT_USAGE = 2  # the command line itself was wrong (argparse exits 2 too)
EXIT_NOT_RUNNING = 3  # stop/continue: no timer is running, or nothing to continue
EXIT_NO_MATCH = 4  # a project, task or tag name matches nothing, or more than one

BAD_COMMAND_LINE = (
    "the command line is wrong: an unknown option, a missing value, a date or time that "
    "cannot be read (the usage is shown)"
)


class LazyChoices:
    """Choices for argparse that are read only when argparse asks (to check a value given,
    to list them in help or in its error), so building the parser (every command does,
    `punch status` too) imports nothing: a subclass says what ``_names`` are."""

    def _names(self) -> list[str]:
        raise NotImplementedError

    def __contains__(self, name: object) -> bool:
        return name in self._names()

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())


class CommandParser(argparse.ArgumentParser):
    """A subcommand's parser. argparse hands the words a subcommand does not know up to the
    top parser, whose error then showed `usage: punch …`; here the subcommand refuses them
    itself, with its own usage (`punch start --bogus` → `usage: punch start …`)."""

    _json = False

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        # A script that asked for --json reads errors as JSON, argparse's own ones too.
        self._json = "--json" in self._option_string_actions and "--json" in (args or ())
        namespace, extras = super().parse_known_args(args, namespace)
        if extras:
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return namespace, extras

    def error(self, message: str) -> NoReturn:
        if self._json:
            print(dumps_json({"error": message}), file=sys.stderr)
            self.exit(EXIT_USAGE)
        super().error(message)


class CommandHelp(argparse.HelpFormatter):
    """Paragraphs of one line each are wrapped to the terminal; a paragraph that has line
    breaks of its own (examples, the exit codes) keeps them, and a line of it too long for
    the terminal goes on under its own text (`  2  the command line…`)."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        import textwrap  # only when help is printed

        def kept(part: str) -> str:
            out = []
            for line in part.splitlines():
                hang = re.match(r"\s*(?:[0-9]+\s+)?", line)
                out.append(
                    textwrap.fill(
                        line,
                        width,
                        initial_indent=indent,
                        subsequent_indent=indent + " " * (hang.end() if hang else 0),
                    )
                )
            return "\n".join(out)

        return "\n\n".join(
            kept(part)
            if "\n" in part.strip("\n")
            else super(CommandHelp, self)._fill_text(part, width, indent)
            for part in text.split("\n\n")
        )


def add_command(
    commands: Any,
    common: argparse.ArgumentParser,
    name: str,
    *,
    help: str,
    summary: str,
    examples: Sequence[str],
    exit_codes: Mapping[int, str],
    details: str = "",
    notes: str = "",
    json_errors: bool = False,
    formatter_class: type[argparse.HelpFormatter] = CommandHelp,
) -> argparse.ArgumentParser:
    """A subcommand whose --help reads like every other's: the one-line ``summary`` (then
    ``details``), its options, ``notes``, the ``examples`` and the exit codes (2, a bad
    command line, is every command's)."""
    epilog = help_epilog(notes, examples, exit_codes, json_errors=json_errors)
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        parents=[common],
        help=help,
        description=f"{summary}\n\n{details}" if details else summary,
        epilog=epilog,
        formatter_class=formatter_class,
    )
    parser.set_defaults(command_parser=parser)
    return parser


def help_epilog(
    notes: str, examples: Sequence[str], exit_codes: Mapping[int, str], *, json_errors: bool
) -> str:
    """What a command's --help ends with: ``notes``, the examples, the exit codes."""
    codes = {EXIT_USAGE: BAD_COMMAND_LINE, **exit_codes}
    lines = ["exit codes:", *(f"  {code}  {codes[code]}" for code in sorted(codes))]
    where = "errors are one line on stderr (after the usage, for a bad command line)"
    lines.append(
        f'{where}; with --json, a JSON object {{"error": "..."}}.' if json_errors else f"{where}."
    )
    shown = ["examples:", *(f"  {example}" for example in examples)]
    return "\n\n".join(part for part in (notes, "\n".join(shown), "\n".join(lines)) if part)


def usage_error(args: argparse.Namespace, message: str) -> int:
    """A command line that parsed but means nothing (a day that is no day): as argparse
    says its own errors, the command's usage and one line; with --json, the JSON object."""
    as_json = bool(getattr(args, "json", False))
    parser: argparse.ArgumentParser | None = getattr(args, "command_parser", None)
    if as_json or parser is None:
        return fail(message, as_json, EXIT_USAGE)
    parser.print_usage(sys.stderr)
    print(f"{parser.prog}: error: {safe_line(message)}", file=sys.stderr)
    return EXIT_USAGE


def fail(message: str, as_json: bool, code: int = EXIT_ERROR) -> int:
    """One clear line on stderr (a JSON object with --json), and the exit code. The message
    may quote a server or a file, so control characters are shown, never sent raw."""
    if as_json:
        print(dumps_json({"error": message}), file=sys.stderr)
    else:
        print(f"punch: {safe_line(message)}", file=sys.stderr)
    return code


def warn(message: str, as_json: bool) -> None:
    """A line on stderr that does not stop the command (a typo in the config)."""
    if as_json:
        print(dumps_json({"warning": message}), file=sys.stderr)
    else:
        print(f"punch: warning: {safe_line(message)}", file=sys.stderr)


def say(text: str) -> None:
    """Plain text for the terminal: names and descriptions may come from a server or a
    file, so every line is made safe (no escape sequence reaches the terminal)."""
    print("\n".join(safe_text(line) for line in text.split("\n")))


def dumps_json(payload: Any) -> str:
    """JSON as punch prints it: UTF-8 as is, every control character escaped."""
    return json_controls_escaped(json.dumps(payload, ensure_ascii=False))


def say_json(payload: Any) -> None:
    print(dumps_json(payload))


def zone(settings: Settings) -> ZoneInfo:
    return ZoneInfo(settings.timezone) if settings.timezone else machine_timezone()


async def open_cli_backend(args: argparse.Namespace, settings: Settings) -> Backend:
    from tui.backends.errors import BackendError
    from tui.backends.http_limits import CLI_PATIENCE, set_patience
    from tui.store.open_backend import open_backend

    set_patience(CLI_PATIENCE)  # a command someone waits for gives up in seconds, not minutes
    hear_notices(bool(getattr(args, "json", False)))
    try:
        # Made here first, so whatever the backend writes in it (the store) is nobody
        # else's to read, whatever the umask; an existing folder is left as it is.
        locations.private_dir(locations.data_dir())
        # A command prints once and exits: it asks the service, and the replica only offline.
        # The demo as the TUI (or the last command) left it: `--demo start`, then `--demo stop`.
        return await open_backend(
            settings.backend, demo=args.demo, fresh_demo=False, tz=zone(settings), reads="fallback"
        )
    except OSError as err:  # the data folder is missing, unwritable or not a folder at all
        raise BackendError(f"Cannot open the data folder: {_why(err)}") from None


def hear_notices(as_json: bool) -> None:
    """What a backend skipped without failing (one unreadable entry) becomes a warning on
    stderr."""
    import logging

    from tui.backends.errors import notices

    said: set[str] = set()

    class Warn(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            message = record.getMessage()
            if message not in said:  # a week read twice (opened, then --date) says it once
                said.add(message)
                warn(message, as_json)

    notices.handlers = [h for h in notices.handlers if type(h).__name__ != "Warn"]
    notices.addHandler(Warn(logging.WARNING))


def _why(err: OSError) -> str:
    """The path and what is wrong with it; a file where a folder belongs says so (mkdir
    only says "File exists")."""
    from pathlib import Path

    where = Path(err.filename or locations.data_dir())
    for path in (where, *where.parents):
        if path.exists() and not path.is_dir():
            return f"{path}: Not a directory (a file is in the way)"
    return f"{where}: {err.strerror or err}"


def backend_title(name: str) -> str:
    """A backend's name as its users know it ("Clockify"), for messages."""
    from tui.backends import registry

    try:
        return registry.get(name).title
    except registry.UnknownBackendError:
        return name
