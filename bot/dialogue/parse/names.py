"""Names people type: API models, the fine-tuned model, and the fixed choices (GPUs are
:mod:`bot.dialogue.parse.gpus`).

API model names resolve through the price catalog (``canonical_model``), so whatever it
accepts is accepted here; a name it does not know is refused with the closest names it
lists ("did you mean 'gpt-4o'?"), never replaced by one.

>>> parse_ft_model("mistral 7b lora"), parse_choice("4-bit", "quantisation")
(FtModelChoice(size_b=7.0, method='lora'), 'int4')
>>> parse_api_model("gtp-4o")
Traceback (most recent call last):
...
bot.dialogue.parse.text.ParseError: unknown API model 'gtp-4o'; did you mean 'gpt-4o'? ...
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import get_args

from bot.dialogue.parse.lazy_pattern import lazy
from bot.dialogue.parse.quantity import parse_integer
from bot.dialogue.parse.suggest import did_you_mean
from bot.dialogue.parse.text import ParseError, clean, quote, show_number, strip_fillers
from engine.catalog.api_prices import PriceBook, canonical_model
from engine.errors import UnknownModelError
from engine.models import Level, Method, Pricing, Quantisation, ServingEngine, ThroughputBasis

__all__ = [
    "CHOICES",
    "FtModelChoice",
    "api_model_ids",
    "choice_label",
    "choice_words",
    "names_api_model",
    "parse_api_model",
    "parse_bool",
    "parse_choice",
    "parse_engine",
    "parse_ft_model",
    "parse_instances",
    "parse_level",
    "parse_method",
    "parse_pricing",
    "parse_quantisation",
]

_WORDS: dict[str, tuple[str, ...]] = {
    # The words people use for each of the engine's values, first the one ftroi writes; a
    # value's own name is always read. A word that is itself another value (a quantisation
    # the engine learns later, say) goes to that value, not to the one listed here.
    "high": ("high", "hi"), "medium": ("medium", "med", "mid", "moderate"), "low": ("low", "lo"),
    "on_demand": ("on-demand", "on demand", "ondemand", "od"),
    "spot": ("spot", "spot instances", "preemptible"),
    "reserved": ("reserved", "reserved instances", "committed", "commitment"),
    "vllm": ("vllm",),
    "transformers": ("transformers", "hf", "huggingface", "hugging face", "hf transformers",
                     "plain transformers"),
    "bf16": ("bf16", "bfloat16", "16-bit", "16 bit", "16bit", "fp16", "no quantisation",
             "no quantization", "unquantised", "unquantized"),
    "int8": ("int8", "8-bit", "8 bit", "8bit", "fp8", "q8"),
    "int4": ("int4", "4-bit", "4 bit", "4bit", "q4", "awq", "gptq", "nf4"),
    "fp8": ("fp8", "float8", "8-bit float", "e4m3"),
    "tensorrt-llm": ("tensorrt-llm", "tensorrt", "trt-llm", "trtllm", "trt"),
    "estimate": ("estimate", "estimated", "the estimate", "roofline"),
    "seed_document": ("seed_document", "the source document's figures", "document figures",
                      "seed figures"),
    "lora": ("lora",), "qlora": ("qlora", "q-lora"),
    "full": ("full", "full fine-tune", "full fine-tuning", "full finetune", "full-parameter",
             "full parameter", "full ft", "fft"),
    "current": ("current", "today", "genai-prices", "latest"),
    "seed_2024": ("seed_2024", "seed", "2024", "source document", "the seed"),
    "yes": ("yes", "y", "yeah", "yep", "yup", "true", "sure"),
    "no": ("no", "n", "nope", "nah", "false"),
}


def choice_words(values: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Each value with the words that stand for it (:data:`_WORDS`, then the value itself).

    >>> choice_words(("int8", "fp8"))["int8"]
    ('int8', '8-bit', '8 bit', '8bit', 'q8')
    """
    return {v: tuple(dict.fromkeys([*(w for w in _WORDS.get(v, ()) if w == v or w not in values),
                                    v, v.replace("_", " ")]))
            for v in values}


CHOICES: dict[str, dict[str, tuple[str, ...]]] = {
    "level": choice_words(get_args(Level)),
    "pricing": choice_words(get_args(Pricing)),
    "engine": choice_words(get_args(ServingEngine)),
    "quantisation": choice_words(get_args(Quantisation)),
    "method": choice_words(get_args(Method)),
    "throughput_basis": choice_words(get_args(ThroughputBasis)),
    "bool": choice_words(("yes", "no")),
}
"""The engine's fixed choices (its ``Literal`` types) with the words people use."""
_LABELS = {"on_demand": "on-demand", "vllm": "vLLM", "transformers": "Transformers",
           "tensorrt-llm": "TensorRT-LLM", "seed_document": "the source document's claims",
           "lora": "LoRA", "qlora": "QLoRA", "full": "full fine-tuning",
           "seed_2024": "the source document's 2024 prices",
           "current": "current (genai-prices)"}
