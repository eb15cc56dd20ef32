"""Serve the fake ClickTime by hand, to try punch against it:

    python -m tests.fakes.clicktime --port 8766
    CLICKTIME_TOKEN=<the token printed> CLICKTIME_BASE_URL=<the URL printed> punch

``kill -USR1 <pid>`` takes it off the network (connections refused, open ones dropped) and
``kill -USR2 <pid>`` brings it back on the same address with its data, to watch the journal
drain. Ctrl+C stops it. Data lives in memory only.
"""

from __future__ import annotations

import argparse
import os
import signal
import time
from datetime import date
from typing import Any

from tests.fakes.clicktime.server import FakeClickTime
from tests.fakes.clicktime.state import State
from tests.fakes.clicktime.testing import seeded


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.fakes.clicktime")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to answers")
    args = parser.parse_args()
    state, _ = seeded(State(today=date.today()))
    fake = FakeClickTime(state, latency=args.latency).start(args.port)

    def down(*_: Any) -> None:
        fake.go_down()
        print("down: not answering", flush=True)

    def up(*_: Any) -> None:
        fake.come_back()
        print(f"back on {fake.base_url}", flush=True)

    signal.signal(signal.SIGUSR1, down)
    signal.signal(signal.SIGUSR2, up)
    print(f"pid {os.getpid()}", flush=True)
    print(f"CLICKTIME_BASE_URL={fake.base_url}", flush=True)
    print(f"CLICKTIME_TOKEN={fake.token}", flush=True)
    try:
        while True:
            time.sleep(1)
            if fake.violations:
                print("model violations:", *fake.violations, sep="\n  ", flush=True)
                fake.violations.clear()
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
