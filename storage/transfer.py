"""Export a store (or one workspace) to a JSON document, and import one, between backends.

The document::

    {"format": "ftroi-export", "format_version": 2, "exported_at": "…", "team_id": null,
     "settings": {"T1": {…}}, "scenarios": [{…every field…, "versions": [{…}, …],
     "decisions": [{…}, …]}, …]}

Export streams scenario by scenario, so a large store never sits in memory as one string.
Import is idempotent: scenarios are matched by id, what the target already has is kept, and
only what is missing is added, so importing the same file twice adds nothing the second time.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal, TextIO

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from engine.errors import describe_validation_error
from storage.errors import TransferError
from storage.protocol import Store
from storage.records import ImportReport, StoredScenario
from storage.rules import aware
from storage.settings import WorkspaceSettings

__all__ = ["FORMAT", "FORMAT_VERSION", "ExportDocument", "export_json", "import_document"]

FORMAT = "ftroi-export"
# Raise when a field is renamed or its meaning changes, or one is added that an older ftroi
# would refuse; old versions keep being read. 2: each scenario's ``decisions``.
FORMAT_VERSION = 2
_BATCH = 500


class ExportDocument(BaseModel):
    """An export, as read back for import."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["ftroi-export"]
    format_version: Literal[1, 2]
    exported_at: AwareDatetime
    team_id: str | None = None
    settings: dict[str, WorkspaceSettings] = Field(default_factory=dict)
    scenarios: list[StoredScenario]


def export_json(store: Store, out: TextIO, *, now: datetime, team_id: str | None = None) -> int:
    """Write the export document to ``out``; return the number of scenarios written."""
    settings = {
        team: value.model_dump(mode="json")
        for team, value in store.export_settings(team_id=team_id).items()
    }
    head = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": aware(now).isoformat(),
        "team_id": team_id,
        "settings": settings,
    }
    out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "scenarios": [')
    count, after = 0, None
    while batch := store.export_scenarios(team_id=team_id, after_id=after, limit=_BATCH):
        for scenario in batch:
            out.write(("\n" if count == 0 else ",\n") + scenario.model_dump_json())
            count += 1
        after = batch[-1].id
    out.write("\n]}\n")
    return count


def import_document(
    store: Store, document: str | bytes | Mapping[str, Any], *, now: datetime
) -> ImportReport:
    """Import an export (its text, or the parsed JSON); ``TransferError`` says what is wrong.

    Then the database re-reads its tables' statistics (``Store.refresh_statistics``): a
    bulk load is when a query planner's picture of them goes most out of date."""
    data = _parse(document)
    version = data.get("format_version")
    if data.get("format") != FORMAT:
        raise TransferError(
            f"not an ftroi export: its 'format' is {data.get('format')!r}, expected {FORMAT!r}"
        )
    if not isinstance(version, int) or isinstance(version, bool) or version > FORMAT_VERSION:
        raise TransferError(
            f"this export has format_version {version!r}; this ftroi reads up to "
            f"{FORMAT_VERSION} — import it with a newer ftroi"
        )
    try:
        parsed = ExportDocument.model_validate(data)
    except ValidationError as e:
        problems = describe_validation_error(e)
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise TransferError("the export is not valid: " + "; ".join(problems[:5]) + more) from e
    report = store.import_scenarios(parsed.scenarios)
    for team, settings in parsed.settings.items():
        store.save_settings(team, settings, now=now)
    if report.scenarios_added or report.versions_added or report.decisions_added:
        store.refresh_statistics()
    return report.model_copy(update={"settings_saved": len(parsed.settings)})


def _parse(document: str | bytes | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(document, Mapping):
        return document
    try:
        data = json.loads(document)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise TransferError(f"the export is not JSON: {e}") from e
    if not isinstance(data, dict):
        raise TransferError("the export is not a JSON object")
    return data
