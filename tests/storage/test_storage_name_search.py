"""Contract: a search within names finds exactly the names whose key (``rules.name_key``:
NFKC, case-folded, spaces collapsed) holds the search's key — whatever its length (one and
two characters have their own index, ``0010_short_name_search``), script, accents or
punctuation, and whichever index the store asks; the short pieces' index follows every
change, and its size bound holds for all of Unicode."""

from __future__ import annotations

import sys
import unicodedata
import uuid
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from storage_support import NOW, inputs, names

from storage import Store, name_search_schema, sql_scenarios
from storage.rules import MAX_NAME_LENGTH, name_key

NAMES = ["Café crème", "CAFE", "Straße 5", "日本語 bot", "c++ ranker", "a-b test", "Ünïcode",
         "x", "Support bot", "100% of traffic", "under_score", "ﬁne-tune ﬁle"]

SEARCHES = ["é", "É", "cafe", "café", "CAFÉ", "ss", "ß", "STRASSE", "日本", "語", "本語 b",
            "c+", "++", "c++", "a-b", "-", "e c", "x", "q", "zz", "ü", "nïc", "%", "_", "%_",
            "fi", "ﬁ", "t", "bo", "support", "pport b", "no such name", "5"]


def _listed(store: Store, team: str, search: str, **options: object) -> list[str]:
    seen: list[str] = []
    cursor = None
    while True:
        page = store.list_scenarios(team, search=search, limit=3, cursor=cursor,
                                    **options)  # type: ignore[arg-type]
        seen += [s.name for s in page.items]
        if (cursor := page.next_cursor) is None:
            return seen


def _holding(names_newest_first: list[str], search: str) -> list[str]:
    return [n for n in names_newest_first if name_key(search) in name_key(n)]


@pytest.mark.parametrize("window", [0, sql_scenarios.SEARCH_WINDOW])
def test_every_search_finds_the_names_holding_its_key(
        store: Store, monkeypatch: pytest.MonkeyPatch, window: int) -> None:
    # Window 0: every search goes to the names' indexes; the default: the newest first.
    monkeypatch.setattr(sql_scenarios, "SEARCH_WINDOW", window)
    for n, name in enumerate(NAMES):
        store.create_scenario("T1", owner_id="U1", name=name, inputs=inputs(n + 1),
                              now=NOW + timedelta(minutes=n))
    store.create_scenario("T2", owner_id="U1", name="x qz café", inputs=inputs(1), now=NOW)
    newest = list(reversed(NAMES))
    for search in SEARCHES:
        assert _listed(store, "T1", search) == _holding(newest, search), search
    assert _listed(store, "T1", "qz") == [] and _listed(store, "T2", "qz") == ["x qz café"]


def test_accents_and_case_are_compared_as_name_keys_compare_them(store: Store) -> None:
    # Case is ignored (ß is "ss"), accents are not: "cafe" is not "café".
    for n, name in enumerate(["Café", "Cafe", "STRASSE 1", "Straße 2"]):
        store.create_scenario("T1", owner_id="U1", name=name, inputs=inputs(n + 1),
                              now=NOW + timedelta(minutes=n))
    assert _listed(store, "T1", "É") == ["Café"]
    assert _listed(store, "T1", "cafe") == ["Cafe"]
    assert _listed(store, "T1", "ß") == ["Straße 2", "STRASSE 1"]
    assert _listed(store, "T1", "aß") == ["Straße 2", "STRASSE 1"]


@pytest.mark.parametrize("search", ["b", "ot", "o", "x", "qz"])
def test_the_short_pieces_follow_every_change(
        store: Store, monkeypatch: pytest.MonkeyPatch, search: str) -> None:
    monkeypatch.setattr(sql_scenarios, "SEARCH_WINDOW", 0)  # the index answers every search

    def found(**options: object) -> set[str]:
        return {s.name for s in store.list_scenarios("T1", search=search,
                                                     **options).items}  # type: ignore[arg-type]

    def expected(*held: str) -> set[str]:
        return {n for n in held if name_key(search) in name_key(n)}

    bot = store.create_scenario("T1", owner_id="U1", name="Bot", inputs=inputs(1), now=NOW)
    box = store.create_scenario("T1", owner_id="U1", name="Box", inputs=inputs(2), now=NOW)
    assert found() == expected("Bot", "Box")
    store.rename_scenario("T1", bot.id, "Qz", user_id="U1", now=NOW)
    assert found() == expected("Qz", "Box")
    store.delete_scenario("T1", box.id, user_id="U1", now=NOW)
    assert found() == expected("Qz") and found(deleted=True) == expected("Box")
    store.undelete_scenario("T1", box.id, user_id="U1", now=NOW)
    assert found() == expected("Qz", "Box")
    copy = store.export_scenarios(team_id="T1")
    for made in (bot, box):
        store.delete_scenario("T1", made.id, user_id="U1", now=NOW)
    store.purge(now=NOW + timedelta(days=31))
    assert found() == set() and found(deleted=True) == set()
    assert store.import_scenarios(copy).scenarios_added == 2
    assert found() == expected("Qz", "Box")


