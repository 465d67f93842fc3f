"""Strict tools are part of the suite: ruff on the whole tree, mypy --strict on the engine."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600, check=False)


def test_ruff_finds_nothing():
    result = run("ruff", "check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_engine_is_mypy_strict_clean():
    result = run("mypy", "engine")
    assert result.returncode == 0, result.stdout + result.stderr


def health_checks_switched_off(source: str) -> list[str]:
    """Lines that switch a hypothesis health check off with no comment saying why (on the
    line, or on one of the two lines above it).

    >>> health_checks_switched_off("@settings(suppress_health_check=[HealthCheck.too_slow])")
    ['@settings(suppress_health_check=[HealthCheck.too_slow])']
    >>> health_checks_switched_off("    suppress_health_check=[HealthCheck.too_slow],  # why")
    []
    """
    lines = source.splitlines()
    return [line.strip() for n, line in enumerate(lines) if "suppress_health_check" in line
            and not any("#" in above for above in lines[max(n - 2, 0):n + 1])]


def test_no_hypothesis_health_check_is_switched_off_without_a_reason():
    # Budgets are deliberate: a test that is "too slow" for hypothesis says why it may be.
    unexplained = {str(path.relative_to(ROOT)): lines
                   for path in sorted(ROOT.glob("tests/**/*.py")) if path != Path(__file__)
                   and (lines := health_checks_switched_off(path.read_text(encoding="utf-8")))}
    assert unexplained == {}
    assert health_checks_switched_off("suppress_health_check=[HealthCheck.too_slow]")
