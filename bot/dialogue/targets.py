"""What "change X" names: a field by its label, path or cue word, or a step by its id,
title or number. Typed at any step, it jumps there; accepting that step comes back.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.dialogue.parse import FieldSpec, ParseError
from bot.dialogue.parse_text import clean, quote
from bot.dialogue.steps import NAME, STEPS

__all__ = ["find_target"]


def find_target(target: str) -> tuple[str, FieldSpec | None] | str:
    """What "change X" names: (step id, field or None for the whole step), or a message
    quoting ``X`` with what is accepted.

    >>> find_target("requests/day")[1].path, find_target("GPU")[0], find_target("3")
    ('workload.requests_per_day', 'serving', ('serving', None))
    >>> print(find_target("in"))
    'in' could be input tokens/request or API input price; say which
    """
    try:
        wanted = clean(target)
    except ParseError as e:
        return str(e)
    fields = [(s.id, f) for s in STEPS for f in s.fields]
    tests: tuple[Callable[[FieldSpec], bool], ...] = (
        lambda f: wanted == f.path or _owns(f, wanted),
        lambda f: wanted == f.label.lower(),
        lambda f: wanted == f.path.rpartition(".")[2],
        lambda f: wanted in f.cues,
        lambda f: wanted in f.label.lower(),
    )
    for s in STEPS:
        if wanted in (s.id, s.title.lower(), str(STEPS.index(s) + 1)) or (
            s.id == NAME and wanted in ("name", "the name")
        ):
            return s.id, None
    for test in tests:
        found = [(sid, f) for sid, f in fields if test(f)]
        if len(found) == 1:
            return found[0]
        if found:
            labels = " or ".join(f.label for _, f in found)
            return f"{quote(target)} could be {labels}; say which"
    steps = ", ".join(f"{n} {s.id}" for n, s in enumerate(STEPS, 1))
    return (f"nothing here is called {quote(target)}; change takes a field (e.g. 'change "
            f"requests/day', 'change GPU', 'change review rate fine-tuned') or a step ({steps})")


def _owns(spec: FieldSpec, path: str) -> bool:
    return any(owner == spec.path and owned == path for s in STEPS
               for owned, owner in s.owned.items())
