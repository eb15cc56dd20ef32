"""What the week-load benches of the remote backends share: the medians of their runs as
ratios to the added latency and to one bare round trip, and the table they print."""

from __future__ import annotations

import json
import statistics
from typing import Any

KINDS = {"open": "(a) open: metadata + week + timer", "week": "(b) week load, metadata kept"}


def summarize(
    runs: list[dict[str, Any]], trips: list[float], latency: float, per_page: int
) -> dict[str, Any]:
    """``runs``: each run's ``open_s``/``week_s`` and its request counts; ``per_page``: how
    many entries one entry request may carry, which sets the target."""
    trip = statistics.median(trips)
    first = runs[0]
    result: dict[str, Any] = {
        "latency_ms": latency * 1000,
        "round_trip_ms": round(trip * 1000, 1),
        "entries": first["entries"],
        "projects": first["projects"],
        "target_entry_requests": -(-first["entries"] // per_page),
        "runs": len(runs),
    }
    for kind in KINDS:
        wall = statistics.median(r[f"{kind}_s"] for r in runs)
        result[kind] = {
            "wall_ms": round(wall * 1000, 1),
            "x_latency": round(wall / latency, 2),
            "x_round_trip": round(wall / trip, 2),
            "requests": first[f"{kind}_requests"],
            "entry_requests": first[f"{kind}_entry_requests"],
        }
    return result


def print_table(result: dict[str, Any], service: str, projects: str, *extra: str) -> None:
    print(
        f"{service} week load: {result['entries']} entries, {result['projects']} {projects}, "
        f"{result['latency_ms']:.0f} ms added to every answer; one bare round trip "
        f"{result['round_trip_ms']} ms; medians of {result['runs']} runs"
    )
    print(f"{'':<34}{'wall':>10}{'× 50 ms':>10}{'× trip':>9}{'requests':>10}{'entries':>9}")
    for kind, label in KINDS.items():
        row = result[kind]
        print(
            f"{label:<34}{row['wall_ms']:>8} ms{row['x_latency']:>9}×{row['x_round_trip']:>8}×"
            f"{row['requests']:>10}{row['entry_requests']:>9}"
        )
    for line in extra:
        print(line)
    target = result["target_entry_requests"]
    ok = result["week"]["x_latency"] <= 3 and result["week"]["entry_requests"] <= target
    print(f"target: week load ≤ 3× and ≤ {target} entry requests — {'ok' if ok else 'MISSED'}")
    print(json.dumps(result))
