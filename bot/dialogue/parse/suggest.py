""""Did you mean …?": the nearest names to a typo, never taken in its place.

A name that is not known is refused; the refusal may add the closest known names, so the
person can retype one. Nothing is picked for them.

>>> did_you_mean("gtp-4o", ["gpt-4o", "gpt-4o-mini", "claude-3-haiku"])
"did you mean 'gpt-4o'?"
>>> did_you_mean("bananas", ["gpt-4o"])
''
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["close_names", "did_you_mean"]


def close_names(typed: str, known: Iterable[str], *, n: int = 3,
                cutoff: float = 0.75) -> list[str]:
    """Up to ``n`` known names close to ``typed`` (case and spacing ignored), best first."""
    by_key: dict[str, str] = {}
    for name in known:
        by_key.setdefault(_key(name), name)
    matches = difflib.get_close_matches(_key(typed), list(by_key), n=n, cutoff=cutoff)
    return [by_key[m] for m in matches]


def did_you_mean(typed: str, known: Iterable[str], *, n: int = 3,
                 cutoff: float = 0.75) -> str:
    """``"did you mean 'x'?"`` for the known names close to ``typed``; ``""`` for none."""
    found = close_names(typed, known, n=n, cutoff=cutoff)
    if not found:
        return ""
    return "did you mean " + " or ".join(f"'{name}'" for name in found) + "?"


def _key(name: str) -> str:
    return " ".join(name.lower().replace("_", " ").split())
