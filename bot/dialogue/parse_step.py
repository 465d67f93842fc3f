"""Several values in one typed answer to a step: "80k requests a day, 600 in and 250 out".

The answer is cut into clauses (commas that are not thousands separators, ``;``, ``and``,
new lines, sentence ends). Each clause is tied to a field by the field's cue words; without
a cue, by the only field whose parser reads it; among several, by the only one not yet set
(``unset``), then by the order the step asks them in (the echo says "in the order asked").
A number with a ``b`` suffix ("70b", "13 B") is the fine-tuned model's size wherever that
field reads it. A clause that reads as nothing whole is cut around the GPU it names, with
its memory size and the words that lead to it ("13b lora | served on 2x a100 40gb"), then
before each number ("600 in 250 out") and around fixed words ("2x a10g spot"). The
"this step takes …" hint lists the first fields only and points to 'help' for the rest.
Tokens/day with a split or a request size is mapped by
:mod:`bot.dialogue.parse_workload`. Whatever is not understood comes back in
``Parsed.unread``, quoted, with what is accepted: nothing is dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field

from bot.dialogue.parse_clauses import (
    cut_before_numbers,
    find_fixed_word,
    find_gpu,
    has_word,
    split_clauses,
    without_words,
)
from bot.dialogue.parse_fields import FieldSpec, Reading, example, read_field
from bot.dialogue.parse_text import MAX_CHARS, ParseError, clean, quote
from bot.dialogue.parse_workload import (
    INPUT,
    OUTPUT,
    REQUESTS,
    map_daily_tokens,
    read_daily_tokens,
    read_request_size,
    read_split,
)

__all__ = ["Parsed", "Unread", "parse_step_answer"]


@dataclass(frozen=True)
class Unread:
    """A fragment that was not understood, and a message quoting it with what is accepted."""

    text: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Parsed:
    """Values by dotted path, echo lines to confirm them, and what could not be read.

    ``values`` also holds what a choice implies unless typed otherwise (a catalog GPU resets
    a typed instance price, throughput and GPUs per instance to ``None``; a catalog API model
    resets typed prices): apply them all to the draft.
    """

    values: dict[str, object] = field(default_factory=dict)
    echo: tuple[str, ...] = ()
    unread: tuple[Unread, ...] = ()

    @property
    def complete(self) -> bool:
        """Something was read and nothing was left over."""
        return bool(self.values) and not self.unread


@dataclass(frozen=True)
class _Found:
    spec: FieldSpec
    reading: Reading
    text: str


@dataclass(frozen=True)
class _Special:
    kind: str  # "daily", "split" or "size"
    text: str
    value: float
    note: str = ""


@dataclass(frozen=True)
class _Ambiguous:
    text: str
    options: tuple[_Found, ...]


_Item = _Found | _Special | _Ambiguous | Unread


@dataclass(frozen=True)
class _Step:
    fields: tuple[FieldSpec, ...]
    unset: frozenset[str]
    workload: bool


def parse_step_answer(
    text: str,
    fields: Iterable[FieldSpec],
    *,
    unset: Collection[str] | None = None,
    current: Mapping[str, object] | None = None,
) -> Parsed:
    """Read every value ``text`` gives for the step's ``fields``.

    ``unset``: paths with no value yet (default: all), to place a lone value. ``current``:
    the draft's values, used to map tokens/day onto the current request size.

    >>> from bot.dialogue.parse_fields import FieldSpec as F
    >>> step = [F("workload.requests_per_day", "requests/day", "count", "requests/day",
    ...           ("requests",)),
    ...         F("workload.avg_input_tokens_per_request", "input tokens/request", "count",
    ...           "tokens/request", ("in", "input")),
    ...         F("workload.avg_output_tokens_per_request", "output tokens/request", "count",
    ...           "tokens/request", ("out", "output"))]
    >>> parse_step_answer("80k requests a day, 600 in and 250 out", step).echo
    ('requests/day: 80,000', 'input tokens/request: 600', 'output tokens/request: 250')
    """
    specs = tuple(fields)
    paths = {f.path for f in specs}
    step = _Step(specs, frozenset(paths if unset is None else unset),
                 {REQUESTS, INPUT, OUTPUT} <= paths)
    if len(text) > MAX_CHARS:
        return Parsed(unread=(Unread(text, f"{quote(text)} is too long; answer in at most "
                                           f"{MAX_CHARS:,} characters"),))
    items = [item for clause in split_clauses(text) for item in _read_clause(clause, step, 0)]
    if not items:
        return Parsed(unread=(Unread(text, f"nothing to read in {quote(text)}; "
                                           f"{_accepted(specs)}"),))
    return _assemble(items, step, current or {})


def _assemble(items: list[_Item], step: _Step, current: Mapping[str, object]) -> Parsed:
    taken: dict[str, _Found] = {}
    specials = [i for i in items if isinstance(i, _Special)]
    if not any(s.kind == "daily" for s in specials):
        for s in specials:  # without tokens/day, a request size is read like any value
            items.append(_read_piece(s.text, step, allow_size=False) if s.kind == "size" else
                         Unread(s.text, f"{quote(s.text)}: an in/out split goes with "
                                        "tokens/day, e.g. '2.5M tokens/day, 70% input'"))
        specials = []
    unread: list[Unread] = [i for i in items if isinstance(i, Unread)]
    for item in items:
        if isinstance(item, _Found):
            _take(taken, unread, item)
    waiting = [i for i in items if isinstance(i, _Ambiguous)]
    for amb in list(waiting):
        free = [f for f in amb.options if f.spec.path not in taken]
        if len(free) > 1:
            free = [f for f in free if f.spec.path in step.unset] or free
        if len(free) == 1:
            _take(taken, unread, free[0])
            waiting.remove(amb)
    _place_in_order(waiting, step, taken, unread)
    values: dict[str, object] = {}
    echo: list[tuple[int, str]] = []
    order = {f.path: n for n, f in enumerate(step.fields)}
    for path, found in taken.items():
        values.update(found.reading.values)
        echo.append((order.get(path, len(order)), found.reading.echo))
    if specials:
        _map_daily(specials, values, echo, unread, current, order)
    for found in taken.values():
        for path, value in found.reading.implied.items():
            values.setdefault(path, value)
    return Parsed(values, tuple(line for _, line in sorted(echo, key=lambda e: e[0])),
                  tuple(unread))


def _take(taken: dict[str, _Found], unread: list[Unread], found: _Found) -> None:
    path = found.spec.path
    before = taken.get(path)
    if before is None:
        taken[path] = found
    elif before.reading.values != found.reading.values:
        del taken[path]
        unread.append(Unread(found.text, f"two values for {found.spec.label}: "
                                         f"{quote(before.text)} and {quote(found.text)}; "
                                         "which one?"))


def _place_in_order(waiting: list[_Ambiguous], step: _Step, taken: dict[str, _Found],
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
            placed.append(_Found(spec, Reading(r.values, f"{r.echo} (in the order asked)",
                                               r.implied), amb.text))
        else:
            for found in placed:
                _take(taken, unread, found)
            return
    for amb in waiting:
        labels = [o.spec.label for o in amb.options]
        hints = ", ".join(f"'{amb.text} {o.spec.cues[0]}'" for o in amb.options if o.spec.cues)
        unread.append(Unread(amb.text, f"{quote(amb.text)} could be {' or '.join(labels)}; "
                                       f"say which{', e.g. ' + hints if hints else ''}"))


def _map_daily(specials: list[_Special], values: dict[str, object], echo: list[tuple[int, str]],
               unread: list[Unread], current: Mapping[str, object], order: dict[str, int]) -> None:
    by_kind: dict[str, list[_Special]] = {}
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


def _read_clause(clause: str, step: _Step, depth: int) -> list[_Item]:
    item = _read_piece(clause, step)
    if not isinstance(item, Unread) or depth >= 3:
        return [item]
    gpu = find_gpu(clause, step.fields)
    if gpu is not None:
        spec, before, named, after = gpu
        return [*(_read_clause(before, step, depth + 1) if before else []),
                _read_gpu(named, spec),
                *(_read_clause(after, step, depth + 1) if after else [])]
    parts = cut_before_numbers(clause)
    if len(parts) > 1:
        items = [x for part in parts for x in _read_clause(part, step, depth + 1)]
        if any(not isinstance(x, Unread) for x in items):
            return items
    peeled = find_fixed_word(clause, step.fields)
    if peeled is not None:
        spec, word, rest = peeled
        found = _Found(spec, read_field(word, spec), word)
        return [found, *(_read_clause(rest, step, depth + 1) if rest else [])]
    return [item]


def _read_gpu(named: str, spec: FieldSpec) -> _Item:
    try:
        return _Found(spec, read_field(without_words(clean(named), spec.cues), spec), named)
    except ParseError as e:
        return Unread(named, str(e))


def _read_piece(piece: str, step: _Step, *, allow_size: bool = True) -> _Item:
    if step.workload:
        daily = read_daily_tokens(piece)
        if daily is not None:
            return _Special("daily", piece, *daily)
        split = read_split(piece)
        if split is not None:
            return _Special("split", piece, split)
        size = read_request_size(piece) if allow_size else None
        if size is not None:
            return _Special("size", piece, size)
    try:
        lowered = clean(piece)
    except ParseError as e:
        return Unread(piece, str(e))
    cued = [f for f in step.fields if any(has_word(lowered, cue) for cue in f.cues)]
    errors: list[str] = []
    if cued:
        ok, errors = _try(piece, lowered, cued)
        if ok:
            return _one_or_ambiguous(piece, lowered, ok)
    found, others = _try(piece, lowered, [f for f in step.fields if f not in cued])
    if found:
        return _one_or_ambiguous(piece, lowered, found)
    if errors:
        return Unread(piece, errors[0])
    if len(step.fields) == 1 and others:
        return Unread(piece, others[0])
    return Unread(piece, f"could not read {quote(piece)}; {_accepted(step.fields)}")


_BILLIONS = re.compile(r"(?<![0-9.,$])[0-9]+(?:\.[0-9]+)? ?(?:b|bn|billion)(?![a-z0-9])")
"""A size in billions of parameters: "70b", "13B", "70 b", "7 billion"."""


def _one_or_ambiguous(piece: str, lowered: str, found: list[_Found]) -> _Found | _Ambiguous:
    """One reading, or several to ask about. A number with a ``b`` (billions) suffix is the
    fine-tuned model's size when that field reads it: "70b" is not 70 billion instances."""
    if len(found) > 1 and _BILLIONS.search(lowered):
        sized = [f for f in found if f.spec.kind == "ft_model"]
        if len(sized) == 1:
            return sized[0]
    return found[0] if len(found) == 1 else _Ambiguous(piece, tuple(found))


