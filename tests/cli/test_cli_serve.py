"""`punch serve` without a browser: the missing extra, what counts as loopback, the command
each tab runs, and what fails before serving. The browser: tests/e2e/test_serve_browser.py.
"""

from __future__ import annotations

import argparse
import shlex
import socket
import subprocess
import sys

import pytest

from tui.cli import main


def test_without_the_extra_serve_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.setitem(sys.modules, "textual_serve", None)  # as if it were not installed
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    monkeypatch.delitem(sys.modules, "tui.cli._serve_web", raising=False)
    assert main(["serve"]) == 1
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [
        "punch serve needs the serve extra: pip install 'punchcard[serve]'"
    ]


def test_other_commands_do_not_load_the_server():
    """Every command builds the parser, so `punch serve`'s part of it must stay light."""
    probe = (
        "import sys; from tui.cli import build_parser; build_parser(); "
        "print(sorted(m for m in sys.modules if 'serve' in m or m.startswith('aiohttp')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert out.strip() == "['tui.cli.serve']", out


def test_each_tab_runs_this_interpreters_punch_with_the_same_flags():
    from tui.cli.serve import tab_command

    command = tab_command(argparse.Namespace(demo=True, backend="local; rm -rf ~"))
    assert command.startswith("exec ")
    assert shlex.split(command) == [
        "exec",
        sys.executable,
        "-m",
        "tui",
        "--demo",
        "--keep-demo",
        "--backend",
        "local; rm -rf ~",
    ]
    assert shlex.split(tab_command(argparse.Namespace(demo=False, backend=None))) == [
        "exec",
        sys.executable,
        "-m",
        "tui",
    ]


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("", False),
        ("192.0.2.7", False),
    ],
)
def test_what_counts_as_loopback(host: str, loopback: bool):
    from tui.cli.serve import is_loopback

    assert is_loopback(host) is loopback


def test_an_unknown_backend_or_a_taken_port_fails_before_serving(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
):
    with pytest.raises(SystemExit) as usage:  # on the command line: a bad command line
        main(["serve", "--backend", "nope"])
    assert usage.value.code == 2
    assert "invalid choice: 'nope'" in capsys.readouterr().err
    monkeypatch.setenv("PUNCHCARD_BACKEND", "nope")  # from the environment: found on opening
    assert main(["serve"]) == 1
    assert "Unknown backend 'nope'" in capsys.readouterr().err
    monkeypatch.delenv("PUNCHCARD_BACKEND")
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"punch: cannot listen on 127.0.0.1:{port}:"), err
