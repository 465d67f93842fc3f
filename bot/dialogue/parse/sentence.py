"""Several values in one typed answer to a step: "80k requests a day, 600 in and 250 out".

The answer is cut into clauses (commas that are not thousands separators, ``;``, ``and``,
new lines, sentence ends). Each clause is tied to a field by the field's synonyms; without
one, by the only field whose parser reads it — never a field that must be named
(``needs_cue``: a bare "6 weeks" is not a model lifetime) unless it is the field ``change``
pointed at (``focus``), which a bare value goes to first. Among several, a value that names
its own kind wins ("70b" is the model's size, not 70 billion instances), then the only one
not yet set (``unset``), then the order the step asks them in (the echo says "in the order
asked"). A clause that reads as nothing whole is cut around a value it names among other
words (a GPU with its memory size and the words that lead to it: "13b lora | served on 2x
a100 40gb"), then before each number ("600 in 250 out") and around fixed words ("2x a10g
spot"). Tokens/day with a split or a request size is mapped by
:mod:`bot.dialogue.parse.workload`; readings that depend on the rest of the answer (hours in
total, "the same as today") are settled last (:mod:`bot.dialogue.parse.assemble`).

A field's ``topic`` words ("review", "of answers") are dropped from its value once its own
words have tied the value to it; its ``presumed`` words tie a value to it by a presumption
the echo states ("we review 3%": today's review rate, the API's).

Whatever is not understood comes back in ``Parsed.unread``, each fragment quoted once, and
what the step takes is said once, in ``Parsed.hint``: nothing is dropped silently. A
fragment is refused for what it is: an amount with no figure ("a few hundred") as that; a
length of time only fields that must be named would take ("for 6 weeks") naming them; a
model's name only when it looks like one.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace

from bot.dialogue.parse.assemble import (
    Ambiguous,
    Found,
    Item,
    Parsed,
    Special,
    Step,
    Unread,
    assemble,
)
from bot.dialogue.parse.clauses import (
    cut_before_numbers,
    find_fixed_word,
    find_named,
    has_word,
    split_clauses,
    without_words,
)
from bot.dialogue.parse.fields import Context, FieldSpec, Reading, read_field
from bot.dialogue.parse.lazy_pattern import lazy
from bot.dialogue.parse.money import WORKING_HOURS_PER_YEAR
from bot.dialogue.parse.text import MAX_CHARS, ParseError, clean, quote, vague_amount
from bot.dialogue.parse.workload import (
    INPUT,
    OUTPUT,
    REQUESTS,
    read_daily_tokens,
    read_request_size,
    read_split,
)

__all__ = ["Parsed", "Unread", "accepted", "parse_step_answer"]


def parse_step_answer(
    text: str,
    fields: Iterable[FieldSpec],
    *,
    unset: Collection[str] | None = None,
    current: Mapping[str, object] | None = None,
    focus: str | None = None,
    working_hours_per_year: float = WORKING_HOURS_PER_YEAR,
    scope: str = "this step",
    more: str = "type 'help' for all of them",
) -> Parsed:
    """Read every value ``text`` gives for the step's ``fields``.

    ``unset``: paths with no value yet (default: all), to place a lone value. ``current``:
    the draft's values (tokens/day is mapped onto the current request size; "the same as
    today" copies one). ``focus``: the field ``change`` named, which a bare value goes to.
    ``scope`` and ``more`` word the hint: what ``scope`` takes, and where to see the rest.

    >>> from bot.dialogue.parse.registry import in_step
    >>> parse_step_answer("80k requests a day, 600 in and 250 out", in_step("workload")).echo
    ('requests/day: 80,000', 'input tokens/request: 600', 'output tokens/request: 250')
    >>> parse_step_answer("6 weeks", in_step("project"),
    ...                   focus="project.model_lifetime_months").values
    {'project.model_lifetime_months': 1.4}
    """
    specs = tuple(fields)
    paths = {f.path for f in specs}
    context = Context(current=dict(current or {}),
                      working_hours_per_year=working_hours_per_year)
    step = Step(specs, frozenset(paths if unset is None else unset),
                {REQUESTS, INPUT, OUTPUT} <= paths, focus if focus in paths else None, context)
    hint = accepted(specs, scope=scope, more=more)
    if len(text) > MAX_CHARS:
        return Parsed(unread=(Unread(text, f"{quote(text)} is too long; answer in at most "
                                           f"{MAX_CHARS:,} characters"),), hint=hint)
    items = [item for clause in split_clauses(text) for item in _read_clause(clause, step, 0)]
    if not items:
        return Parsed(unread=(Unread(text, f"nothing to read in {quote(text)}"),), hint=hint)
    return assemble(items, step, hint, lambda t: _read_piece(t, step, allow_size=False))


def _read_clause(clause: str, step: Step, depth: int) -> list[Item]:
    item = _read_piece(clause, step)
    if not isinstance(item, Unread) or depth >= 3:
        return [item]
    named = find_named(clause, step.fields)
    if named is not None:
        spec, before, value, after = named
        return [*(_read_clause(before, step, depth + 1) if before else []),
                _read_named(value, spec, step),
                *(_read_clause(after, step, depth + 1) if after else [])]
    parts = cut_before_numbers(clause)
    if len(parts) > 1:
        items = [x for part in parts for x in _read_clause(part, step, depth + 1)]
        if any(not isinstance(x, Unread) for x in items):
            return items
    peeled = find_fixed_word(clause, step.fields)
    if peeled is not None:
        spec, word, rest = peeled
        found = Found(spec, read_field(word, spec, step.context), word)
        return [found, *(_read_clause(rest, step, depth + 1) if rest else [])]
    return [item]


def _read_named(named: str, spec: FieldSpec, step: Step) -> Item:
    try:
        return Found(spec, read_field(without_words(clean(named), spec.words), spec,
                                      step.context), named)
    except ParseError as e:
        return Unread(named, str(e))


def _read_piece(piece: str, step: Step, *, allow_size: bool = True) -> Item:
    if step.workload:
        daily = read_daily_tokens(piece)
        if daily is not None:
            return Special("daily", piece, *daily)
        split = read_split(piece)
        if split is not None:
            return Special("split", piece, split)
        size = read_request_size(piece) if allow_size else None
        if size is not None:
            return Special("size", piece, size)
    try:
        lowered = clean(piece)
    except ParseError as e:
        return Unread(piece, str(e))
    cued = sorted((f for f in step.fields if any(has_word(lowered, c) for c in _cues(f))),
                  key=lambda f: -max(len(c) for c in _cues(f) if has_word(lowered, c)))
    errors: list[str] = []
    if cued:
        ok, errors = _try(piece, lowered, cued, step)
        if ok:
            return _one_or_ambiguous(piece, lowered, ok)
    bare = [f for f in step.fields if f not in cued and (not f.needs_cue or f.path == step.focus)]
    if step.focus is not None:
        focused = [f for f in bare if f.path == step.focus]
        found, _ = _try(piece, lowered, focused, step)
        if found:
            return found[0]
    found, others = _try(piece, lowered, bare, step)
    if found:
        return _one_or_ambiguous(piece, lowered, found)
    if errors:
        return Unread(piece, errors[0])
    naming = [e for f, e in zip(bare, others, strict=True) if f.kind.names_itself(lowered)]

    if len(step.fields) == 1 and others:
        return Unread(piece, others[0])
    if len(naming) == 1:  # a name of the field's kind, not known: "unknown GPU 'h10O'; …"
        return Unread(piece, naming[0])
    vague = vague_amount(piece)
    if vague:  # "a few hundred": no figure, whichever field it was for
        which = "" if vague.lower() == lowered else f"{quote(piece)}: "
        return Unread(piece, f"{which}{quote(vague)} is not a number; give the figure itself")
    unnamed = _needs_naming(piece, lowered, [f for f in step.fields if f not in bare], step)
    if unnamed:
        return Unread(piece, unnamed)
    return Unread(piece, f"could not read {quote(piece)}")


_SPAN_LEAD = lazy(r"^(?:for|over|during|after|within|in) ")
"""Words that lead to a length of time without saying what lasts it ("for 6 weeks")."""


def _needs_naming(piece: str, lowered: str, cue_fields: list[FieldSpec],
                  step: Step) -> str | None:
    """When ``piece`` reads as a value only for fields that must be named (``needs_cue``: a
    lifetime, hours in total), the refusal that says so and names each; else ``None``.
    "for 6 weeks" is not taken as a model lifetime, nor reported as an unknown model."""
    needing = [f for f in cue_fields if f.needs_cue]
    core = _SPAN_LEAD.sub("", lowered)
    for spec in needing:
        for typed in dict.fromkeys((lowered, core)):
            try:
                read_field(typed, spec, step.context)
            except ParseError:
                continue
            which = "; ".join(f"{f.label} (e.g. {f.example})" for f in needing)
            return f"{quote(piece)} does not say what it is for; say which: {which}"
    return None


def _one_or_ambiguous(piece: str, lowered: str, found: list[Found]) -> Found | Ambiguous:
    """One reading, or several to ask about. A value that names its own kind wins: "70b" is
    the fine-tuned model's size, not 70 billion instances."""
    if len(found) > 1:
        naming = [f for f in found if f.spec.kind.names_itself(lowered)]
        if len(naming) == 1:
            return naming[0]
    return found[0] if len(found) == 1 else Ambiguous(piece, tuple(found))


