"""Shared pytest configuration for the whole suite.

``--doctest-modules`` would collect every ``conftest.py`` as a module too; the test folders
have no ``__init__.py``, so two of them would both import as ``conftest`` and clash. They
hold no doctests: keep them out of collection (pytest still loads them as conftests).

The project is byte-compiled once at the start, as an install leaves it: the suite starts
many Python processes (``ftroi serve`` per module, chart processes, the CLI's import
probes, replicas), and where ``PYTHONDONTWRITEBYTECODE`` is set (as on the machines that
run CI here) each would compile from source every module it imports.
"""

from __future__ import annotations

import compileall
from pathlib import Path

import pytest

collect_ignore_glob = ["conftest.py", "*/conftest.py"]

ROOT = Path(__file__).resolve().parents[1]


def pytest_configure(config: pytest.Config) -> None:
    # Under pytest-xdist this runs first in the controller, which starts the workers after
    # it; in a worker it finds every file compiled already and writes nothing.
    for package in ("engine", "storage", "bot"):
        compileall.compile_dir(ROOT / package, quiet=1)
