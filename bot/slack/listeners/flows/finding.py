"""Finding saved scenarios from what people type: a name (any case, extra spaces) or an id.

Names have spaces ("gpt-4o vs 7B LoRA on A10G"), and ``/ftroi compare a b`` runs them
together, so a line of several names is split where the pieces are names of the workspace:
quoted names ("…" or “…”) are taken as quoted; names separated by commas ("A, B") are
taken at the commas when every piece is a name (a name may hold a comma itself); otherwise
the words are grouped into existing names, longest first. Everything here is synchronous
(run it with ``AsyncStore.run``) and only ever sees the request's workspace.

>>> words("compare “Support bot” 'Code review' x")
['compare', 'Support bot', 'Code review', 'x']
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable

from bot.dialogue.scenario_names import close_matches
from bot.slack.listeners.flows.problems import Refusal
from storage import NotFoundError, ScenarioRecord, ScenarioSummary, Store
from storage.rules import MAX_NAME_LENGTH, name_key

__all__ = ["find", "find_many", "find_prefix", "quoted", "scenario_names", "words"]

_ID = re.compile(r"^[0-9a-f]{16}$")
_SCAN = 1_000  # names looked through for matches and suggestions
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def quoted(text: str) -> bool:
    return any(q in text for q in "\"“”'‘’")


def words(text: str) -> list[str]:
    """``text`` split at spaces, keeping quoted names whole (smart quotes too)."""
    try:
        return shlex.split(text.translate(_QUOTES))
    except ValueError:  # an unbalanced quote: plain words
        return text.split()


def scenario_names(store: Store, team: str) -> list[ScenarioSummary]:
    """The workspace's live scenarios, newest first (up to a thousand)."""
    found: list[ScenarioSummary] = []
    cursor: str | None = None
    while len(found) < _SCAN:
        page = store.list_scenarios(team, limit=100, cursor=cursor)
        found += page.items
        cursor = page.next_cursor
        if cursor is None:
            break
    return found


def _lookup(summaries: list[ScenarioSummary]) -> Callable[[str], ScenarioSummary | None]:
    by_key = {name_key(s.name): s for s in reversed(summaries)}
    by_id = {s.id: s for s in summaries}

    def look(text: str) -> ScenarioSummary | None:
        text = text.strip()
        if not text or len(text) > MAX_NAME_LENGTH:
            return None
        return by_key.get(name_key(text)) or by_id.get(text.lower())
    return look


def _not_found(text: str, summaries: list[ScenarioSummary], topic: str | None) -> Refusal:
    hint = close_matches(text, [s.name for s in summaries])
    near = " or ".join(f"“{h}”" for h in hint)
    return Refusal(f"There is no scenario called “{text}” in this workspace"
                   + (f"; did you mean {near}?" if near else " (`/ftroi list` shows them all).")
                   , help_topic=topic)


def find(store: Store, team: str, text: str, *, topic: str | None = None) -> ScenarioRecord:
    """The live scenario named ``text`` or with that id, at its latest version."""
    text = text.strip()
    if 0 < len(text) <= MAX_NAME_LENGTH and text.isprintable():
        try:
            return store.find_scenario(team, text)
        except NotFoundError:
            pass
    if _ID.match(text.lower()):
        try:
            return store.get_scenario(team, text.lower())
        except NotFoundError:
            pass
    raise _not_found(text, scenario_names(store, team), topic)


def _groups(parts: list[str], look: Callable[[str], ScenarioSummary | None], most: int
            ) -> list[ScenarioSummary] | None:
    """``parts`` grouped into at most ``most`` consecutive names, longest names first."""
    if not parts:
        return []
    if most == 0:
        return None
    for end in range(len(parts), 0, -1):
        first = look(" ".join(parts[:end]))
        if first is None:
            continue
        rest = _groups(parts[end:], look, most - 1)
        if rest is not None:
            return [first, *rest]
    return None


def find_many(store: Store, team: str, text: str, *, least: int, most: int,
              topic: str) -> list[ScenarioRecord]:
    """``least``–``most`` scenarios named in one line (quoted, or grouped into names)."""
    summaries = scenario_names(store, team)
    look = _lookup(summaries)
    parts = words(text)
    by_comma = [look(piece) for piece in text.split(",") if piece.strip()]
    chosen: list[ScenarioSummary]
    if not quoted(text) and len(by_comma) > 1 and all(by_comma):
        chosen = [s for s in by_comma if s is not None]
    elif quoted(text):
        found = [look(p) for p in parts]
        missing = next((p for p, f in zip(parts, found, strict=True) if f is None), None)
        if missing is not None:
            raise _not_found(missing, summaries, topic)
        chosen = [f for f in found if f is not None]
    else:
        parts = [p.strip(",") for p in parts if p.strip(",")]
        grouped = _groups(parts, look, most)
        if grouped is None:
            unknown = next((p for p in parts if look(p) is None), text)
            raise _not_found(unknown, summaries, topic)
        chosen = grouped
    if not least <= len(chosen) <= most:
        raise Refusal(f"That names {len(chosen)} scenario(s); give {least} to {most}. Quote "
                      "names with spaces: \"Support bot\" \"Support bot H100\".",
                      help_topic=topic)
    return [store.get_scenario(team, s.id) for s in chosen]


_LEADING = re.compile(r"^\s*[\"“‘']([^\"”’']+)[\"”’']\s*(.*)$", re.DOTALL)


def find_prefix(store: Store, team: str, text: str, *, topic: str
                ) -> tuple[ScenarioRecord, str]:
    """A scenario named at the start of ``text`` (quoted, or the longest name that fits),
    and the rest of the text, which must not be empty."""
    summaries = scenario_names(store, team)
    look = _lookup(summaries)
    leading = _LEADING.match(text)
    found: ScenarioSummary | None = None
    if leading:
        name, rest = leading[1], leading[2]
        found = look(name)
        if found is None:
            raise _not_found(name, summaries, topic)
    else:
        parts = text.split()
        for end in range(len(parts) - 1, 0, -1):
            found = look(" ".join(parts[:end]))
            if found is not None:
                rest = " ".join(parts[end:])
                break
        if found is None:
            raise _not_found(parts[0] if parts else text, summaries, topic)
    if not rest.strip():
        raise Refusal("Say what comes after the scenario's name.", help_topic=topic)
    return store.get_scenario(team, found.id), rest.strip()
