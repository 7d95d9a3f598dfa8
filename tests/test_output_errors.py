"""Output that cannot be written: a reader that went away is a quiet exit 141, a full disk a
one-line error with exit 3 - on the quick path and through click alike."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

COMMANDS = [
    ["query", "memberships-of-all-states"],  # the quick path
    ["--version"],  # answered before anything else
    # Through click: in the slow run (each case is a fresh interpreter).
    pytest.param(["find", "hybrid"], marks=pytest.mark.slow),
    pytest.param(["query", "memberships-of-all-states", "--engine", "oxigraph"],
                 marks=pytest.mark.slow),
]  # fmt: skip


def coopgraph(args: list[str], stdout: int) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "coopgraph", *args],
        stdout=stdout, stderr=subprocess.PIPE, cwd=ROOT, timeout=60, check=False,
    )  # fmt: skip


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_a_closed_pipe_is_a_quiet_exit_141(args: list[str]) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first byte
    try:
        result = coopgraph(args, write)
    finally:
        os.close(write)
    assert result.returncode == 141
    assert result.stderr == b""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_a_full_disk_is_one_line_and_exit_3(args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        result = coopgraph(args, full.fileno())
    assert result.returncode == 3
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: cannot read or write")
    assert "bug" not in lines[0]
