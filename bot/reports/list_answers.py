"""The answer ``ftroi list`` shows of each scenario — the verdict line of its result card and
its best option's lifetime cost — kept beside the version it is of, so a page of scenarios
already analysed needs no analysis (nor the engine's analysis modules and NumPy loaded).

An answer is kept when the intake that saves a version analyses it (:func:`keep`, from
:mod:`bot.dialogue.session`, the terminal's and Slack's alike), else analysed by the first
list that shows the version (a scenario imported, or saved by an older ftroi), and kept
(``Store.save_version_summaries``) under a *basis*: a digest of every file of the engine
(its code and its catalogs), of the report module that words the verdict, of this module,
and of the versions of Python and of the libraries the figures depend on. Any change to
those is another basis, under which nothing is kept yet, so every answer shown is the one
an analysis by this code would give now. A version without a price date of its own is
priced at today's date: its answer holds for the day it was analysed on only. What cannot
be analysed is never kept, and is said each time.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import os
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine.analysis import Analysis
    from engine.models import Scenario
    from storage import ScenarioSummary, Store
    from storage.records import ScenarioRecord

__all__ = ["FORMAT", "answers", "basis", "keep"]

#: Changed when what is kept of an answer changes.
FORMAT = "list-answer 1"
_ROOT = Path(__file__).resolve().parents[2]
#: The figures' code and data: the engine, and what words its verdict for the list.
_SOURCES = (_ROOT / "engine", _ROOT / "bot" / "reports" / "card.py", Path(__file__).resolve())
#: Libraries the engine computes with, by their installed version.
_LIBRARIES = ("numpy", "genai_prices", "pydantic", "pydantic_core")


def _files(source: Path) -> list[Path]:
    if source.is_file():
        return [source]
    return sorted(p for p in source.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def _installed(name: str) -> str:
    """The library's installed distribution (its ``*.dist-info`` folder names its version),
    else its files' sizes and times; found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        return f"{name}: absent"
    package = Path(spec.origin).parent
    prefix = name.replace("-", "_").lower() + "-"
    infos = sorted(n for n in os.listdir(package.parent)
                   if n.lower().startswith(prefix) and n.endswith(".dist-info"))
    if infos:
        return f"{name}: {' '.join(infos)}"
    stats = [(str(p.relative_to(package)), p.stat().st_size, p.stat().st_mtime_ns)
             for p in _files(package)]
    return f"{name}: {stats}"


@functools.cache
def basis() -> str:
    """This code's name for the answers it computes (a few milliseconds: ~50 files read)."""
    digest = hashlib.sha256(f"{FORMAT}\n{sys.version}\n".encode())
    for library in _LIBRARIES:
        digest.update(_installed(library).encode() + b"\n")
    for source in _SOURCES:
        for path in _files(source):
            digest.update(str(path.relative_to(_ROOT)).encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return f"{FORMAT}: {digest.hexdigest()[:40]}"


def _line(kept: dict[str, Any]) -> str:
    from engine.figures import usd

    return f"{kept['verdict']}; {usd(kept['lifetime_usd'])} over the lifetime"


def _analyse(record: ScenarioRecord, today: date) -> Analysis:
    """The version's analysis at its own price date (``today`` only when it has none)."""
    from engine.analysis import analyse

    return analyse(record.inputs, at=record.inputs.api.priced_at or today)


def _kept(inputs: Scenario, a: Analysis) -> dict[str, Any]:
    """What is kept of a version's analysis: its verdict, its best option's lifetime cost,
    and whether (and when) it holds for one day only."""
    from bot.reports.card import verdict

    return {"verdict": verdict(a)[0], "lifetime_usd": a.decision.best_option.lifetime_usd,
            "by_day": inputs.api.priced_at is None, "at": a.priced_at.isoformat()}


def keep(store: Store, team_id: str, record: ScenarioRecord, a: Analysis, *,
         now: datetime) -> None:
    """Keep the answer of a version just saved and analysed (``a`` of ``record``'s inputs),
    so the list that shows it next analyses nothing. A database that will not take it
    loses nothing: the list works the answer out."""
    from storage.errors import StorageError

    with contextlib.suppress(StorageError):
        store.save_version_summaries(team_id, {(record.id, record.latest_version):
                                               _kept(record.inputs, a)}, basis=basis(), now=now)


def _analysed(store: Store, team_id: str, summary: ScenarioSummary, today: date
              ) -> tuple[str, dict[str, Any] | None]:
    """The answer of the version listed (by its number: a version saved since is another
    one), and what to keep of it; nothing to keep when it cannot be analysed."""
    from pydantic import ValidationError

    from engine.errors import EngineError
    from storage.errors import StorageError, StoredDataError

    try:
        record = store.get_scenario(team_id, summary.id, version=summary.latest_version)
        a = _analyse(record, today)
    except StoredDataError as e:
        return f"unreadable: {e}", None
    except (EngineError, StorageError, ValidationError) as e:
        return f"cannot be analysed: {e}", None
    kept = _kept(record.inputs, a)
    return _line(kept), kept


def answers(store: Store, team_id: str, summaries: list[ScenarioSummary], *,
            today: date | None = None) -> dict[str, str]:
    """Each listed scenario's answer by id: kept ones as kept, the others analysed (and kept
    for next time, where the database takes them)."""
    from storage.errors import StorageError

    today = today or date.today()
    wanted = [(s.id, s.latest_version) for s in summaries]
    kept = store.version_summaries(team_id, wanted, basis=basis()) if wanted else {}
    out: dict[str, str] = {}
    fresh: dict[tuple[str, int], dict[str, Any]] = {}
    for s, key in zip(summaries, wanted, strict=True):
        found = kept.get(key)
        if found is not None and (not found["by_day"] or found["at"] == today.isoformat()):
            out[s.id] = _line(found)
            continue
        out[s.id], answer = _analysed(store, team_id, s, today)
        if answer is not None:
            fresh[key] = answer
    if fresh:
        # A database this process may only read keeps nothing: the answers are shown anyway.
        with contextlib.suppress(StorageError):
            store.save_version_summaries(team_id, fresh, basis=basis(), now=datetime.now(UTC))
    return out
