"""The README's backups, run as written: each command is read from "### 7. Backing up",
run against a database a live store is writing to, and the restore brings back exactly
what was there when the backup was taken."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from engine.models import Scenario
from storage import Store, open_store
from tests.pg import PG_SERVER, pg_problem, require_postgres

ROOT = Path(__file__).resolve().parents[2]
SECTION = (ROOT / "README.md").read_text(encoding="utf-8") \
    .split("### 7. Backing up", 1)[1].split("\n### ", 1)[0]
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def command(starting: str) -> str:
    """The README's one command (a code line, or an inline `code` span) that starts so."""
    found = [line.strip() for line in SECTION.splitlines() if line.strip().startswith(starting)]
    found += re.findall(rf"`({re.escape(starting)}[^`]*)`", SECTION)
    assert len(found) == 1, f"the README should give one command starting {starting!r}: {found}"
    return found[0]


def volumes(requests_per_day: float) -> Scenario:
    return Scenario().with_value("workload.requests_per_day", requests_per_day)


def history(store: Store) -> dict[str, list[float]]:
    """Every scenario's name and the volume of each of its versions, oldest first."""
    names = [s.name for s in store.list_scenarios("T1", limit=50).items]
    return {name: [v.workload.requests_per_day for v in _versions(store, name)]
            for name in names}


def _versions(store: Store, name: str) -> list[Scenario]:
    record = store.find_scenario("T1", name)
    return [store.get_scenario("T1", record.id, version=v.number).inputs
            for v in store.list_versions("T1", record.id)]


def fill(store: Store) -> None:
    first = store.create_scenario("T1", owner_id="U1", name="Support bot",
                                  inputs=volumes(10_000), now=NOW)
    store.save_version("T1", first.id, volumes(20_000), author_id="U1", now=NOW)
    store.create_scenario("T1", owner_id="U1", name="Extraction", inputs=volumes(500), now=NOW)


def assert_restored(url: str, taken: dict[str, list[float]]) -> None:
    """The restored database holds what ``fill`` wrote, as it was when the backup was taken
    (the version saved after it is gone), with this version's schema."""
    restored = open_store(url)
    try:
        assert history(restored) == taken == {"Extraction": [500.0],
                                              "Support bot": [10_000.0, 20_000.0]}
        restored.check_schema()
    finally:
        restored.close()


def run(line: str, cwd: Path) -> None:
    done = subprocess.run(shlex.split(line), cwd=cwd, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, f"{line}\n{done.stderr}"


@pytest.mark.parametrize("how", ["sqlite3 program", "python in the image"])
def test_a_sqlite_backup_taken_while_ftroi_writes_restores_everything(
        tmp_path: Path, how: str) -> None:
    live = open_store(f"sqlite:///{tmp_path}/ftroi.db")  # ftroi running: writes in the WAL
    try:
        fill(live)
        taken = history(live)
        if how == "sqlite3 program":
            run(command("sqlite3 ftroi.db"), cwd=tmp_path)
        else:
            _, python, flag, code = shlex.split(command("docker exec ftroi python -c"))[2:]
            assert (python, flag) == ("python", "-c")
            run(shlex.join([sys.executable, flag, code.replace("/data/", f"{tmp_path}/")]),
                cwd=tmp_path)
        live.save_version("T1", live.find_scenario("T1", "Extraction").id,
                          volumes(900), author_id="U1", now=NOW)  # after the backup: lost
    finally:
        live.close()
    # "stop ftroi, put the backup in place of ftroi.db, delete any -wal and -shm beside it"
    (tmp_path / "ftroi-backup.db").replace(tmp_path / "ftroi.db")
    for leftover in ("ftroi.db-wal", "ftroi.db-shm"):
        (tmp_path / leftover).unlink(missing_ok=True)
    assert_restored(f"sqlite:///{tmp_path}/ftroi.db", taken)


@pytest.fixture
def pg_database() -> Iterator[str]:
    """A new, empty PostgreSQL database (not a schema: pg_dump and pg_restore work on a
    whole database, as the README's commands do), dropped afterwards."""
    require_postgres(pg_problem(), server=PG_SERVER, environ=os.environ)
    name = f"ftroi_backup_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_SERVER, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(PG_SERVER)
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(PG_SERVER, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_a_pg_dump_taken_while_ftroi_writes_restores_everything(
        tmp_path: Path, pg_database: str) -> None:
    live = open_store(pg_database)
    try:
        fill(live)
        taken = history(live)
        dump = command("pg_dump --format=custom --file=ftroi.dump")
        run(dump.replace("postgresql://ftroi:PASSWORD@DB-HOST:5432/ftroi", pg_database),
            cwd=tmp_path)
        live.save_version("T1", live.find_scenario("T1", "Extraction").id,
                          volumes(900), author_id="U1", now=NOW)  # after the dump: lost
    finally:
        live.close()  # "stop the app"
    run(command("pg_restore").replace("postgresql://…", pg_database), cwd=tmp_path)
    assert_restored(pg_database, taken)
