"""Fixtures for the storage contract suite: every ``store`` test runs on both backends.

PostgreSQL: the server at ``FTROI_TEST_POSTGRES_URL`` (default the local ``test`` database);
each test gets a freshly created schema, dropped afterwards, so runs never collide. Without
a server the PostgreSQL half skips with the reason — unless ``CI=true``, where that is a
failure: CI must prove both backends.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from storage_support import NOW, inputs

from storage import ScenarioRecord, Store, open_store
from tests.pg import Schemas


@pytest.fixture
def new_url(tmp_path: Path) -> Iterator[Callable[[str], str]]:
    """Make fresh, empty databases: ``new_url("sqlite")`` or ``new_url("postgres")``.

    A PostgreSQL one is a new schema of the test server (its URL sets the search_path),
    dropped when the test ends (see ``tests/pg.py``).
    """
    schemas = Schemas()
    files = itertools.count()

    def make(kind: str) -> str:
        if kind == "sqlite":
            return f"sqlite:///{tmp_path}/ftroi-{next(files)}.db"
        return schemas.new()

    yield make
    schemas.drop()


@pytest.fixture
def pg_url(new_url: Callable[[str], str]) -> str:
    return new_url("postgres")


@pytest.fixture
def sqlite_url(new_url: Callable[[str], str]) -> str:
    return new_url("sqlite")


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest) -> str:
    url: str = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = open_store(store_url)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def make(store: Store) -> Callable[..., ScenarioRecord]:
    """Create a scenario: ``make("name", team="T1", owner="U1", requests_per_day=…)``."""

    def create(
        name: str, *, team: str = "T1", owner: str = "U1", requests_per_day: float = 50_000
    ) -> ScenarioRecord:
        return store.create_scenario(
            team, owner_id=owner, name=name, inputs=inputs(requests_per_day), now=NOW
        )

    return create
