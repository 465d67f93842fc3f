"""Names of the chart files the terminal writes, from scenario names (no chart library:
``ftroi compare`` names its file before it draws anything)."""

from __future__ import annotations

import re

__all__ = ["slug"]


def slug(name: str) -> str:
    """A file-name-safe form of a scenario name.

    >>> slug("gpt-4o vs 7B LoRA on A10G"), slug("Ünïcode!"), slug("???")
    ('gpt-4o-vs-7b-lora-on-a10g', 'n-code', 'scenario')
    """
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:80] or "scenario"
