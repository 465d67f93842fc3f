"""The CLI as people run it: a real process, not a terminal, so no colour codes."""

from __future__ import annotations

import json
import subprocess
import sys

from bot.reports.card import card
from tests.cli.conftest import AT, REPO, example_analysis


def ftroi(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=120, check=False)


def test_roi_on_the_quickstart_in_a_subprocess():
    result = ftroi("roi", "examples/quickstart.toml", "--at", AT.isoformat())
    assert (result.returncode, result.stderr) == (0, "")
    a = example_analysis("quickstart.toml")
    verdict = card(a).verdict
    paragraphs = result.stdout.split("\n\n")  # title and subtitle, then the headline
    assert " ".join(paragraphs[1].split()) == verdict == a.decision.headline
    best = a.decision.best_option
    assert verdict.startswith(best.label) and best.meets_constraints
    assert "\x1b[" not in result.stdout


def test_json_and_bad_input_in_a_subprocess():
    ok = ftroi("roi", "examples/quickstart.toml", "--at", AT.isoformat(), "--json")
    assert json.loads(ok.stdout)["priced_at"] == AT.isoformat()
    bad = ftroi("roi", "examples/quickstart.toml", "--gpu", "tpu")
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.startswith("ftroi roi: --gpu (model.gpu): unknown GPU 'tpu'")
    assert "Traceback" not in bad.stderr
