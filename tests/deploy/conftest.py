"""Fixtures of the deployment tests: the fake Slack, drivers, and a fresh PostgreSQL schema
(``tests/pg.py``) that several ``ftroi serve`` processes share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakeslack.fixtures import fake_slack as fake_slack
from tests.fakeslack.fixtures import make_driver as make_driver
from tests.pg import Schemas


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A new empty schema of the test PostgreSQL, dropped at teardown (skips without a
    server, fails under ``CI=true``)."""
    schemas = Schemas()
    try:
        yield schemas.new()
    finally:
        schemas.drop()
