"""Run a program as a plain user would, for tests of files it may not write: a test suite
run as root (a container, CI) would otherwise write a 0444 file in a 0555 folder, because
root's capabilities override file modes.

As root, the capabilities that override modes are dropped from the bounding set before the
program is executed (``prctl(PR_CAPBSET_DROP)``), so the program runs with root's uid but
obeys file modes like anyone else. As any other user there is nothing to drop.

    subprocess.run([...], preexec_fn=obey_file_modes)
    plain_user_argv(["punch", ...])               (for tmux, which takes an argv)
"""

from __future__ import annotations

import ctypes
import os
import sys

_PR_CAPBSET_DROP = 24
# CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_LINUX_IMMUTABLE
_OVERRIDES = (1, 2, 3, 9)


def obey_file_modes() -> None:
    """In a child before exec: from the exec on, file modes apply to it."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in _OVERRIDES:
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            err = ctypes.get_errno()
            raise OSError(err, f"cannot drop capability {cap}: {os.strerror(err)}")


def plain_user_argv(argv: list[str]) -> list[str]:
    return [sys.executable, os.path.abspath(__file__), *argv]


if __name__ == "__main__":
    obey_file_modes()
    os.execvp(sys.argv[1], sys.argv[1:])
