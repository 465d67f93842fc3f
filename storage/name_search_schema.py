"""The schema step that indexes names for searches no trigram can answer, on both backends.

``sqlite_schema`` and ``postgres_schema`` append it after ``0009_decisions`` under the same
name; it is transactional like theirs and recorded with it.

* ``0010_short_name_search`` — every one- and two-character piece of every name key, so a
  search of one or two characters ("qz", "日本") reads only the names holding it instead of
  every name of the workspace. The trigram indexes of ``0006_scenario_name_search`` hold
  nothing shorter than three characters (and pg_trgm keeps only letters and digits, so "c++"
  or "a b" hold no trigram it can look up either).

  On SQLite, ``scenario_name_grams`` holds, for each name (by its lasting row number of
  ``scenario_name_rows``), the two characters starting at each position of its key, and the
  last character alone: a prefix index of every suffix, cut to two characters. Two
  characters are looked up as they are; one as the range of pieces that start with it.
  Triggers keep it in step with every insert, rename and delete, as 0006's keep FTS5's; they
  number the positions through ``scenario_name_positions`` (SQLite allows no recursive
  query in a trigger), which holds one row per position a key can have (:data:`POSITIONS`).

  On PostgreSQL, a GIN index on ``ftroi_name_grams(name_key)``: the array of a key's one-
  and two-character pieces, computed by an immutable function, so PostgreSQL maintains it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storage.rules import MAX_NAME_LENGTH

if TYPE_CHECKING:  # sqlite-utils is loaded only to apply a step (sqlite_schema.migrate)
    from sqlite_utils import Database

__all__ = ["MAX_CASEFOLD", "MAX_DECOMPOSITION", "POSITIONS", "POSTGRES_STEPS", "SQLITE_STEPS"]

#: The longest compatibility decomposition of one character (U+FDFA, 18 characters) and the
#: longest case folding (3, e.g. U+0390): a name key (NFKC, then case-folded, see
#: ``rules.name_key``) is at most their product times the name's length, since composing
#: only shortens. ``tests/storage/test_storage_name_search.py`` checks both against Unicode.
MAX_DECOMPOSITION, MAX_CASEFOLD = 18, 3
POSITIONS = MAX_NAME_LENGTH * MAX_DECOMPOSITION * MAX_CASEFOLD

_ROW = "(SELECT row FROM scenario_name_rows WHERE scenario_id = {}.id)"


def _grams(key: str) -> str:
    """The pieces of ``key`` (a column or ``old.name_key``): one per position."""
    return (f"SELECT substr({key}, n, 2) FROM scenario_name_positions "
            f"WHERE n <= length({key})")


def _short_name_search_sqlite(db: Database) -> None:
    db.execute("CREATE TABLE scenario_name_positions (n INTEGER PRIMARY KEY) STRICT")
    db.execute(f"""INSERT INTO scenario_name_positions (n)
        WITH RECURSIVE p(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM p WHERE n < {POSITIONS})
        SELECT n FROM p""")
    db.execute("""CREATE TABLE scenario_name_grams (
            gram TEXT NOT NULL,
            row INTEGER NOT NULL,
            PRIMARY KEY (gram, row)
        ) STRICT, WITHOUT ROWID""")
    db.execute("INSERT OR IGNORE INTO scenario_name_grams (gram, row) "
               "SELECT substr(s.name_key, p.n, 2), r.row FROM scenario_name_rows r "
               "JOIN scenarios s ON s.id = r.scenario_id "
               "JOIN scenario_name_positions p ON p.n <= length(s.name_key)")
    # A new name's pieces once 0006's trigger has given it its row number; a renamed or
    # deleted one's are taken out BEFORE the change, while the old key and the row number
    # are still there (whatever order SQLite runs the triggers of one event in).
    db.execute("""CREATE TRIGGER scenario_name_grams_insert
        AFTER INSERT ON scenario_name_rows BEGIN
            INSERT OR IGNORE INTO scenario_name_grams (gram, row)
                SELECT substr(s.name_key, p.n, 2), new.row FROM scenarios s
                JOIN scenario_name_positions p ON p.n <= length(s.name_key)
                WHERE s.id = new.scenario_id;
        END""")
    forget = (f"DELETE FROM scenario_name_grams WHERE row = {_ROW.format('old')} "
              f"AND gram IN ({_grams('old.name_key')});")
    db.execute(f"""CREATE TRIGGER scenario_name_grams_rename_from
        BEFORE UPDATE OF name_key ON scenarios BEGIN {forget} END""")
    db.execute(f"""CREATE TRIGGER scenario_name_grams_rename_to
        AFTER UPDATE OF name_key ON scenarios BEGIN
            INSERT OR IGNORE INTO scenario_name_grams (gram, row)
                SELECT substr(new.name_key, n, 2), {_ROW.format('new')}
                FROM scenario_name_positions WHERE n <= length(new.name_key);
        END""")
    db.execute(f"""CREATE TRIGGER scenario_name_grams_delete
        BEFORE DELETE ON scenarios BEGIN {forget} END""")


SQLITE_STEPS = (("0010_short_name_search", _short_name_search_sqlite),)

POSTGRES_STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "0010_short_name_search",
        (
            # Built-in functions only (pg_catalog is searched first whatever the path).
            """CREATE FUNCTION ftroi_name_grams(key text) RETURNS text[]
                LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
                    SELECT coalesce(array_agg(DISTINCT g), '{}') FROM (
                        SELECT substr(key, i, 1) FROM generate_series(1, length(key)) AS i
                        UNION ALL
                        SELECT substr(key, i, 2) FROM generate_series(1, length(key) - 1) AS i
                    ) AS grams (g)
                $$""",
            # fastupdate off, as for the trigram index (postgres_schema._trigram_index).
            "CREATE INDEX scenarios_name_grams ON scenarios "
            "USING gin (ftroi_name_grams(name_key)) WITH (fastupdate = off)",
        ),
    ),
)
