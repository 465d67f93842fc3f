"""What "change X" names: a field by its label, path, name or one of its words (the
registry's), or a step by its id, title or number. Typed at any step, it jumps there, and the
next bare value goes to that field; accepting that step comes back.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.dialogue.parse import FieldSpec, ParseError, suggest_field
from bot.dialogue.parse.text import clean, quote
from bot.dialogue.steps import NAME, STEPS

__all__ = ["find_target"]


def find_target(target: str) -> tuple[str, FieldSpec | None] | str:
    """What "change X" names: (step id, field or None for the whole step), or a message
    quoting ``X`` with what is accepted (and the nearest fields, for a typo).

    >>> find_target("requests/day")[1].path, find_target("GPU")[0], find_target("3")
    ('workload.requests_per_day', 'serving', ('serving', None))
    >>> print(find_target("in"))
    'in' could be input tokens/request or API input price; say which
    >>> print(find_target("lifetme"))  # doctest: +ELLIPSIS
    nothing here is called 'lifetme'; did you mean 'lifetime'? change takes ...
    """
    try:
        wanted = clean(target)
    except ParseError as e:
        return str(e)
    fields = [(s.id, f) for s in STEPS for f in s.fields]
    tests: tuple[Callable[[FieldSpec], bool], ...] = (
        lambda f: wanted == f.path or wanted in f.owns,
        lambda f: wanted in (f.label.lower(), f.title.lower()),
        lambda f: wanted in (f.name, f.name.replace("_", " "), f.path.rpartition(".")[2]),
        lambda f: wanted in f.synonyms,
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
    near = suggest_field(wanted)
    return (f"nothing here is called {quote(target)}; {near + ' ' if near else ''}change takes "
            f"a field (e.g. 'change requests/day', 'change GPU', 'change review rate "
            f"fine-tuned') or a step ({steps})")