_SUFFIX = lazy(r"\s+(?:quantisation|quantization|quant|pricing|instances?|engine)$")


def choice_label(value: str) -> str:
    return _LABELS.get(value, value)


def parse_choice(text: str, kind: str) -> str:
    """One of a fixed set of words (``kind`` is a key of ``CHOICES``) → its canonical value."""
    options = CHOICES[kind]
    whole = strip_fillers(clean(text))
    for s in (whole, _SUFFIX.sub("", whole)):  # "no quantisation" is a word of its own
        for value, words in options.items():
            if s in words:
                return value
    accepted = "; ".join(f"{choice_label(v)} ({', '.join(w)})" for v, w in options.items())
    raise ParseError(f"could not read {quote(text)}; accepted: {accepted}")


def parse_bool(text: str) -> bool:
    """``yes``/``y``/``true`` → True; ``no``/``n``/``false`` → False."""
    return parse_choice(text, "bool") == "yes"


def parse_level(text: str) -> str:
    """``high``/``hi``, ``medium``/``med``, ``low``/``lo``."""
    return parse_choice(text, "level")


def parse_pricing(text: str) -> str:
    """``on-demand``, ``spot`` or ``reserved`` → ``on_demand``, ``spot``, ``reserved``."""
    return parse_choice(text, "pricing")


def parse_engine(text: str) -> str:
    """``vllm`` or ``transformers`` (``hf``)."""
    return parse_choice(text, "engine")


def parse_quantisation(text: str) -> str:
    """``bf16``, ``int8`` (``8-bit``) or ``int4`` (``4-bit``, ``awq``)."""
    return parse_choice(text, "quantisation")


def parse_method(text: str) -> str:
    """``lora``, ``qlora`` or ``full``."""
    return parse_choice(text, "method")


_AUTO = lazy(
    r"(?:auto(?:matic)?(?:[- ]?(?:size|sized|sizing|scale|scaled|scaling))?|autoscale"
    r"|size (?:it|them) for me|size for me|you (?:decide|choose|pick)|as many as (?:needed|"
    r"it takes)|let ftroi decide)(?: instances?)?"
)


def parse_instances(text: str) -> int | None:
    """A count of serving instances (1 or more), or ``None`` for "size it for me"."""
    if _AUTO.fullmatch(strip_fillers(clean(text))):
        return None
    try:
        count = parse_integer(text, unit="instances")
    except ParseError:
        raise ParseError(f"could not read {quote(text)} as instances; accepted: a whole number "
                         "of instances ('2', '3 instances'), or 'auto' / 'size it for me'"
                         ) from None
    if count < 1:
        raise ParseError(f"{quote(text)}: at least one instance, or 'auto' / 'size it for me'")
    return count


_API_ACCEPTED = ("a model the price catalog lists, e.g. 'gpt-4o', 'GPT-4o mini', "
                 "'claude 3.5 sonnet', 'claude 3 haiku', 'gemini 2.5 pro'; or custom prices "
                 "per 1M tokens ('$2.50/1M in, $10/1M out')")


_FINE_TUNED = "ft:"
"""How the catalog writes a fine-tune of a provider's model (``ft:gpt-4o-mini``)."""


def _model_text(text: str) -> str:
    """What names the model in ``text``: without fillers and words such as "the … api"."""
    s = strip_fillers(clean(text))
    s = re.sub(r"^(?:(?:the|api|model|use|using|on)\s+)+", "", s)
    return re.sub(r"\s+(?:api|model)$", "", s)


def parse_api_model(text: str, *, price_book: PriceBook = "current") -> str:
    """The catalog's id of an API model as people write it (``GPT-4o mini`` → ``gpt-4o-mini``).

    A typo's "did you mean" offers fine-tuned models (``ft:…``) only when ``ft:`` was typed:

    >>> parse_api_model("gtp-4o-mni")
    Traceback (most recent call last):
    ...
    bot.dialogue.parse.text.ParseError: unknown API model 'gtp-4o-mni'; did you mean \
'gpt-4o-mini'? ...
    """
    s = _model_text(text)
    if not re.fullmatch(r"[a-z0-9][a-z0-9 ._:/@+-]{0,79}", s):
        raise ParseError(f"unknown API model {quote(text)}; accepted: {_API_ACCEPTED}")
    try:
        return canonical_model(s, price_book=price_book)
    except (UnknownModelError, LookupError):
        near = did_you_mean(re.sub(r"\s+", "-", s), _suggestable(s, price_book))
        raise ParseError(f"unknown API model {quote(text)}; {near + ' ' if near else ''}"
                         f"accepted: {_API_ACCEPTED}") from None


def _suggestable(typed: str, price_book: PriceBook) -> tuple[str, ...]:
    """The catalog's models a typo may be offered: fine-tunes (``ft:``) only for ``ft:``."""
    tuned = typed.startswith(_FINE_TUNED)
    return tuple(m for m in api_model_ids(price_book) if m.startswith(_FINE_TUNED) == tuned)


