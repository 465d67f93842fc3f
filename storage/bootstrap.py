"""The one place a store is built: from one URL, when asked, never at import time.

``FTROI_DATABASE_URL`` chooses the backend:

* ``sqlite:///ftroi.db`` (relative path), ``sqlite:////var/lib/ftroi/ftroi.db`` (absolute):
  the embedded default, one file;
* ``postgresql://user@host:5432/dbname`` (or ``postgres://``): for several bot replicas.

>>> database_url({})
'sqlite:///./ftroi.db'
>>> sqlite_path("sqlite:////var/lib/ftroi/ftroi.db")
'/var/lib/ftroi/ftroi.db'
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from storage.errors import InvalidInputError
from storage.protocol import Store

if TYPE_CHECKING:
    from slack_sdk.oauth.installation_store import InstallationStore
    from slack_sdk.oauth.state_store import OAuthStateStore

__all__ = [
    "DEFAULT_DATABASE_URL",
    "database_url",
    "installation_stores",
    "open_store",
    "sqlite_path",
]

DEFAULT_DATABASE_URL = "sqlite:///./ftroi.db"
_ACCEPTED = (
    "sqlite:///relative/path.db, sqlite:////absolute/path.db or postgresql://user@host:5432/dbname"
)


def database_url(environ: Mapping[str, str] = os.environ) -> str:
    """``FTROI_DATABASE_URL`` if set, else the default SQLite file in the working directory."""
    return environ.get("FTROI_DATABASE_URL") or DEFAULT_DATABASE_URL


def _is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def sqlite_path(url: str) -> str:
    """The file a ``sqlite:///`` URL names (three slashes, then the path)."""
    path = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else ""
    path = path.split("?", 1)[0]
    if not path or path == ":memory:":
        raise InvalidInputError(
            f"FTROI_DATABASE_URL: {url!r} is not accepted — a file, e.g. {_ACCEPTED} "
            "(an in-memory database would vanish between threads)"
        )
    return path


def open_store(url: str | None = None, *, pool_max_size: int = 10) -> Store:
    """Open (creating or migrating if needed) the store a URL names."""
    url = url or database_url()
    # Backends are imported when chosen: a SQLite install never loads psycopg, and the
    # reverse; nothing connects until this function is called.
    if _is_postgres(url):
        from storage.postgres import PostgresStore

        return PostgresStore(url, max_size=pool_max_size)
    if url.startswith("sqlite:"):
        from storage.sqlite import SQLiteStore

        return SQLiteStore(sqlite_path(url))
    raise InvalidInputError(f"FTROI_DATABASE_URL: {url!r} is not accepted — {_ACCEPTED}")


def installation_stores(
    url: str, *, client_id: str, state_expiration_seconds: int = 600
) -> tuple[InstallationStore, OAuthStateStore]:
    """slack_sdk's own installation and OAuth-state stores, in the same database.

    SQLite URLs get slack_sdk's SQLite3 stores (same file, their own tables); PostgreSQL
    URLs get its SQLAlchemy stores on psycopg 3, with their tables created if missing.
    """
    if _is_postgres(url):
        import sqlalchemy
        from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
        from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

        rest = url.split("://", 1)[1]
        engine = sqlalchemy.create_engine(f"postgresql+psycopg://{rest}", pool_pre_ping=True)
        installations = SQLAlchemyInstallationStore(client_id=client_id, engine=engine)
        states = SQLAlchemyOAuthStateStore(
            expiration_seconds=state_expiration_seconds, engine=engine
        )
        # slack_sdk's stores are untyped; create_tables is its own "CREATE … IF NOT EXISTS".
        installations.create_tables()  # type: ignore[no-untyped-call]
        states.create_tables()  # type: ignore[no-untyped-call]
        return installations, states
    if url.startswith("sqlite:"):
        from slack_sdk.oauth.installation_store.sqlite3 import SQLite3InstallationStore
        from slack_sdk.oauth.state_store.sqlite3 import SQLite3OAuthStateStore

        path = sqlite_path(url)
        return (
            SQLite3InstallationStore(database=path, client_id=client_id),
            SQLite3OAuthStateStore(database=path, expiration_seconds=state_expiration_seconds),
        )
    raise InvalidInputError(f"FTROI_DATABASE_URL: {url!r} is not accepted — {_ACCEPTED}")
