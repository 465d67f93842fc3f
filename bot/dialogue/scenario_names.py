"""Saved scenarios' names as people type them: the closest names when one matches nothing.

Shared by the terminal and Slack, which both answer a name that matches nothing with the
workspace's closest names. Names compare as storage compares them (``name_key``: ignoring
case and extra spaces).

>>> close_matches("suport bot", ["Support bot", "Code review", "Support bot (what if x2)"])
['Support bot']
>>> close_matches("SUPPORT", ["Support bot", "Code review", "Support bot (what if x2)"])
['Support bot', 'Support bot (what if x2)']
"""

from __future__ import annotations

import difflib

from storage.rules import name_key

__all__ = ["close_matches"]


def close_matches(text: str, names: list[str], *, limit: int = 3) -> list[str]:
    """Names that contain ``text`` or look like it, closest first (ignoring case)."""
    wanted = name_key(text)
    keys = {name_key(n): n for n in names}
    near = difflib.get_close_matches(wanted, list(keys), n=limit, cutoff=0.6)
    within = [k for k in keys if wanted and wanted in k and k not in near]
    return [keys[k] for k in [*near, *within][:limit]]
