"""`punch sync`, the waiting count in `punch status --json` and `punch logout`'s warning, as a
user runs them: the installed console script against the fake Clockify, which goes away
(its connections drop) and comes back."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.fakes.clockify import FakeClockify, State
from tests.fakes.clockify.testing import serving
from tests.installed_punch import punch


def env(fake: FakeClockify) -> dict[str, str]:
    return {"CLOCKIFY_API_KEY": fake.api_key, "CLOCKIFY_BASE_URL": fake.base_url}


def descriptions(fake: FakeClockify) -> list[str]:
    with fake.state.lock:
        return sorted(e.description for s in fake.state.spaces.values() for e in s.entries.values())


def status(fake: FakeClockify) -> dict[str, object]:
    done = punch("status", "--json", env=env(fake))
    assert done.returncode == 0, done.stderr
    loaded: dict[str, object] = json.loads(done.stdout)
    return loaded


def test_a_timer_started_offline_waits_is_counted_and_sync_sends_it(
    hermetic_home: Path,
) -> None:
    state = State(timezone="UTC")
    state.add_workspace("Acme")
    with serving(state) as fake:
        week = punch("week", env=env(fake))  # the replica is filled while the service answers
        assert week.returncode == 0, week.stderr
        fake.go_down()
        started = punch("start", "written on a train", env=env(fake))
        assert started.returncode == 0, started.stderr
        assert "Traceback" not in started.stderr
        assert descriptions(fake) == []
        assert status(fake)["waiting_changes"] == 1
        offline_week = punch("week", "--json", env=env(fake))  # from the replica
        assert offline_week.returncode == 0, offline_week.stderr
        assert json.loads(offline_week.stdout)["workspace"]["name"] == "Acme"

        waiting = punch("sync", env=env(fake))
        assert waiting.returncode == 1
        assert "1 change still waiting" in waiting.stdout
        assert "Cannot reach Clockify" in waiting.stdout

        refused = punch("logout", "clockify", env=env(fake))
        assert refused.returncode == 1
        assert "1 change made here has not reached Clockify yet" in refused.stderr
        assert "punch sync" in refused.stderr

        fake.come_back()
        sent = punch("sync", "--json", env=env(fake))
        assert sent.returncode == 0, sent.stdout + sent.stderr
        report = json.loads(sent.stdout)
        assert (report["state"], report["sent"], report["waiting"]) == ("synced", 1, 0)
        assert descriptions(fake) == ["written on a train"]
        assert status(fake)["waiting_changes"] == 0
        again = punch("sync", env=env(fake))
        assert again.returncode == 0
        assert "Everything is on Clockify." in again.stdout
        assert len(fake.sent("POST")) == 1


def test_sync_lists_a_conflict_and_settles_it_with_the_scripted_default(
    hermetic_home: Path,
) -> None:
    state = State(timezone="UTC")
    space = state.add_workspace("Acme")
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=30)
    entry_id = state.add_entry(space, start, None, description="report")
    with serving(state) as fake:
        assert punch("week", env=env(fake)).returncode == 0
        fake.go_down()
        stopped = punch("stop", env=env(fake))
        assert stopped.returncode == 0, stopped.stderr
        with fake.state.lock:  # meanwhile someone renames the entry on the web
            space.entries[entry_id].description = "report (web)"
        fake.come_back()
        synced = punch("sync", env=env(fake))
        assert synced.returncode == 1
        assert "changed on the service meanwhile" in synced.stdout
        assert "--keep mine" in synced.stdout
        listed = json.loads(punch("sync", "--failed", "--json", env=env(fake)).stdout)
        [conflict] = listed["failed"]
        assert conflict["conflict"]
        assert conflict["mine"]["description"] == "report"
        assert conflict["mine"]["end"] is not None
        assert conflict["theirs"]["description"] == "report (web)"
        assert conflict["theirs"]["end"] is None
        with fake.state.lock:
            assert space.entries[entry_id].end is None, "never overwritten silently"
        settled = punch("sync", "--keep", "mine", env=env(fake))
        assert settled.returncode == 0, settled.stdout + settled.stderr
        with fake.state.lock:
            kept = space.entries[entry_id]
            assert (kept.description, kept.end is not None) == ("report", True)


def test_logout_drops_unsent_changes_only_when_told_to(hermetic_home: Path) -> None:
    state = State(timezone="UTC")
    state.add_workspace("Acme")
    with serving(state) as fake:
        assert punch("week", env=env(fake)).returncode == 0
        fake.go_down()
        assert punch("start", "never sent", env=env(fake)).returncode == 0
        replicas = list((hermetic_home / "data" / "punchcard" / "replicas").glob("*.sqlite3"))
        assert len(replicas) == 1
        dropped = punch("logout", "clockify", "--drop-unsent", env=env(fake))
        assert dropped.returncode == 0, dropped.stderr
        assert "Dropped 1 unsent change." in dropped.stdout
        assert not replicas[0].exists()
        fake.come_back()
        assert descriptions(fake) == []
