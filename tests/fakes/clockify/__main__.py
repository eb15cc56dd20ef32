"""Serve the fake Clockify by hand, to try punch against it:

    python -m tests.fakes.clockify --port 8765
    CLOCKIFY_API_KEY=<the key printed> CLOCKIFY_BASE_URL=<the URL printed> punch

Ctrl+C stops it. Data lives in memory only. ``kill -USR1`` takes it down (connections
refused, as a lost network) and ``kill -USR2`` brings it back with its data, to try offline
work by hand.
"""

from __future__ import annotations

import argparse
import signal
import time
from datetime import UTC, datetime

from tests.fakes.clockify.seed import seed_demo
from tests.fakes.clockify.server import DEFAULT_KEY, FakeClockify
from tests.fakes.clockify.state import State


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.fakes.clockify")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--key", default=DEFAULT_KEY, help="the API key it accepts")
    parser.add_argument("--timezone", default="Europe/Berlin", help="the profile's zone")
    parser.add_argument("--week-start", default="MONDAY")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to answers")
    parser.add_argument("--empty", action="store_true", help="one empty workspace, no demo data")
    parser.add_argument("--no-validate", action="store_true", help="skip the spec check")
    parser.add_argument(
        "--approvals",
        choices=("WEEKLY", "SEMI_MONTHLY", "MONTHLY"),
        help="the first workspace uses timesheet approval with this period",
    )
    args = parser.parse_args()
    state = State(timezone=args.timezone, week_start=args.week_start.upper())
    if args.empty:
        state.add_workspace("Personal")
    else:
        seed_demo(state, datetime.now(UTC))
    next(iter(state.spaces.values())).approval_period = args.approvals
    fake = FakeClockify(
        state, api_key=args.key, latency=args.latency, validate=not args.no_validate
    ).start(args.port)
    signal.signal(signal.SIGUSR1, lambda *_: fake.go_down())
    signal.signal(signal.SIGUSR2, lambda *_: fake.come_back())
    print(f"CLOCKIFY_BASE_URL={fake.base_url}", flush=True)
    print(f"CLOCKIFY_API_KEY={args.key}", flush=True)
    try:
        while True:
            time.sleep(1)
            if fake.violations:
                print("spec violations:", *fake.violations, sep="\n  ", flush=True)
                fake.violations.clear()
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
