"""The scenario commands as people run them: real processes on a seeded database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.reports.card import verdict
from tests.terminal_commands.cmd_support import REPO, SEEDED, analysis, flat, record, seed


def ftroi(cwd: Path, *args: str, user: str = "ada") -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "FTROI_DATABASE_URL"}
    environ |= {"PYTHONPATH": str(REPO), "FTROI_DATABASE_URL": f"sqlite:///{cwd}/ftroi.db"}
    return subprocess.run([sys.executable, "-m", "bot.cli", *args, "--user", user], cwd=cwd,
                          env=environ, capture_output=True, text=True, timeout=180,
                          check=False)


def test_whatif_then_list_and_a_refusal_in_real_processes(tmp_path: Path) -> None:
    seed(f"sqlite:///{tmp_path}/ftroi.db", SEEDED)
    fork = ftroi(tmp_path, "whatif", "Quickstart", "volume", "x2")
    assert (fork.returncode, fork.stderr) == (0, "")
    saved = record(f"sqlite:///{tmp_path}/ftroi.db", "Quickstart (what if volume x2)")
    assert verdict(analysis(saved))[0] in flat(fork.stdout)
    assert "\x1b[" not in fork.stdout

    listed = ftroi(tmp_path, "list", "mine")
    assert (listed.returncode, listed.stderr) == (0, "")
    assert listed.stdout.splitlines()[2] == "Quickstart (what if volume x2)"  # newest first

    denied = ftroi(tmp_path, "delete", "Quickstart", user="bob")
    assert (denied.returncode, denied.stdout) == (1, "")
    assert denied.stderr == "ftroi delete: only the owner of scenario 'Quickstart' (ada) may " \
                            "delete it\n"


def test_a_reader_that_leaves_early_gets_no_traceback(tmp_path: Path) -> None:
    seed(f"sqlite:///{tmp_path}/ftroi.db", SEEDED)
    environ = {k: v for k, v in os.environ.items() if k != "FTROI_DATABASE_URL"}
    environ |= {"PYTHONPATH": str(REPO), "FTROI_DATABASE_URL": f"sqlite:///{tmp_path}/ftroi.db"}
    with subprocess.Popen([sys.executable, "-m", "bot.cli", "list"], cwd=tmp_path,
                          env=environ, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE) as reader:
        assert reader.stdout is not None and reader.stderr is not None
        reader.stdout.close()  # the reader leaves before anything is written
        errors = reader.stderr.read().decode()
        assert reader.wait(timeout=180) == 1
    assert errors == ""
