"""Putting one answer's readings together: one value per field, lone values placed, tokens a
day mapped, and readings that depend on the rest of the answer settled.

Two different values for one field are asked about, not picked. Values none of which names
its field, as many as the fields left, go in the step's order (and the echo says so); any
other lone value that several fields read is asked about, with an example for each. A
reading with ``settle`` (hours in total, "the same as today") is given the answer's other
values last: hours in total are spread over the phases not typed beside them.

>>> from bot.dialogue.parse.sentence import parse_step_answer
>>> from bot.dialogue.parse.registry import in_step
>>> parse_step_answer("80k, 600, 250", in_step("workload")[:3]).echo[0]
'requests/day: 80,000 (in the order asked)'
>>> parse_step_answer("3%", in_step("quality")).problems[0]
"'3%' could be review rate with the API or review rate fine-tuned; say which, e.g. '3% api', \
'3% fine-tuned'"
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from bot.dialogue.parse.fields import Context, FieldSpec, Reading
from bot.dialogue.parse.text import ParseError, quote
from bot.dialogue.parse.workload import INPUT, OUTPUT, REQUESTS, map_daily_tokens

__all__ = ["Ambiguous", "Found", "Item", "Parsed", "Special", "Step", "Unread", "assemble"]


@dataclass(frozen=True)
class Unread:
    """A fragment that was not understood, and a message quoting it (and why, if known)."""

    text: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Parsed:
    """Values by dotted path, echo lines to confirm them, what could not be read, and what
    the step takes (``hint``: to say once, after the fragments, when any was not read).

    ``values`` also holds what a choice implies unless typed otherwise (a catalog GPU resets
    a typed instance price, throughput and GPUs per instance to ``None``; a catalog API model
    resets typed prices): apply them all to the draft.
    """

    values: dict[str, object] = field(default_factory=dict)
    echo: tuple[str, ...] = ()
    unread: tuple[Unread, ...] = ()
    hint: str = ""

    @property
    def complete(self) -> bool:
        """Something was read and nothing was left over."""
        return bool(self.values) and not self.unread

    @property
    def problems(self) -> tuple[str, ...]:
        """What to tell the person: each fragment not read, then once what the step takes."""
        if not self.unread:
            return ()
        return (*(u.message for u in self.unread), *((self.hint,) if self.hint else ()))


@dataclass(frozen=True)
class Found:
    spec: FieldSpec
    reading: Reading
    text: str


@dataclass(frozen=True)
class Special:
    kind: str  # "daily", "split" or "size"
    text: str
    value: float
    note: str = ""


@dataclass(frozen=True)
class Ambiguous:
    text: str
    options: tuple[Found, ...]


Item = Found | Special | Ambiguous | Unread


@dataclass(frozen=True)
class Step:
    fields: tuple[FieldSpec, ...]
    unset: frozenset[str]
    workload: bool
    focus: str | None
    context: Context


def assemble(items: list[Item], step: Step, hint: str,
             reread: Callable[[str], Item]) -> Parsed:
    """One :class:`Parsed` from the answer's readings; ``reread`` reads a fragment again as
    any value (a request size, when no tokens/day came with it)."""
    taken: dict[str, Found] = {}
    specials = [i for i in items if isinstance(i, Special)]
    if not any(s.kind == "daily" for s in specials):
        for s in specials:  # without tokens/day, a request size is read like any value
            items.append(reread(s.text) if s.kind == "size" else
                         Unread(s.text, f"{quote(s.text)}: an in/out split goes with "
                                        "tokens/day, e.g. '2.5M tokens/day, 70% input'"))
        specials = []
    unread: list[Unread] = [i for i in items if isinstance(i, Unread)]
    for item in items:
        if isinstance(item, Found):
            _take(taken, unread, item)
    waiting = [i for i in items if isinstance(i, Ambiguous)]
    for amb in list(waiting):
        free = [f for f in amb.options if f.spec.path not in taken]
        if len(free) > 1:
            free = [f for f in free if f.spec.path in step.unset] or free
        if len(free) == 1:
            _take(taken, unread, free[0])
            waiting.remove(amb)
    _place_in_order(waiting, step, taken, unread)
    _settle(taken, unread, step.context.current)
    values: dict[str, object] = {}
    echo: list[tuple[int, str]] = []
    order = {f.path: n for n, f in enumerate(step.fields)}
    for path, found in taken.items():
        values.update(found.reading.values)
        echo.extend((order.get(path, len(order)), line)
                    for line in found.reading.echo.split("\n"))
    if specials:
        _map_daily(specials, values, echo, unread, step.context.current, order)
    for found in taken.values():
        for path, value in found.reading.implied.items():
            values.setdefault(path, value)
    return Parsed(values, tuple(line for _, line in sorted(echo, key=lambda e: e[0])),
                  tuple(unread), hint)


def _settle(taken: dict[str, Found], unread: list[Unread],
            current: Mapping[str, object]) -> None:
    """Give each reading that depends on the rest of the answer the answer's other values."""
    plain = {p: v for f in taken.values() if f.reading.settle is None
             for p, v in f.reading.values.items()}
    for path, found in list(taken.items()):
        settle = found.reading.settle
        if settle is None:
            continue
        try:
            taken[path] = Found(found.spec, settle(plain, current), found.text)
        except ParseError as e:
            del taken[path]
            unread.append(Unread(found.text, str(e)))


