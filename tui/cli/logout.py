"""`punch logout [NAME]`: forget a backend's saved secret and profile, the same way for every
backend the registry offers a login for."""

from __future__ import annotations

import argparse
import os
from typing import Any

from tui.cli.common import EXIT_ERROR, EXIT_OK, add_command, fail
from tui.cli.login import OfferedBackends
from tui.config import Settings


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    logout = add_command(
        commands,
        common,
        "logout",
        help="forget a saved login (key and profile)",
        summary="Forget a saved login: its key, its profile and the local copy of its data.",
        examples=("punch logout", "punch logout clicktime", "punch logout --drop-unsent"),
        exit_codes={
            EXIT_OK: "forgotten (or nothing was saved)",
            EXIT_ERROR: "changes made here have not reached the service yet, or the profile "
            "could not be removed",
        },
    )
    logout.add_argument(
        "service",
        nargs="?",
        metavar="SERVICE",
        choices=OfferedBackends(),
        help="one of: %(choices)s (default: the first)",
    )
    logout.add_argument(
        "--drop-unsent",
        action="store_true",
        help="log out even though changes made here have not reached the service yet "
        "(they are lost)",
    )
    logout.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from tui.backends import registry
    from tui.profiles import ProfileError, forget_profile

    offered = registry.with_login()
    if args.service is None and not offered:
        return fail("No backend here has a login to forget.", False)
    entry = registry.get(args.service) if args.service else offered[0]
    from tui.backends.replica.files import remove_replica, replica_files, waiting_changes

    replicas = replica_files(entry.name)
    unsent = sum(waiting_changes(path) for path in replicas)
    if unsent and not args.drop_unsent:
        return fail(
            f"{unsent} change{'' if unsent == 1 else 's'} made here "
            f"{'has' if unsent == 1 else 'have'} not reached {entry.title} yet; "
            "run `punch sync` first, or `punch logout --drop-unsent` to lose "
            f"{'it' if unsent == 1 else 'them'}.",
            False,
        )
    try:
        removed = forget_profile(entry.name, entry.title)
    except ProfileError as err:
        return fail(f"Could not remove the profile: {err}", False)
    for path in replicas:  # the local copy belongs to the login; the next one starts afresh
        remove_replica(path)
    if unsent:
        print(f"Dropped {unsent} unsent change{'' if unsent == 1 else 's'}.")
    if removed:
        print("Forgot " + ", ".join(removed) + ".")
    else:
        print(f"No {entry.title} login was saved.")
    if entry.secret_env and os.environ.get(entry.secret_env, "").strip():
        print(f"{entry.secret_env} is still set in this environment; unset it to stop using it.")
    return EXIT_OK
