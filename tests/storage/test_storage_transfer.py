"""Export and import: a JSON document with a format version, every version of every
scenario, idempotent import, between backends; and the ``ftroi export``/``import`` CLI."""

from __future__ import annotations

import argparse
import io
import json
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from storage_support import NOW, inputs

from bot.commands import export_cmd, import_cmd
from storage import (
    ImportReport,
    ScenarioVersion,
    Store,
    StoredScenario,
    TransferError,
    WorkspaceSettings,
    open_store,
)
from storage.transfer import FORMAT_VERSION, export_json, import_document

NewUrl = Callable[[str], str]
SETTINGS = WorkspaceSettings(gpu_usd_per_hour={"h100": 2.25}, defaults={"model.gpu": "h100"})


def _fill(store: Store) -> dict[str, str]:
    """Two workspaces: versions, a restore, a fork, a deleted scenario, decisions on
    versions 1 and 3 of one scenario, settings."""
    a = store.create_scenario("T1", owner_id="U1", name="Support bot", inputs=inputs(1), now=NOW)
    store.save_version("T1", a.id, inputs(2), author_id="U2", now=NOW + timedelta(hours=1))
    store.restore_version("T1", a.id, 1, author_id="U1", now=NOW + timedelta(hours=2))
    fork = store.fork_scenario(
        "T1", a.id, owner_id="U3", name="Support bot × 2", now=NOW, version=2, inputs=inputs(4)
    )
    gone = store.create_scenario("T1", owner_id="U1", name="Old idea", inputs=inputs(5), now=NOW)
    store.delete_scenario("T1", gone.id, user_id="U1", now=NOW + timedelta(days=1))
    other = store.create_scenario(
        "T2", owner_id="U9", name="Support bot", inputs=inputs(6), now=NOW
    )
    for version, option in ((1, "current_api"), (3, "self_hosted_finetune")):
        store.record_decision("T1", a.id, version, option_id=option, option_label=option,
                              user_id="U2", user_name="bob", now=NOW + timedelta(hours=version))
    store.save_settings("T1", SETTINGS, now=NOW)
    store.save_settings("T2", WorkspaceSettings(), now=NOW)
    return {"a": a.id, "fork": fork.id, "gone": gone.id, "other": other.id}


def _export(store: Store, team_id: str | None = None) -> dict[str, Any]:
    out = io.StringIO()
    count = export_json(store, out, now=NOW, team_id=team_id)
    document: dict[str, Any] = json.loads(out.getvalue())
    assert len(document["scenarios"]) == count
    return document


def _content(document: dict[str, Any]) -> tuple[Any, Any]:
    """What must survive a transfer: everything but the moment of export."""
    return document["scenarios"], document["settings"]


@pytest.fixture
def opened() -> Iterator[Callable[[str], Store]]:
    stores: list[Store] = []

    def open_(url: str) -> Store:
        stores.append(open_store(url))
        return stores[-1]

    yield open_
    for store in stores:
        store.close()


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("sqlite", "sqlite"),
        ("postgres", "postgres"),
        ("sqlite", "postgres"),
        ("postgres", "sqlite"),
    ],
)
def test_an_export_imports_whole_into_any_backend(
    new_url: NewUrl, opened: Callable[[str], Store], source: str, target: str
) -> None:
    origin, copy = opened(new_url(source)), opened(new_url(target))
    ids = _fill(origin)
    document = _export(origin)
    assert (document["format"], document["format_version"]) == ("ftroi-export", FORMAT_VERSION)
    assert [len(s["versions"]) for s in document["scenarios"]] == [
        {ids["a"]: 3, ids["fork"]: 1, ids["gone"]: 1, ids["other"]: 1}[s["id"]]
        for s in document["scenarios"]
    ]
    assert [(d["version"], d["option_id"]) for s in document["scenarios"]
            for d in s["decisions"]] == [(1, "current_api"), (3, "self_hosted_finetune")]
    report = import_document(copy, json.dumps(document), now=NOW)
    assert report == ImportReport(
        scenarios_seen=4, scenarios_added=4, versions_added=6, decisions_added=2,
        settings_saved=2
    )
    assert _content(_export(copy)) == _content(document)
    assert copy.latest_decisions("T1", [ids["a"]]) == origin.latest_decisions("T1", [ids["a"]])
    assert copy.get_scenario("T1", ids["a"]) == origin.get_scenario("T1", ids["a"])
    fork = copy.get_scenario("T1", ids["fork"])
    assert (fork.parent_id, fork.parent_version, fork.inputs) == (ids["a"], 2, inputs(4))
    assert copy.get_scenario("T1", ids["a"], version=3).version.restored_from == 1
    assert [s.id for s in copy.list_scenarios("T1", deleted=True).items] == [ids["gone"]]
    assert copy.get_settings("T1") == SETTINGS


