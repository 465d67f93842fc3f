"""The named kinds: GPUs, API models, the fine-tuned model, fixed choices, yes/no, instances,
dates and names (the numeric ones are :mod:`bot.dialogue.parse.kinds`).

>>> from bot.dialogue.parse.fields import FieldSpec
>>> tried = FieldSpec("quality.smaller_model_evaluated", "a smaller model was tried", YesNo(),
...                   synonyms=("smaller model", "a smaller model"))
>>> tried.kind.read("we haven't tried a smaller model", tried, Context()).echo
'a smaller model was tried: no'
>>> Choice("quantisation").choices()[:2]
(('bf16', 'bf16'), ('fp8', 'fp8'))
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, get_args

from bot.dialogue.parse.fields import Context, FieldSpec, Reading
from bot.dialogue.parse.gpus import GPU_LEADS, gpu_keys, gpu_label, names_gpu, parse_gpu
from bot.dialogue.parse.kinds import Kind, _Number, plain, shown_data
from bot.dialogue.parse.names import (
    CHOICES,
    choice_label,
    choice_words,
    names_api_model,
    parse_api_model,
    parse_choice,
    parse_ft_model,
    parse_instances,
)
from bot.dialogue.parse.text import ParseError, clean, format_count, quote, remove_words, usd
from engine.figures import count, quantity
from engine.models import ApiChoice

__all__ = ["ApiModel", "Choice", "DateKind", "FtModel", "Gpu", "Instances", "Name", "YesNo"]

CHOICES["price_book"] = choice_words(get_args(ApiChoice.model_fields["price_book"].annotation))


class Choice(Kind):
    """One of the engine's fixed values (``key`` names its words in ``CHOICES``). ``peel``:
    its words name the field on their own, inside a sentence ("2x a10g spot")."""

    metavar = "WORD"

    def __init__(self, key: str, *, peel: bool = False) -> None:
        self.key = key
        self.peel = peel
        self.name = key  # type: ignore[misc]

    @property
    def example(self) -> str:  # type: ignore[override]
        return " or ".join(f"'{words[0]}'" for words in CHOICES[self.key].values())

    def read(self, text: str, spec: FieldSpec, context: Context) -> Reading:
        word = parse_choice(text, self.key)
        return Reading({spec.path: word}, f"{spec.label}: {choice_label(word)}")

    def show(self, value: Any) -> str:
        return choice_label(value)

    def write(self, value: Any) -> str:
        return "" if value is None else CHOICES[self.key][value][0]

    def forms(self, value: Any) -> list[str]:
        return [str(value)]

    def choices(self) -> tuple[tuple[str, str], ...]:
        return tuple((v, choice_label(v)) for v in CHOICES[self.key])

    def words(self) -> tuple[str, ...]:
        return tuple(w for ws in CHOICES[self.key].values() for w in ws) if self.peel else ()

    def names_itself(self, lowered: str) -> bool:
        return self.peel and any(re.search(rf"(?<![a-z0-9-]){re.escape(w)}(?![a-z0-9-])",
                                           lowered) for w in self.words())


_NEGATIVE = {"no", "not", "never", "none", "without", "haven't", "havent", "hasn't", "hasnt",
             "didn't", "didnt", "don't", "dont", "doesn't", "doesnt", "isn't", "isnt", "aren't",
             "arent", "wasn't", "lack", "lacks", "lacking", "nope", "nah", "n", "false",
             "nobody", "no-one"}
_POSITIVE = {"yes", "y", "yeah", "yep", "yup", "true", "sure", "tried", "evaluated", "tested",
             "benchmarked", "checked", "compared", "have", "has", "did", "do", "does", "done",
             "got", "matters", "important", "priority", "first", "definitely", "absolutely"}
_NEUTRAL = {"we", "i", "they", "the", "team", "our", "a", "an", "it", "one", "any", "is",
            "are", "it's", "there", "been", "yet", "already", "really", "at", "all", "so",
            "far", "some", "of", "us", "to", "that", "this", "very", "a lot", "much"}


class YesNo(Kind):
    """Yes or no, also in a sentence: "we haven't tried a smaller model" is no. ``named``:
    a statement that its words alone assert ("data must stay in our cloud" is yes)."""

    name = "bool"
    metavar = "yes|no"
    example = "'yes' or 'no'"

    def __init__(self, *, named: bool = False) -> None:
        self.named = named

    def read(self, text: str, spec: FieldSpec, context: Context) -> Reading:
        words = [w.strip(",.!:") for w in remove_words(clean(text), spec.synonyms).split()]
        words = [w for w in words if w]
        if self.named and not words and clean(text):
            return Reading({spec.path: True}, f"{spec.label}: yes")
        if words and set(words) <= _NEGATIVE | _POSITIVE | _NEUTRAL \
                and set(words) & (_NEGATIVE | _POSITIVE):
            yes = not set(words) & _NEGATIVE
            return Reading({spec.path: yes}, f"{spec.label}: {'yes' if yes else 'no'}")
        raise ParseError(f"could not read {quote(text)}; accepted: yes (yes, y, true, 'we "
                         "tried it') or no (no, n, false, 'not yet', 'we haven't')")

    def show(self, value: Any) -> str:
        return "yes" if value else "no"

    def write(self, value: Any) -> str:
        return "" if value is None else self.show(value)

    def forms(self, value: Any) -> list[str]:
        return [self.show(value)]

    def check(self, value: object, spec: FieldSpec) -> object:
        if not isinstance(value, bool):
            raise ParseError(f"{shown_data(value)} is not yes or no; give true or false")
        return value

    def choices(self) -> tuple[tuple[str, str], ...]:
        return (("yes", "Yes"), ("no", "No"))


class Gpu(Kind):
    """A GPU of the catalog. ``serving``: the serving GPU, which may be counted ("2x a10g",
    GPUs in one instance) or custom with its instance price; else one catalog GPU."""

    name = "gpu"
    metavar = "GPU"
    leads = GPU_LEADS
    spans = True

    def __init__(self, *, serving: bool = True) -> None:
        self.serving = serving

    @property
    def example(self) -> str:  # type: ignore[override]
        return "'2x a10g'" if self.serving else "'a100 80gb'"

    def read(self, text: str, spec: FieldSpec, context: Context) -> Reading:
        choice = parse_gpu(text)
        if not self.serving:
            if choice.count or choice.gpu == "custom":
                raise ParseError(f"{quote(text)}: {spec.label} is one GPU from the catalog, "
                                 "e.g. 'a10g', 'h100', 'A100 80GB'")
            return Reading({spec.path: choice.gpu}, f"{spec.label}: {choice.label}")
        table = spec.path.rpartition(".")[0]
        values: dict[str, object] = {spec.path: choice.gpu}
        if choice.gpu == "custom":
            values[f"{table}.instance_usd_per_hour"] = choice.usd_per_hour
            return Reading(values, f"{spec.label}: custom GPU instance\ninstance price: "
                                   f"{usd(choice.usd_per_hour or 0)}/hour",
                           {f"{table}.gpus_per_instance": None})
        if choice.count:
            values[f"{table}.gpus_per_instance"] = choice.count
            echo = f"{spec.label}: {choice.label} ({choice.count} GPUs in one instance)"
        else:
            echo = f"{spec.label}: {choice.label} (as many per instance as the model needs)"
        return Reading(values, echo, {p: None for p in spec.resets if p not in values})

    def show(self, value: Any) -> str:
        return "custom GPU instance" if value == "custom" else gpu_label(value)

    def write(self, value: Any) -> str:
        return "" if value is None else self.show(value)

    def values_from_data(self, value: object, spec: FieldSpec,
                         context: Context | None = None) -> dict[str, object]:
        if isinstance(value, str) and clean(value) == "custom":
            return {spec.path: "custom"}  # its price and throughput are fields of their own
        return super().values_from_data(value, spec, context)

    def choices(self) -> tuple[tuple[str, str], ...]:
        listed = tuple((key, gpu_label(key)) for key in gpu_keys())
        return (*listed, ("custom", "Custom GPU (its price below)")) if self.serving else listed

    def names_itself(self, lowered: str) -> bool:
        """A GPU's name is a letter or two and a number ("h100", "a10g", "l4"), or says so."""
        return re.search(r"(?<![a-z])[a-z]{1,2}[0-9]{1,3}[a-z]?(?![a-z0-9])|gpu|nvidia",
                         lowered) is not None

    def names(self, text: str) -> bool:
        """``text`` names one catalog GPU (read, or refused, whole)."""
        return names_gpu(text)


