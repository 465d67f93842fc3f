"""Cutting a typed sentence into the pieces that each carry one value.

>>> split_clauses("80k requests a day, 600 in and 250 out; $1,200 a month")
['80k requests a day', '600 in', '250 out', '$1,200 a month']
>>> cut_before_numbers("600 in 250 out"), cut_before_numbers("input 600 output 250")
(['600 in', '250 out'], ['input 600', 'output 250'])
>>> from bot.dialogue.parse.fields import FieldSpec
>>> from bot.dialogue.parse.kinds_named import Gpu
>>> find_named("13b lora served on 2x a100 40gb spot", [FieldSpec("model.gpu", "GPU", Gpu())])[1:]
('13b lora', 'served on 2x a100 40gb', 'spot')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise

from bot.dialogue.parse.fields import FieldSpec
from bot.dialogue.parse.lazy_pattern import lazy
from bot.dialogue.parse.text import clean, remove_words, strip_fillers

__all__ = ["cut_before_numbers", "find_fixed_word", "find_named", "has_word", "split_clauses",
           "without_words"]

# Commas that are not thousands separators, semicolons, new lines, sentence ends, "and".
_CLAUSES = lazy(
    r"\s*(?:[;\n]|\.(?=\s)|,(?![0-9]{3}(?![0-9]))|(?<![0-9]),|\s(?:and|&|plus|also)\s)\s*",
    re.IGNORECASE,
)


_JOINER = lazy(r"^(?:and|&|plus|also|then)(?:\s+|$)", re.IGNORECASE)


def split_clauses(text: str) -> list[str]:
    clauses = (_JOINER.sub("", c.strip()).strip() for c in _CLAUSES.split(text))
    return [c for c in clauses if c]


def has_word(lowered: str, word: str) -> bool:
    """``word`` (or phrase) stands on its own in ``lowered``: "in" is in "600 in", not "input"."""
    pattern = rf"(?<![a-z0-9]){re.escape(word.lower())}(?![a-z0-9])"
    return re.search(pattern, lowered) is not None


def without_words(lowered: str, words: Iterable[str]) -> str:
    """``lowered`` without ``words`` and the filler words they leave at its edges, in the
    person's words otherwise (``2 dozen`` stays, for a refusal to quote)."""
    return strip_fillers(remove_words(lowered, words), spoken=False)


def cut_before_numbers(clause: str) -> list[str]:
    """One piece per number: cues after numbers ("600 in 250 out") or before ("in 600 …")."""
    words = clause.split()
    numbers = [n for n, w in enumerate(words) if re.match(r"[$~+-]?\.?[0-9]", w)]
    if len(numbers) < 2:
        return [clause]
    if not strip_fillers(clean(" ".join(words[: numbers[0]])), spoken=False):
        cuts = numbers[1:]
    else:
        cuts = [nxt - 1 if nxt - 1 > prev else nxt
                for prev, nxt in pairwise(numbers)]
    bounds = [0, *cuts, len(words)]
    return [" ".join(words[a:b]) for a, b in pairwise(bounds) if a < b]


def find_fixed_word(clause: str,
                    specs: Iterable[FieldSpec]) -> tuple[FieldSpec, str, str] | None:
    """A fixed choice word inside a clause ("spot" in "2x a10g spot"): field, word, the rest."""
    lowered = clean(clause)
    for spec in specs:
        for word in sorted(spec.kind.words(), key=len, reverse=True):
            pattern = rf"(?<![a-z0-9-]){re.escape(word)}(?![a-z0-9-])"
            if re.search(pattern, lowered):
                rest = strip_fillers(" ".join(re.sub(pattern, " ", lowered, count=1).split()),
                                     spoken=False)
                if rest and rest != lowered:
                    return spec, word, rest
    return None


_SPAN = 7  # words: "2 x nvidia a100 sxm4 80 gb"


def find_named(clause: str,
               specs: Iterable[FieldSpec]) -> tuple[FieldSpec, str, str, str] | None:
    """A value named inside a clause (a GPU: "70b on 2x a100 80gb"): its field, the words
    before it, the value with the words that lead to it ("on", "served on", a synonym such
    as "gpu"), and the words after it. The longest name is taken, so a memory size ("40gb",
    "80 GB") stays with its GPU; ``None`` when the clause names none, or is nothing but one.
    Among several fields of the kind, the one whose synonym leads to it."""
    named = [s for s in specs if s.kind.spans]
    if not named or named[0].kind.names(clause):
        return None  # none here, or the clause is one whole (its own refusal stands)
    words = clean(clause).split()
    leads = {w for s in named for w in s.kind.leads} | {
        w for s in named for cue in s.synonyms for w in cue.split()}
    for i in range(len(words)):
        for j in range(min(len(words), i + _SPAN), i, -1):
            if j - i == len(words) or not named[0].kind.names(" ".join(words[i:j])):
                continue
            start = i
            while start > 0 and words[start - 1] in leads:
                start -= 1
            lead = " ".join(words[start:i])
            spec = next((s for s in named if any(has_word(lead, c) for c in s.synonyms)),
                        named[0])
            return (spec, " ".join(words[:start]), " ".join(words[start:j]),
                    " ".join(words[j:]))
    return None
