"""A PostgreSQL for tests: a fresh schema of the test server per use, dropped afterwards.

The server is ``FTROI_TEST_POSTGRES_URL`` (default the local ``test`` database). A schema's
URL is the server's with ``options=-csearch_path=<schema>``, so every connection made from
it — in this process or in an ``ftroi serve`` child — works in that schema alone, and runs
never collide. Without a server a test skips with the reason, unless ``CI=true``: there
it fails, because CI must prove both backends.

    schemas = Schemas()
    url = schemas.new()     # skips (or fails under CI) when the server does not answer
    ...
    schemas.drop()
"""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from urllib.parse import quote

import psycopg
import pytest

__all__ = ["PG_SERVER", "Schemas", "fresh_schema", "pg_problem", "require_postgres",
           "shared_extensions", "with_schema"]

PG_SERVER = os.environ.get("FTROI_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


@functools.cache
def pg_problem(server: str = PG_SERVER) -> str | None:
    """Why the server does not answer, or None when it does (asked once per run)."""
    try:
        with psycopg.connect(server, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as e:
        return str(e).strip() or type(e).__name__
    return None


def require_postgres(problem: str | None, *, server: str, environ: Mapping[str, str]) -> None:
    """Carry on if the server answered; else skip — or fail when ``CI=true``, because CI
    must prove both backends."""
    if problem is None:
        return
    message = f"no PostgreSQL at {server}: {problem}"
    if environ.get("CI") == "true":
        pytest.fail(f"CI=true requires PostgreSQL — {message}")
    pytest.skip(message)


def with_schema(url: str, schema: str) -> str:
    """``url`` with its search_path set to ``schema``.

    >>> with_schema("postgresql://pg@h/test", "s1")
    'postgresql://pg@h/test?options=-csearch_path%3Ds1'
    """
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options={quote(f'-csearch_path={schema}')}"


@functools.cache
def shared_extensions(server: str) -> None:
    """pg_trgm in ``public``, once per run. ftroi's migration creates it in its own schema
    when the database lacks it; a test schema is dropped afterwards, and dropping the
    extension with it would drop the indexes every other test schema built on it."""
    with psycopg.connect(server) as conn:
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('ftroi pg_trgm'))")
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public")


@contextmanager
def fresh_schema(server: str, *, prefix: str = "ftroi_test") -> Iterator[str]:
    """A new, empty schema of ``server`` for the block (its URL), dropped after it — with
    no pytest in it, for the benchmarks too."""
    schema = f"{prefix}_{uuid.uuid4().hex[:16]}"
    shared_extensions(server)
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield with_schema(server, schema)
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


class Schemas:
    """Fresh, empty schemas of ``server``; :meth:`drop` removes every one made."""

    def __init__(self, server: str = PG_SERVER) -> None:
        self.server = server
        self._made = ExitStack()

    def new(self) -> str:
        """A new empty schema's URL (skips, or fails under ``CI=true``, without a server)."""
        require_postgres(pg_problem(self.server), server=self.server, environ=os.environ)
        return self._made.enter_context(fresh_schema(self.server))

    def drop(self) -> None:
        self._made.close()
