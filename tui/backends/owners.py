"""Which process holds a row that several punch processes share (a sender's lease, a
request in the shared rate window): its owner string starts with the pid, so a row left by
a killed process is taken over at once instead of when it runs out."""

from __future__ import annotations

import os


def owner_alive(owner: str) -> bool:
    """Whether the process named at the start of ``owner`` (``"1234-…"``) still runs on this
    machine; an owner without a pid, or someone else's process, counts as alive."""
    pid = owner.partition("-")[0]
    if not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: alive
    return True
