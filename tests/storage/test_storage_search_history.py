"""Contract: a search within names pages exactly as reading every name would, whichever way
the store finds them (the newest names first, then the names' trigram index); the index
follows every rename, delete, undelete, purge and import; a scenario's history comes in
pages of versions with their inputs. Without pg_trgm, and no right to create it, ftroi says
what to do."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from storage_support import NOW, inputs, require_postgres

from storage import (
    DatabaseError,
    InvalidInputError,
    NotFoundError,
    ScenarioRecord,
    Store,
    open_store,
    sql_scenarios,
)
from tests.pg import PG_SERVER, pg_problem

Make = Callable[..., ScenarioRecord]

NAMES = [f"{kind} {n}" for n in range(12) for kind in ("Support bot", "Triage", "Bot support")]


def _every_page(store: Store, search: str, *, limit: int, **options: object) -> list[str]:
    seen: list[str] = []
    cursor = None
    while True:
        page = store.list_scenarios("T1", search=search, limit=limit, cursor=cursor,
                                    **options)  # type: ignore[arg-type]
        seen += [s.name for s in page.items]
        if (cursor := page.next_cursor) is None:
            return seen


@pytest.mark.parametrize("window", [3, sql_scenarios.SEARCH_WINDOW])
@pytest.mark.parametrize("search", ["support bot", "BOT", "t", "riage 1", "no such name"])
def test_search_pages_are_what_reading_every_name_gives(
    store: Store, monkeypatch: pytest.MonkeyPatch, window: int, search: str
) -> None:
    # A small window makes most pages come from the trigram index; the default, from the
    # newest names: both must give the same pages, newest first.
    monkeypatch.setattr(sql_scenarios, "SEARCH_WINDOW", window)
    for n, name in enumerate(NAMES):
        store.create_scenario("T1", owner_id=f"U{n % 2}", name=name, inputs=inputs(n),
                              now=NOW + timedelta(minutes=n))
    newest_first = list(reversed(NAMES))
    expected = [name for name in newest_first if search.casefold() in name.casefold()]
    assert _every_page(store, search, limit=4) == expected
    mine = [name for n, name in reversed(list(enumerate(NAMES)))
            if n % 2 == 1 and search.casefold() in name.casefold()]
    assert _every_page(store, search, limit=5, owner_id="U1") == mine


def test_the_name_index_follows_every_change(store: Store, make: Make) -> None:
    kept, renamed, gone = make("Support bot"), make("Triage"), make("Support desk")

    def found(text: str, **options: object) -> list[str]:
        return [s.id for s in store.list_scenarios("T1", search=text,
                                                   **options).items]  # type: ignore[arg-type]

    store.rename_scenario("T1", renamed.id, "Escalation bot", user_id="U1", now=NOW)
    assert found("triage") == [] and found("escalation") == [renamed.id]
    store.delete_scenario("T1", gone.id, user_id="U1", now=NOW)
    assert found("support") == [kept.id] and found("support", deleted=True) == [gone.id]
    store.undelete_scenario("T1", gone.id, user_id="U1", now=NOW)
    assert set(found("support")) == {kept.id, gone.id}
    store.delete_scenario("T1", gone.id, user_id="U1", now=NOW)
    store.purge(now=NOW + timedelta(days=31))
    assert found("desk", deleted=True) == [] and found("desk") == []
    copy = store.export_scenarios(team_id="T1")
    store.delete_scenario("T1", kept.id, user_id="U1", now=NOW)
    store.purge(now=NOW + timedelta(days=62))
    assert store.import_scenarios(copy).scenarios_added == 1  # the one purged comes back
    assert found("support bot") == [kept.id]


def test_history_comes_in_pages_of_versions_with_their_inputs(store: Store, make: Make) -> None:
    made = make("Support bot", requests_per_day=1)
    for n in range(2, 8):
        store.save_version("T1", made.id, inputs(n), author_id=f"U{n}",
                           now=NOW + timedelta(minutes=n))
    pages, after = [], 0
    while after is not None:
        page = store.version_history("T1", made.id, after=after, limit=3)
        pages.append([(v.number, v.inputs, v.author_id) for v in page.items])
        after = page.next_after
    assert [[n for n, *_ in p] for p in pages] == [[1, 2, 3], [4, 5, 6], [7]]
    assert pages[0][0] == (1, inputs(1), "U1") and pages[2][0] == (7, inputs(7), "U7")
    assert store.version_history("T1", made.id, after=7).items == []
    with pytest.raises(NotFoundError):
        store.version_history("T2", made.id)  # another workspace's: not found
    store.delete_scenario("T1", made.id, user_id="U1", now=NOW)
    with pytest.raises(NotFoundError):
        store.version_history("T1", made.id)


@pytest.mark.parametrize(("options", "field"), [
    ({"after": -1}, "after"), ({"after": True}, "after"), ({"limit": 0}, "limit"),
    ({"limit": 101}, "limit")])
def test_bad_history_arguments_are_refused_naming_the_field(
        store: Store, make: Make, options: dict[str, object], field: str) -> None:
    made = make("Support bot")
    with pytest.raises(InvalidInputError, match=rf"^{field}: .* is not accepted — "):
        store.version_history("T1", made.id, **options)  # type: ignore[arg-type]


def test_without_pg_trgm_and_no_right_to_create_it_ftroi_says_what_to_do() -> None:
    # A database that lacks the extension, opened by a user who may create tables but not
    # extensions: the steps are refused all together, with the command the owner can run.
    require_postgres(pg_problem(), server=PG_SERVER, environ=os.environ)
    suffix = uuid.uuid4().hex[:12]
    database, role = f"ftroi_noext_{suffix}", f"ftroi_noext_{suffix}"
    with psycopg.connect(PG_SERVER, autocommit=True) as admin:
        admin.execute(f'CREATE ROLE "{role}" LOGIN')
        admin.execute(f'CREATE DATABASE "{database}"')
    try:
        with psycopg.connect(urlunsplit(urlsplit(PG_SERVER)._replace(path=f"/{database}")),
                             autocommit=True) as owner:
            owner.execute(f'GRANT CREATE ON SCHEMA public TO "{role}"')
        parts = urlsplit(PG_SERVER)
        url = urlunsplit(parts._replace(netloc=f"{role}@{parts.hostname}:{parts.port or 5432}",
                                        path=f"/{database}"))
        with pytest.raises(DatabaseError, match=r"pg_trgm.*CREATE EXTENSION pg_trgm"):
            open_store(url)
        with psycopg.connect(url) as conn:  # all or none: not even the first step
            assert conn.execute("SELECT to_regclass('ftroi_migrations')").fetchone() == (None,)
    finally:
        with psycopg.connect(PG_SERVER, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{database}" WITH (FORCE)')
            admin.execute(f'DROP ROLE "{role}"')