def test_importing_the_same_file_twice_adds_nothing(
    store: Store, new_url: NewUrl, opened: Callable[[str], Store]
) -> None:
    _fill(store)
    text = json.dumps(_export(store))
    copy = opened(new_url("sqlite"))
    import_document(copy, text, now=NOW)
    again = import_document(copy, text, now=NOW)
    assert (again.scenarios_added, again.versions_added, again.decisions_added,
            again.scenarios_seen) == (0, 0, 0, 4)
    assert _content(_export(copy)) == _content(json.loads(text))
    assert import_document(store, text, now=NOW).versions_added == 0  # back into its source


def test_a_later_export_adds_only_the_new_versions(
    store: Store, new_url: NewUrl, opened: Callable[[str], Store]
) -> None:
    ids = _fill(store)
    copy = opened(new_url("sqlite"))
    import_document(copy, _export(store), now=NOW)
    store.save_version("T1", ids["a"], inputs(9), author_id="U1", now=NOW + timedelta(days=3))
    report = import_document(copy, _export(store), now=NOW)
    assert (report.scenarios_added, report.versions_added) == (0, 1)
    latest = copy.get_scenario("T1", ids["a"])
    assert (latest.latest_version, latest.inputs) == (4, inputs(9))
    assert latest.updated_at == NOW + timedelta(days=3)


def test_one_workspace_can_be_exported_alone(store: Store) -> None:
    ids = _fill(store)
    document = _export(store, team_id="T2")
    assert [s["id"] for s in document["scenarios"]] == [ids["other"]]
    assert list(document["settings"]) == ["T2"] and document["team_id"] == "T2"


def test_a_large_export_streams_in_batches(store: Store) -> None:
    made = [
        StoredScenario(
            id=f"{n:016x}",
            team_id="T1",
            owner_id="U1",
            name=f"S{n}",
            latest_version=1,
            created_at=NOW,
            updated_at=NOW,
            versions=[ScenarioVersion(number=1, author_id="U1", created_at=NOW, inputs=inputs(n))],
        )
        for n in range(1203)
    ]
    assert store.import_scenarios(made).scenarios_added == 1203  # bulk, one transaction
    document = _export(store)  # three batches of at most 500
    assert [s["id"] for s in document["scenarios"]] == [s.id for s in made]


@pytest.mark.parametrize("chunk", [3, None], ids=["lookups of 3", "the backend's own"])
def test_an_import_looks_up_what_exists_however_its_ids_are_split(
    store: Store, monkeypatch: pytest.MonkeyPatch, chunk: int | None
) -> None:
    # The ids and names already here are looked up ANY_CHUNK at a time (an IN list on
    # SQLite, one array on PostgreSQL): split in threes, every one must still be found.
    if chunk is not None:
        monkeypatch.setattr(type(store), "ANY_CHUNK", chunk)

    def stored(n: int, versions: int = 1, name: str | None = None) -> StoredScenario:
        return StoredScenario(
            id=f"{n:016x}", team_id="T1", owner_id="U1", name=name or f"S{n}",
            latest_version=versions, created_at=NOW, updated_at=NOW + timedelta(minutes=versions),
            versions=[ScenarioVersion(number=v, author_id="U1", inputs=inputs(v),
                                      created_at=NOW + timedelta(minutes=v))
                      for v in range(1, versions + 1)])

    first = [stored(n) for n in range(10)]
    assert store.import_scenarios(first).scenarios_added == 10
    again = store.import_scenarios([*first[:9], stored(9, versions=3), stored(10), stored(11)])
    assert (again.scenarios_added, again.versions_added) == (2, 4)
    assert store.get_scenario("T1", f"{9:016x}").version.number == 3
    with pytest.raises(TransferError, match="'s4' \\(workspace T1\\)"):
        store.import_scenarios([stored(12), stored(13), stored(14, name="s4")])