@lru_cache(maxsize=1024)  # a close match is looked for among some 2,000 names
def names_api_model(text: str, *, price_book: PriceBook = "current") -> bool:
    """``text`` looks like an API model's name, known or not: a word run into a version
    (``gpt-4o``, ``gtp-4o-mni``, ``claude-3``), or close to a model the catalog lists
    (``claude sonet``) — not any words with a number ("for 6 weeks").

    >>> names_api_model("gtp-4o-mni"), names_api_model("claude 3.5 sonet")
    (True, True)
    >>> names_api_model("for 6 weeks"), names_api_model("2 people for 6 weeks")
    (False, False)
    """
    s = _model_text(text)
    if re.search(r"(?<![a-z0-9])[a-z]+[-.:]?[0-9]", s):
        return True
    if not re.search(r"[a-z]", s) or len(s) > 80:
        return False
    return bool(did_you_mean(re.sub(r"\s+", "-", s), _suggestable(s, price_book)))


@cache
def api_model_ids(price_book: PriceBook = "current") -> tuple[str, ...]:
    """Every model id the price book lists (genai-prices' snapshot, or the seed's rows)."""
    if price_book == "seed_2024":
        from engine.catalog.api_prices import seed_2024_prices

        return tuple(seed_2024_prices())
    from genai_prices import data_snapshot  # imported lazily: its data module is large

    snapshot = data_snapshot.get_snapshot()
    return tuple(dict.fromkeys(m.id for p in snapshot.providers for m in p.models))


@dataclass(frozen=True)
class FtModelChoice:
    """The fine-tuned model's size in billions of parameters and, when typed, the method."""

    size_b: float
    method: str | None = None

    @property
    def label(self) -> str:
        method = f" {choice_label(self.method)}" if self.method else ""
        return f"{show_number(self.size_b)}B{method}"


_FAMILY = lazy(
    r"(?:llama|codellama|tinyllama|mistral|mixtral|qwen|gemma|phi|deepseek|falcon|olmo|yi"
    r"|granite|smollm|starcoder|nemotron|command)(?:[0-9]{1,2}(?:\.[0-9]{1,2})?)?"
)
_IGNORED = {"model", "base", "instruct", "chat", "it", "hf", "params", "parameters", "parameter",
            "param", "finetune", "finetuned", "finetuning", "ft", "with", "via", "using", "a", "an",
            "the", "and", "meta", "mistralai", "google", "microsoft", "v"}
_METHOD_WORDS = {"lora": "lora", "qlora": "qlora", "full": "full", "fft": "full"}
_FT_ACCEPTED = ("accepted: a size in billions of parameters with an optional method (LoRA, "
                "QLoRA, full), e.g. '7b qlora', '13B LoRA', '70b full', 'llama 8b', "
                "'mistral 7b lora'")


def parse_ft_model(text: str) -> FtModelChoice:
    """The model to fine-tune: size in billions of parameters and an optional method."""
    s = strip_fillers(clean(text)).replace("q-lora", "qlora").replace("fine-tun", "finetun")
    s = re.sub(r"([0-9])\s+(b|bn|billion)(?![a-z])", r"\1b", s)
    tokens = re.sub(r"[-_/,]|(?<![0-9])\.|\.(?![0-9])", " ", s).split()
    if len(tokens) == 1 and re.fullmatch(r"[0-9]{1,6}(?:\.[0-9]{1,24})?", tokens[0]):
        tokens = [tokens[0] + "b"]
    size: float | None = None
    method: str | None = None
    after_family = False
    for token in tokens:
        sized = re.fullmatch(r"([0-9]{1,6}(?:\.[0-9]{1,24})?)(b|bn|billion|m)", token)
        if sized:
            value = float(sized[1]) / (1000 if sized[2] == "m" else 1)
            if size is not None and size != value:
                raise ParseError(f"{quote(text)} gives two sizes; {_FT_ACCEPTED}")
            size = value
        elif token in _METHOD_WORDS:
            if method is not None and method != _METHOD_WORDS[token]:
                raise ParseError(f"{quote(text)} gives two methods; {_FT_ACCEPTED}")
            method = _METHOD_WORDS[token]
        elif token in _IGNORED or (after_family and re.fullmatch(r"[0-9]{1,2}(?:\.[0-9]{1,2})?",
                                                                 token)):
            pass
        elif not _FAMILY.fullmatch(token):
            raise ParseError(f"could not read {quote(token)} in {quote(text)}; {_FT_ACCEPTED}")
        after_family = bool(_FAMILY.fullmatch(token))
    if size is None:
        raise ParseError(f"{quote(text)} has no model size; {_FT_ACCEPTED}")
    if not 0 < size <= 2000:
        raise ParseError(f"{quote(text)}: the size is 0–2,000B parameters; {_FT_ACCEPTED}")
    return FtModelChoice(size, method)