def _fresh_team() -> str:
    return f"T{uuid.uuid4().hex[:12]}"


@st.composite
def _name_and_search(draw: st.DrawFn) -> tuple[str, str]:
    """A name and a search of one to all of the characters of its key, from anywhere."""
    name = draw(names)
    key = name_key(name)
    start = draw(st.integers(0, len(key) - 1))
    end = draw(st.integers(start + 1, min(len(key), start + MAX_NAME_LENGTH)))
    return name, key[start:end]


@settings(
    max_examples=40,
    deadline=None,
    # One store serves every example, each in its own workspace (as in
    # test_storage_isolation_and_names.py): a new database per example would be slow.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(case=_name_and_search(), other=names)
def test_any_piece_of_any_name_finds_it(
        store: Store, monkeypatch: pytest.MonkeyPatch, case: tuple[str, str], other: str) -> None:
    name, search = case
    if not search.strip() or name_key(name) == name_key(other):
        return  # a search of spaces alone is refused; the two must be different names
    monkeypatch.setattr(sql_scenarios, "SEARCH_WINDOW", 0)
    team = _fresh_team()
    for n, each in enumerate((name, other)):
        store.create_scenario(team, owner_id="U1", name=each, inputs=inputs(n + 1),
                              now=NOW + timedelta(minutes=n))
    assert _listed(store, team, search) == _holding([other, name], search)


def test_a_name_key_fits_the_positions_the_short_pieces_are_numbered_by() -> None:
    # The bound of name_search_schema: no character decomposes to more than 18 or folds to
    # more than 3, so a key of an 80-character name has at most POSITIONS characters.
    decomposed = folded = 0
    for point in range(sys.maxunicode + 1):
        if 0xD800 <= point <= 0xDFFF:
            continue  # surrogates: never in a name
        char = chr(point)
        decomposed = max(decomposed, len(unicodedata.normalize("NFKD", char)))
        folded = max(folded, len(char.casefold()))
    assert (decomposed, folded) == (name_search_schema.MAX_DECOMPOSITION,
                                    name_search_schema.MAX_CASEFOLD)
    longest = name_key("\ufdfa" * MAX_NAME_LENGTH)
    assert len(longest) == MAX_NAME_LENGTH * 18 <= name_search_schema.POSITIONS


def test_sqlite_keeps_exactly_the_pieces_of_the_names_there_are(sqlite_url: str) -> None:
    # White-box: the triggers leave no piece of a name renamed or purged behind (a stale
    # piece would only cost a look at a name that no longer holds it; none is missing, as
    # the contract tests above show).
    from storage import open_store

    store = open_store(sqlite_url)
    try:
        made = [store.create_scenario("T1", owner_id="U1", name=name, inputs=inputs(n + 1),
                                      now=NOW) for n, name in enumerate(["Bot", "Box", "日本"])]
        store.rename_scenario("T1", made[0].id, "Qz", user_id="U1", now=NOW)
        store.delete_scenario("T1", made[1].id, user_id="U1", now=NOW)
        store.purge(now=NOW + timedelta(days=31))
        store.import_scenarios([s.model_copy(update={"id": "00000000000000ff", "name": "Ab"})
                                for s in store.export_scenarios(team_id="T1")[:1]])
        db = store._connection()  # type: ignore[attr-defined]
        kept = set(db.execute("SELECT gram, row FROM scenario_name_grams").fetchall())
        rows = dict(db.execute("SELECT s.name_key, r.row FROM scenarios s "
                               "JOIN scenario_name_rows r ON r.scenario_id = s.id").fetchall())
    finally:
        store.close()
    assert sorted(rows) == ["ab", "qz", "日本"]
    assert kept == {(key[i:i + 2], row) for key, row in rows.items() for i in range(len(key))}
