"""Names people type: GPUs, API models, the fine-tuned model, and the fixed choices.

GPU and API model names resolve through the catalogs (``canonical_gpu``,
``canonical_model``), so whatever they accept is accepted here. ``2x a10g`` is **two GPUs in
one instance** (the source document's "70B on 2×A100 80GB" is one server with two GPUs, and
its catalog rows price whole instances); a count of separate servers is typed as instances.

>>> parse_gpu("2x a10g"), parse_gpu("A100 80GB x4").label
(GpuChoice(gpu='a10g', count=2, usd_per_hour=None), '4× A100 80GB')
>>> parse_ft_model("mistral 7b lora"), parse_choice("4-bit", "quantisation")
(FtModelChoice(size_b=7.0, method='lora'), 'int4')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.dialogue.parse_money import parse_money
from bot.dialogue.parse_quantity import parse_integer
from bot.dialogue.parse_text import ParseError, clean, quote, show_number, strip_fillers, usd
from engine.catalog.api_prices import PriceBook, canonical_model
from engine.catalog.gpus import canonical_gpu, load_gpu_catalog
from engine.errors import UnknownGpuError, UnknownModelError

__all__ = [
    "CHOICES",
    "GPU_LEADS",
    "FtModelChoice",
    "GpuChoice",
    "choice_label",
    "gpu_label",
    "gpu_names",
    "names_gpu",
    "parse_api_model",
    "parse_bool",
    "parse_choice",
    "parse_engine",
    "parse_ft_model",
    "parse_gpu",
    "parse_instances",
    "parse_level",
    "parse_method",
    "parse_pricing",
    "parse_quantisation",
]

CHOICES: dict[str, dict[str, tuple[str, ...]]] = {
    "level": {"high": ("high", "hi"), "medium": ("medium", "med", "mid", "moderate"),
              "low": ("low", "lo")},
    "pricing": {
        "on_demand": ("on-demand", "on demand", "ondemand", "on_demand", "od"),
        "spot": ("spot", "spot instances", "preemptible"),
        "reserved": ("reserved", "reserved instances", "committed", "commitment"),
    },
    "engine": {
        "vllm": ("vllm",),
        "tensorrt-llm": ("tensorrt-llm", "tensorrt llm", "tensorrt", "trt-llm", "trtllm",
                         "trt llm", "nim"),
        "transformers": ("transformers", "hf", "huggingface", "hugging face",
                         "hf transformers", "plain transformers"),
    },
    "quantisation": {
        "bf16": ("bf16", "bfloat16", "16-bit", "16 bit", "16bit", "fp16", "no quantisation",
                 "no quantization", "unquantised", "unquantized"),
        "fp8": ("fp8", "float8", "e4m3", "w8a8 fp8"),
        "int8": ("int8", "8-bit", "8 bit", "8bit", "q8", "w8a16"),
        "int4": ("int4", "4-bit", "4 bit", "4bit", "q4", "awq", "gptq", "nf4"),
    },
    "method": {"lora": ("lora",), "qlora": ("qlora", "q-lora"),
               "full": ("full", "full fine-tune", "full fine-tuning", "full finetune",
                        "full-parameter", "full parameter", "full ft", "fft")},
    "bool": {"yes": ("yes", "y", "yeah", "yep", "yup", "true"),
             "no": ("no", "n", "nope", "nah", "false")},
}
_LABELS = {"on_demand": "on-demand", "vllm": "vLLM", "tensorrt-llm": "TensorRT-LLM",
           "transformers": "Transformers",
           "lora": "LoRA", "qlora": "QLoRA", "full": "full fine-tuning"}
_SUFFIX = re.compile(r"\s+(?:quantisation|quantization|quant|pricing|instances?|engine)$")


def choice_label(value: str) -> str:
    return _LABELS.get(value, value)


def parse_choice(text: str, kind: str) -> str:
    """One of a fixed set of words (``kind`` is a key of ``CHOICES``) → its canonical value."""
    options = CHOICES[kind]
    s = _SUFFIX.sub("", strip_fillers(clean(text)))
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
    """``bf16``, ``fp8``, ``int8`` (``8-bit``) or ``int4`` (``4-bit``, ``awq``)."""
    return parse_choice(text, "quantisation")


def parse_method(text: str) -> str:
    """``lora``, ``qlora`` or ``full``."""
    return parse_choice(text, "method")


_AUTO = re.compile(
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
    except ParseError as e:
        raise ParseError(f"{e}; or 'auto' / 'size it for me'") from None
    if count < 1:
        raise ParseError(f"{quote(text)}: at least one instance, or 'auto' / 'size it for me'")
    return count


@dataclass(frozen=True)
class GpuChoice:
    """A GPU from the catalog (or ``custom``), how many per instance, a custom $/hour."""

    gpu: str
    count: int | None = None
    usd_per_hour: float | None = None

    @property
    def label(self) -> str:
        if self.gpu == "custom":
            return f"custom GPU instance at {usd(self.usd_per_hour or 0)}/hour"
        return (f"{self.count}× " if self.count else "") + gpu_label(self.gpu)


def gpu_label(key: str) -> str:
    """``a100_80g`` → ``A100 80GB``; ``h100`` → ``H100``."""
    specs = load_gpu_catalog().specs
    spec = specs[key]
    twins = [s for s in specs.values() if s.name == spec.name]
    return f"{spec.name} {spec.memory_gb:g}GB" if len(twins) > 1 else spec.name


_WORD_COUNTS = {"one": 1, "two": 2, "three": 3, "four": 4, "six": 6, "eight": 8}
_N = r"(?P<n>[0-9]{1,4}|one|two|three|four|six|eight)"
_COUNTED = [
    re.compile(rf"^{_N} ?(?:x|×|\*) ?(?P<name>.+)$"),
    re.compile(rf"^(?P<name>.+?) ?(?:x|×|\*) ?{_N}$"),
    re.compile(rf"^{_N} (?P<name>.+)$"),
]
GPU_LEADS = ("a", "an", "on", "with", "via", "nvidia", "use", "using", "served", "serving",
             "serve", "running", "run", "hosted", "deployed")
"""Words that may come before a GPU and carry nothing: "served on 2x a100 80gb"."""
_LEAD_RE = re.compile(rf"^(?:(?:{'|'.join(GPU_LEADS)})\s+)+")
_MEMORY = r"(?P<gb>[0-9]{1,4}) ?(?:gb|gib|g)"
_WITH_MEMORY = [
    re.compile(rf"^(?P<base>.+?)[ _-]?{_MEMORY}$"),
    re.compile(rf"^{_MEMORY}[ _-]?(?P<base>.+)$"),
]


def gpu_names() -> str:
    """Every catalog GPU as people read it, in the catalog's order: ``A10G, L4, A100 40GB, …``.

    >>> gpu_names().startswith("A10G, L4, A100 40GB, A100 80GB, H100")
    True
    """
    return ", ".join(gpu_label(key) for key in load_gpu_catalog().specs)


_GPU_ACCEPTED = (f"accepted: {gpu_names()}, with an optional count of GPUs per instance "
                 "('2x a10g', 'A100 80GB x4', '4xA100-40GB'), or a custom instance price "
                 "('$3.20/h custom gpu')")


def _gpu_words(text: str) -> str:
    s = _LEAD_RE.sub("", strip_fillers(clean(text)))
    return re.sub(r"\s+(?:gpus?|cards?|instances?)$", "", s)


def _counted(s: str) -> tuple[int | None, str]:
    for pattern in _COUNTED:
        m = pattern.match(s)
        if m and not re.match(r"(?:gb|gib|g)(?![a-z])", m["name"]):  # "80 GB A100" is memory
            n = m["n"]
            name = re.sub(r"\s+(?:gpus?|cards?)$", "", m["name"])
            return (_WORD_COUNTS[n] if n in _WORD_COUNTS else int(n)), name
    return None, s


def _gpu_key(name: str, text: str) -> str | None:
    """The catalog key ``name`` names (a memory size picks between twins), or ``None``.

    Raises :class:`ParseError` for a catalog GPU with a memory size it does not come in.
    """
    key = _canonical(name)
    if key is not None:
        return key
    for pattern in _WITH_MEMORY:
        m = pattern.match(name)
        if not m:
            continue
        base = _canonical(m["base"])
        if base is None or base == "custom":
            continue
        specs = load_gpu_catalog().specs
        twins = [s for s in specs.values() if s.name == specs[base].name]
        sized = [s.key for s in twins if s.memory_gb == int(m["gb"])]
        if sized:
            return sized[0]
        sizes = " or ".join(f"{s.memory_gb:g}GB" for s in twins)
        raise ParseError(f"{quote(text)}: the catalog's {specs[base].name} has {sizes}; "
                         f"{_GPU_ACCEPTED}")
    return None


def _plural_key(name: str, text: str) -> str | None:
    key = _gpu_key(name, text)
    if key is None and name.endswith("s"):
        key = _gpu_key(name[:-1], text)
    if key is None:
        key = _gpu_key(re.sub(r"s(?=[ _-]?[0-9]{1,4} ?(?:gb|gib|g)$)", "", name), text)
    return key


def names_gpu(text: str) -> bool:
    """``text`` names one catalog GPU, counted or not, even if :func:`parse_gpu` refuses it
    (a count out of range, a memory size the GPU does not come in): what a sentence says
    about the GPU, to be read, or refused, whole."""
    s = _gpu_words(text)
    if not s or re.search(r"(?<![a-z])custom(?![a-z])", s):
        return False
    _, name = _counted(s)
    try:
        key = _plural_key(name, text)
    except ParseError:
        return True
    return key is not None and key != "custom"


def parse_gpu(text: str) -> GpuChoice:
    """A GPU, optionally counted (GPUs in one instance), or a custom GPU with its $/hour.

    A memory size picks between a GPU's twins in any of the catalog's forms ('a100 40gb',
    'A100-80GB', '80 GB A100'); one the GPU does not come in is refused.
    """
    s = _gpu_words(text)
    if re.search(r"(?<![a-z])custom(?![a-z])", s):
        rest = re.sub(r"(?<![a-z])(?:custom|gpus?|instances?|at|for|a|an)(?![a-z])", " ", s)
        if not rest.strip():
            raise ParseError(f"{quote(text)}: a custom GPU needs its instance price, e.g. "
                             "'$3.20/h custom gpu'")
        try:
            return GpuChoice("custom", None, parse_money(rest, unit="USD/hour"))
        except ParseError:
            raise ParseError(f"could not read the price in {quote(text)}; a custom GPU is "
                             "typed with its instance price, e.g. '$3.20/h custom gpu'") from None
    count, name = _counted(s)
    key = _plural_key(name, text)
    if key is None or key == "custom":
        raise ParseError(f"unknown GPU {quote(text)}; {_GPU_ACCEPTED}")
    if count is not None and not 1 <= count <= 64:
        raise ParseError(f"{quote(text)}: 1 to 64 GPUs per instance; {_GPU_ACCEPTED}")
    return GpuChoice(key, count)


def _canonical(name: str) -> str | None:
    try:
        return canonical_gpu(name)
    except UnknownGpuError:
        return None


_API_ACCEPTED = ("a model the price catalog lists, e.g. 'gpt-4o', 'GPT-4o mini', "
                 "'claude 3.5 sonnet', 'claude 3 haiku', 'gemini 2.5 pro'; or custom prices "
                 "per 1M tokens ('$2.50/1M in, $10/1M out')")


def parse_api_model(text: str, *, price_book: PriceBook = "current") -> str:
    """The catalog's id of an API model as people write it (``GPT-4o mini`` → ``gpt-4o-mini``)."""
    s = strip_fillers(clean(text))
    s = re.sub(r"^(?:(?:the|api|model|use|using)\s+)+", "", s)
    s = re.sub(r"\s+(?:api|model)$", "", s)
    if not re.fullmatch(r"[a-z0-9][a-z0-9 ._:/@+-]{0,79}", s):
        raise ParseError(f"unknown API model {quote(text)}; accepted: {_API_ACCEPTED}")
    try:
        return canonical_model(s, price_book=price_book)
    except (UnknownModelError, LookupError):
        raise ParseError(f"unknown API model {quote(text)}; accepted: {_API_ACCEPTED}") from None


@dataclass(frozen=True)
class FtModelChoice:
    """The fine-tuned model's size in billions of parameters and, when typed, the method."""

    size_b: float
    method: str | None = None

    @property
    def label(self) -> str:
        method = f" {choice_label(self.method)}" if self.method else ""
        return f"{show_number(self.size_b)}B{method}"


_FAMILY = re.compile(
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
    if len(tokens) == 1 and re.fullmatch(r"[0-9]{1,6}(?:\.[0-9]{1,4})?", tokens[0]):
        tokens = [tokens[0] + "b"]
    size: float | None = None
    method: str | None = None
    after_family = False
    for token in tokens:
        sized = re.fullmatch(r"([0-9]{1,6}(?:\.[0-9]{1,4})?)(b|bn|billion|m)", token)
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