def _try(piece: str, lowered: str, specs: list[FieldSpec]) -> tuple[list[_Found], list[str]]:
    ok: list[_Found] = []
    errors: list[str] = []
    for spec in specs:
        try:
            ok.append(_Found(spec, read_field(piece, spec), piece))
            continue
        except ParseError as e:
            errors.append(str(e))
        bare = without_words(lowered, spec.cues)
        if bare and bare != lowered:
            with suppress(ParseError):
                ok.append(_Found(spec, read_field(bare, spec), piece))
    return ok, errors


_ACCEPTED_FIELDS = 6
"""At most this many fields are listed in "this step takes …"; 'help' lists them all."""
_ACCEPTED_CHARS = 300
"""And that message stays within this many characters, whatever the step."""
_MORE = "…, or type 'help' for all of them"


def _accepted(specs: Iterable[FieldSpec]) -> str:
    """What the step takes, with an example each: the first fields, as many as fit."""
    listed = [f"{f.label} (e.g. {example(f)})" for f in specs]
    head = "this step takes "
    if len(listed) <= _ACCEPTED_FIELDS and len(head + "; ".join(listed)) <= _ACCEPTED_CHARS:
        return head + "; ".join(listed)
    shown: list[str] = []
    for item in listed[:_ACCEPTED_FIELDS]:
        if len(head + "; ".join([*shown, item]) + "; " + _MORE) > _ACCEPTED_CHARS:
            break
        shown.append(item)
    if not shown:
        return "type 'help' for what this step takes"
    return head + "; ".join(shown) + "; " + _MORE