class ApiModel(Kind):
    """A model of the API price catalog ("claude 3.5 sonnet"); ``custom`` for none (the
    typed prices are the API). ``priced``: the model priced by the scenario's price book
    (the API's), not today's catalog (a managed service's base model)."""

    name = "api_model"
    metavar = "MODEL"
    empty_word = "custom"
    example = "'gpt-4o'"

    def __init__(self, *, priced: bool = True) -> None:
        self.priced = priced

    def read(self, text: str, spec: FieldSpec, context: Context) -> Reading:
        if self.priced and clean(text) in ("custom", "custom prices", "none", "my own prices"):
            return Reading({spec.path: None}, f"{spec.label}: none (your prices)")
        book = str(context.current.get("api.price_book") or "current") if self.priced \
            else "current"
        model = parse_api_model(text, price_book="seed_2024" if book == "seed_2024"
                                else "current")
        return Reading({spec.path: model}, f"{spec.label}: {model} (catalog prices)",
                       {p: None for p in spec.resets})

    def names_itself(self, lowered: str) -> bool:
        return names_api_model(lowered)


class ApiModels(Kind):
    """Several catalog models, as a list ("claude-haiku-4-5, groq/openai/gpt-oss-20b")."""

    name = "api_models"
    metavar = "MODELS"
    example = "'claude-haiku-4-5, gpt-5-mini'"

    def read(self, text: str, spec: FieldSpec, context: Context) -> Reading:
        if clean(text) in ("none", "no others", "nothing else"):
            return Reading({spec.path: ()}, f"{spec.label}: none")
        parts = [p for p in re.split(r"\s*(?:,|;|\band\b)\s*", text.strip()) if p]
        if not parts:
            raise ParseError(f"no model in {quote(text)}; accepted: catalog models separated "
                             "by commas, e.g. 'claude-haiku-4-5, gpt-5-mini'")
        models = tuple(dict.fromkeys(parse_api_model(p, price_book="current") for p in parts))
        return Reading({spec.path: models}, f"{spec.label}: {', '.join(models)}")

    def show(self, value: Any) -> str:
        return ", ".join(value) if value else "none"

    def write(self, value: Any) -> str:
        return ", ".join(value) if value else "none"

    def forms(self, value: Any) -> list[str]:
        return [self.write(value)]


