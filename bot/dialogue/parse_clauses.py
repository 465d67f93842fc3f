"""Cutting a typed sentence into the pieces that each carry one value.

>>> split_clauses("80k requests a day, 600 in and 250 out; $1,200 a month")
['80k requests a day', '600 in', '250 out', '$1,200 a month']
>>> cut_before_numbers("600 in 250 out"), cut_before_numbers("input 600 output 250")
(['600 in', '250 out'], ['input 600', 'output 250'])
>>> from bot.dialogue.parse_fields import FieldSpec
>>> find_gpu("13b lora served on 2x a100 40gb spot", [FieldSpec("model.gpu", "GPU", "gpu")])[1:]
('13b lora', 'served on 2x a100 40gb', 'spot')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise

from bot.dialogue.parse_fields import FieldSpec
from bot.dialogue.parse_names import CHOICES, GPU_LEADS, names_gpu
from bot.dialogue.parse_text import clean, strip_fillers

__all__ = ["cut_before_numbers", "find_fixed_word", "find_gpu", "has_word", "split_clauses",
           "without_words"]

# Commas that are not thousands separators, semicolons, new lines, sentence ends, "and".
_CLAUSES = re.compile(
    r"\s*(?:[;\n]|\.(?=\s)|,(?![0-9]{3}(?![0-9]))|(?<![0-9]),|\s(?:and|&|plus|also)\s)\s*",
    re.IGNORECASE,
)
_FIXED_KINDS = ("pricing", "engine", "quantisation", "method")


_JOINER = re.compile(r"^(?:and|&|plus|also|then)(?:\s+|$)", re.IGNORECASE)


def split_clauses(text: str) -> list[str]:
    clauses = (_JOINER.sub("", c.strip()).strip() for c in _CLAUSES.split(text))
    return [c for c in clauses if c]


def has_word(lowered: str, word: str) -> bool:
    """``word`` (or phrase) stands on its own in ``lowered``: "in" is in "600 in", not "input"."""
    pattern = rf"(?<![a-z0-9]){re.escape(word.lower())}(?![a-z0-9])"
    return re.search(pattern, lowered) is not None


def without_words(lowered: str, words: Iterable[str]) -> str:
    """``lowered`` without ``words`` and the filler words they leave at its edges."""
    for word in sorted(words, key=len, reverse=True):
        lowered = re.sub(rf"(?<![a-z0-9]){re.escape(word.lower())}(?![a-z0-9])", " ", lowered)
    return strip_fillers(" ".join(lowered.split()))


def cut_before_numbers(clause: str) -> list[str]:
    """One piece per number: cues after numbers ("600 in 250 out") or before ("in 600 …")."""
    words = clause.split()
    numbers = [n for n, w in enumerate(words) if re.match(r"[$~+-]?\.?[0-9]", w)]
    if len(numbers) < 2:
        return [clause]
    if not strip_fillers(clean(" ".join(words[: numbers[0]]))):
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
        if spec.kind not in _FIXED_KINDS:
            continue
        words = sorted((w for ws in CHOICES[spec.kind].values() for w in ws), key=len,
                       reverse=True)
        for word in words:
            pattern = rf"(?<![a-z0-9-]){re.escape(word)}(?![a-z0-9-])"
            if re.search(pattern, lowered):
                rest = strip_fillers(" ".join(re.sub(pattern, " ", lowered, count=1).split()))
                if rest and rest != lowered:
                    return spec, word, rest
    return None


_GPU_SPAN = 7  # words: "2 x nvidia a100 sxm4 80 gb"


def find_gpu(clause: str,
             specs: Iterable[FieldSpec]) -> tuple[FieldSpec, str, str, str] | None:
    """A GPU named inside a clause ("70b on 2x a100 80gb"): its field, the words before it,
    the GPU with the words that lead to it ("on", "served on", a cue such as "gpu"), and the
    words after it. The longest GPU name is taken, so a memory size ("40gb", "80 GB") stays
    with its GPU; ``None`` when the clause names no GPU, or is nothing but one."""
    gpus = [s for s in specs if s.kind == "gpu"]
    if not gpus:
        return None
    words = clean(clause).split()
    leads = set(GPU_LEADS) | {w for s in gpus for cue in s.cues for w in cue.split()}
    for i in range(len(words)):
        for j in range(min(len(words), i + _GPU_SPAN), i, -1):
            if j - i == len(words) or not names_gpu(" ".join(words[i:j])):
                continue
            start = i
            while start > 0 and words[start - 1] in leads:
                start -= 1
            lead = " ".join(words[start:i])
            spec = next((s for s in gpus if any(has_word(lead, c) for c in s.cues)), gpus[0])
            return (spec, " ".join(words[:start]), " ".join(words[start:j]),
                    " ".join(words[j:]))
    return None