def _take(taken: dict[str, Found], unread: list[Unread], found: Found) -> None:
    path = found.spec.path
    before = taken.get(path)
    if before is None:
        taken[path] = found
    elif before.reading.values != found.reading.values:
        del taken[path]
        unread.append(Unread(found.text, f"two values for {found.spec.label}: "
                                         f"{quote(before.text)} and {quote(found.text)}; "
                                         "which one?"))


def _place_in_order(waiting: list[Ambiguous], step: Step, taken: dict[str, Found],
                    unread: list[Unread]) -> None:
    """Values none of which names its field, as many as the fields left: in the step's order."""
    left = [f for f in step.fields if f.path not in taken
            and any(f is o.spec for amb in waiting for o in amb.options)]
    if len(waiting) == len(left) > 1:
        placed = []
        for amb, spec in zip(waiting, left, strict=True):
            match = [o for o in amb.options if o.spec is spec]
            if not match:
                break
            r = match[0].reading
            placed.append(Found(spec, Reading(r.values, f"{r.echo} (in the order asked)",
                                              r.implied, r.settle), amb.text))
        else:
            for found in placed:
                _take(taken, unread, found)
            return
    for amb in waiting:
        labels = [o.spec.label for o in amb.options]
        hints = ", ".join(f"'{amb.text} {o.spec.synonyms[0]}'" for o in amb.options
                          if o.spec.synonyms)
        unread.append(Unread(amb.text, f"{quote(amb.text)} could be {' or '.join(labels)}; "
                                       f"say which{', e.g. ' + hints if hints else ''}"))


def _map_daily(specials: list[Special], values: dict[str, object], echo: list[tuple[int, str]],
               unread: list[Unread], current: Mapping[str, object], order: dict[str, int]) -> None:
    by_kind: dict[str, list[Special]] = {}
    for s in specials:
        by_kind.setdefault(s.kind, []).append(s)
    for kind, found in by_kind.items():
        if len({s.value for s in found}) > 1:
            quoted = " and ".join(quote(s.text) for s in found)
            unread.append(Unread(found[1].text, f"two {kind} figures: {quoted}; which one?"))
            return
    daily, split, size = (by_kind.get(k, [None])[0] for k in ("daily", "split", "size"))
    assert daily is not None
    try:
        mapped = map_daily_tokens(daily.value, split=split.value if split else None,
                                  size=size.value if size else None, typed=values,
                                  current=current, note=daily.note)
    except ParseError as e:
        unread.append(Unread(daily.text, f"{quote(daily.text)}: {e}"))
        return
    workload = (order.get(REQUESTS, 0), order.get(INPUT, 1), order.get(OUTPUT, 2))
    echo[:] = [(n, line) for n, line in echo if n not in workload]
    values.update(mapped.values)
    echo.extend(zip(workload, mapped.echo, strict=True))