def _try(piece: str, lowered: str, specs: list[FieldSpec],
         step: Step) -> tuple[list[Found], list[str]]:
    """The fields that read ``piece`` (as typed, or without their own words), and one
    refusal per field that does not: the one of its value without its words, when that was
    tried ("'150%' is outside 0–100%", not "could not read '150% api'")."""
    ok: list[Found] = []
    errors: list[str] = []
    for spec in specs:
        try:
            ok.append(Found(spec, read_field(piece, spec, step.context), piece))
            continue
        except ParseError as e:
            error = str(e)
        bare = without_words(lowered, spec.words)
        if bare and bare != lowered:
            try:
                reading = read_field(bare, spec, step.context)
                ok.append(Found(spec, _presumed(reading, spec, lowered), piece))
                continue
            except ParseError as e:
                error = f"{quote(piece)}: {e}"
        errors.append(error)
    return ok, errors


def _cues(spec: FieldSpec) -> tuple[str, ...]:
    """The words that tie a value in a clause to ``spec``: its synonyms, and the words it is
    presumed from (its topic's words do not: "review" is about either review rate)."""
    return (*spec.synonyms, *spec.presumed)


def _presumed(reading: Reading, spec: FieldSpec, lowered: str) -> Reading:
    """The reading, saying what was presumed when only a presumption tied it to ``spec``
    ("we review 3%": "review rate with the API: 3% (what you review today, …)")."""
    if not spec.presumed_echo or any(has_word(lowered, c) for c in spec.synonyms) \
            or not any(has_word(lowered, c) for c in spec.presumed):
        return reading
    first, newline, rest = reading.echo.partition("\n")
    return replace(reading, echo=f"{first} ({spec.presumed_echo}){newline}{rest}")


_ACCEPTED_FIELDS = 6
"""At most this many fields are listed in "this step takes …"; 'help' lists them all."""
_ACCEPTED_CHARS = 300
"""And that message stays within this many characters, whatever the step."""


def accepted(specs: Iterable[FieldSpec], *, scope: str = "this step",
             more: str = "type 'help' for all of them") -> str:
    """What the step takes, with an example each: the first fields, as many as fit."""
    listed = [f"{f.label} (e.g. {f.example})" for f in specs]
    head = f"{scope} takes "
    tail = f"…, or {more}"
    if len(listed) <= _ACCEPTED_FIELDS and len(head + "; ".join(listed)) <= _ACCEPTED_CHARS:
        return head + "; ".join(listed)
    shown: list[str] = []
    for item in listed[:_ACCEPTED_FIELDS]:
        if len(head + "; ".join([*shown, item]) + "; " + tail) > _ACCEPTED_CHARS:
            break
        shown.append(item)
    if not shown:
        return f"{more[:1].upper()}{more[1:]}"
    return head + "; ".join(shown) + "; " + tail