def _exported_with(store: Store, change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    document = _export(store)
    change(document)
    return document


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda d: d.update(format_version=FORMAT_VERSION + 1),
         f"format_version {FORMAT_VERSION + 1}"),
        (lambda d: d["scenarios"][0]["decisions"].append(
            {**d["scenarios"][0]["decisions"][0], "version": 99})
         if d["scenarios"][0]["decisions"] else d["scenarios"][0].update(decisions=[{
             "id": "x", "team_id": "T0", "scenario_id": "nope", "version": 1,
             "option_id": "current_api", "option_label": "Keep", "decided_by": "U1",
             "decided_at": "2025-06-01T12:00:00+00:00"}]),
         "are not on one of its versions"),
        (lambda d: d.update(format="something-else"), "not an ftroi export"),
        (
            lambda d: d["scenarios"][0]["versions"][0]["inputs"]["workload"].update(
                requests_per_day=-1
            ),
            "requests_per_day: -1 is not accepted",
        ),
        (lambda d: d["scenarios"][0]["versions"].pop(), "versions must be 1…"),
        (lambda d: d["scenarios"][0].update(name=""), "name"),
        (lambda d: d["scenarios"].append(d["scenarios"][0]), "same scenario id more than once"),
        (lambda d: d.update(extra="field"), "Extra inputs are not permitted"),
    ],
)
def test_a_bad_document_is_refused_and_nothing_is_written(
    store: Store, new_url: NewUrl, opened: Callable[[str], Store], change: Any, says: str
) -> None:
    _fill(store)
    document = _exported_with(store, change)
    target = opened(new_url("sqlite"))
    with pytest.raises(TransferError, match=says):
        import_document(target, document, now=NOW)
    assert _export(target)["scenarios"] == [] and _export(target)["settings"] == {}


def test_an_import_that_clashes_with_the_target_is_refused_whole(
    store: Store, new_url: NewUrl, opened: Callable[[str], Store]
) -> None:
    ids = _fill(store)
    document = _export(store)
    target = opened(new_url("sqlite"))
    target.create_scenario("T1", owner_id="U5", name="SUPPORT BOT", inputs=inputs(1), now=NOW)
    with pytest.raises(TransferError, match="'Support bot' \\(workspace T1\\)"):
        import_document(target, document, now=NOW)
    assert len(target.list_scenarios("T1").items) == 1
    orphan = [s for s in document["scenarios"] if s["id"] == ids["fork"]]
    with pytest.raises(TransferError, match="neither in the file nor in this database"):
        import_document(opened(new_url("sqlite")), {**document, "scenarios": orphan}, now=NOW)
    for s in document["scenarios"]:
        s["team_id"] = "T7" if s["id"] == ids["other"] else s["team_id"]
    with pytest.raises(TransferError, match="already belong to another workspace"):
        import_document(store, document, now=NOW)


def test_text_that_is_not_json_is_refused(store: Store) -> None:
    with pytest.raises(TransferError, match="not JSON"):
        import_document(store, b"\xff\xfe not json", now=NOW)
    with pytest.raises(TransferError, match="not a JSON object"):
        import_document(store, "[1, 2]", now=NOW)


# The CLI ------------------------------------------------------------------------------


def _cli(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="ftroi")
    commands = parser.add_subparsers(dest="command", required=True)
    export_cmd.register(commands)
    import_cmd.register(commands)
    args = parser.parse_args(argv)
    code: int = args.run(args)
    return code


def test_the_cli_exports_to_stdout_and_imports_a_file(
    store_url: str,
    new_url: NewUrl,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = open_store(store_url)
    _fill(store)
    store.close()
    assert _cli("export", "--database-url", store_url) == 0
    out, err = capsys.readouterr()
    assert len(json.loads(out)["scenarios"]) == 4 and "4 scenarios written" in err
    dump = tmp_path / "export.json"
    dump.write_text(out, encoding="utf-8")
    monkeypatch.setenv("FTROI_DATABASE_URL", new_url("sqlite"))  # the default target
    assert _cli("import", str(dump)) == 0
    assert "imported 4 new scenarios and 6 versions, 2 decisions" in capsys.readouterr().out
    assert _cli("import", str(dump)) == 0
    assert "imported 0 new scenarios and 0 versions, 0 decisions (4 of 4" in \
        capsys.readouterr().out
    assert _cli("export", "--team", "T2") == 0
    assert len(json.loads(capsys.readouterr().out)["scenarios"]) == 1


def test_the_cli_explains_problems_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"not a database at all" * 100)
    assert _cli("export", "--database-url", f"sqlite:///{corrupt}") == 1
    assert str(corrupt) in capsys.readouterr().err
    assert _cli("import", str(tmp_path / "missing.json")) == 2
    assert "cannot read" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "ftroi-export", "format_version": 99}', encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'ok.db'}"
    assert _cli("import", str(bad), "--database-url", url) == 2
    assert "format_version 99" in capsys.readouterr().err
    assert _cli("export", "--database-url", "mysql://nope") == 2
    assert "FTROI_DATABASE_URL" in capsys.readouterr().err


def test_an_export_of_format_1_without_decisions_still_imports(
    store: Store, new_url: NewUrl, opened: Callable[[str], Store]
) -> None:
    ids = _fill(store)
    document = _export(store)
    document["format_version"] = 1
    for scenario in document["scenarios"]:
        del scenario["decisions"]
    copy = opened(new_url("sqlite"))
    report = import_document(copy, json.dumps(document), now=NOW)
    assert (report.scenarios_added, report.decisions_added) == (4, 0)
    assert copy.latest_decisions("T1", [ids["a"]]) == {}
