"""The ``ftroi`` console script (bot.cli.entry): it ends the process without tearing the
interpreter down, and loses nothing by it — each case runs it in a process of its own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.cli.conftest import REPO

# Something left unflushed on standard output and an atexit function, then the command.
SCRIPT = """
import atexit, sys, threading
from bot import cli
atexit.register(print, "the atexit functions ran")
sys.stdout.write("written before, not flushed | ")
returned = threading.Event()  # the thread lives until entry has returned (or for 60 s)
if sys.argv[1] == "with a thread":
    threading.Thread(target=lambda: returned.wait(60) and print("the thread finished")).start()
sys.argv = ["ftroi", "list"]
code = cli.entry()
print(f"entry returned {code}")
returned.set()
sys.exit(code)
"""


def run(tmp_path: Path, case: str) -> subprocess.CompletedProcess[str]:
    env = {"FTROI_DATABASE_URL": f"sqlite:///{tmp_path}/ftroi.db", "PATH": "/usr/bin:/bin",
           "NO_COLOR": "1", "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-c", SCRIPT, case], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def test_the_command_ends_the_process_with_its_output_and_the_atexit_functions(tmp_path):
    done = run(tmp_path, "alone")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("written before, not flushed | No scenarios")
    assert done.stdout.endswith("the atexit functions ran\n")
    assert "entry returned" not in done.stdout  # the process ended in entry


def test_with_another_thread_still_running_it_exits_as_usual(tmp_path):
    done = run(tmp_path, "with a thread")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.endswith("entry returned 0\nthe thread finished\n"
                                "the atexit functions ran\n")