class Note(Kind):
    """A sentence as typed (where a figure came from): 3 to 600 characters."""

    name = "note"
    example = "'vllm bench serve, 2026-11-20, 64 prompts'"

    def read(self, text: str, spec: FieldSpec, context: Context) -> Reading:
        note = " ".join(text.split())
        if not 3 <= len(note) <= 600:
            raise ParseError(f"{quote(text)} is not accepted; a note is 3 to 600 characters")
        return Reading({spec.path: note}, f"{spec.label}: {note}")


class FtModel(_Number):
    """The fine-tuned model's size in billions of parameters, with its method when typed
    ("7b qlora")."""

    name = "ft_model"
    scalable = False
    metavar = "SIZE"
    example = "'7b qlora'"

    def read(self, text: str, spec: FieldSpec, context: Context) -> Reading:
        choice = parse_ft_model(text)
        values: dict[str, object] = {spec.path: choice.size_b}
        echo = f"{spec.label}: {quantity(choice.size_b)}B"
        if choice.method:  # a value of its own field, on a line of its own
            values[spec.path.rpartition(".")[0] + ".method"] = choice.method
            echo += f"\nmethod: {choice_label(choice.method)}"
        return Reading(values, echo)

    def show(self, value: Any) -> str:
        return f"{quantity(value)}B"

    def write(self, value: Any) -> str:
        return "" if value is None else f"{plain(value)}b"

    def forms(self, value: Any) -> list[str]:
        return [quantity(float(value)), f"{plain(value)}b"]

    def names_itself(self, lowered: str) -> bool:
        return re.search(r"[0-9] ?(?:b|bn|billion)\b", lowered) is not None


class Instances(_Number):
    """Serving instances: a whole number, or ``auto`` to size the fleet (``None``)."""

    name = "instances"
    scalable = False
    metavar = "N|auto"
    empty_word = "auto"
    example = "'2' or 'auto'"
    whole = True

    def read(self, text: str, spec: FieldSpec, context: Context) -> Reading:
        number = parse_instances(text)
        shown = "size it for me (from throughput and target utilisation)" if number is None \
            else f"{number:,}"
        return Reading({spec.path: number}, f"{spec.label}: {shown}")

    def show(self, value: Any) -> str:
        return "size it for me" if value is None else count(value)

    def write(self, value: Any) -> str:
        return "auto" if value is None else str(value)

    def forms(self, value: Any) -> list[str]:
        return ["auto"] if value is None else [count(value), format_count(float(value))]

    def names_itself(self, lowered: str) -> bool:
        return re.search(r"auto|size|decide|choose|pick|many", lowered) is not None


class DateKind(Kind):
    """A date, ``YYYY-MM-DD`` (the day the catalog prices are taken at)."""

    name = "date"
    metavar = "YYYY-MM-DD"
    example = "'2026-01-15'"

    def read(self, text: str, spec: FieldSpec, context: Context) -> Reading:
        try:
            day = date.fromisoformat(clean(text))
        except ValueError:
            raise ParseError(f"{quote(text)} is not a date; accepted: YYYY-MM-DD, e.g. "
                             "'2026-01-15'") from None
        return Reading({spec.path: day.isoformat()}, f"{spec.label}: {day.isoformat()}")


class Name(Kind):
    """A short name, as typed (a provider): letters, digits, ``.``, ``_`` and ``-``."""

    name = "name"
    metavar = "NAME"
    example = "'openai'"

    def read(self, text: str, spec: FieldSpec, context: Context) -> Reading:
        word = clean(text)
        if not re.fullmatch(r"[a-z0-9][a-z0-9._-]{0,39}", word):
            raise ParseError(f"{quote(text)} is not a name; accepted: letters, digits, '.', "
                             "'_' and '-', e.g. 'openai'")
        return Reading({spec.path: word}, f"{spec.label}: {word}")

