"""GPUs as people name them, learned from the GPU catalog's rows alone.

Names resolve through the catalog (``canonical_gpu`` and each row's aliases), and every list
of accepted GPUs in a message is built from the same rows, so adding a GPU is one data row.
``2x a10g`` is **two GPUs in one instance** (the source document's "70B on 2×A100 80GB" is
one server with two GPUs, and its catalog rows price whole instances); a count of separate
servers is typed as instances. A name that is not in the catalog is refused, with the
closest catalog names when there are any.

>>> parse_gpu("2x a10g"), parse_gpu("A100 80GB x4").label
(GpuChoice(gpu='a10g', count=2, usd_per_hour=None), '4× A100 80GB')
>>> parse_gpu("h10O")
Traceback (most recent call last):
...
bot.dialogue.parse.text.ParseError: unknown GPU 'h10O'; did you mean 'H100'? accepted: ...
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.dialogue.parse.lazy_pattern import lazy
from bot.dialogue.parse.money import parse_money
from bot.dialogue.parse.suggest import did_you_mean
from bot.dialogue.parse.text import ParseError, clean, quote, strip_fillers, usd
from engine.catalog.gpus import canonical_gpu, load_gpu_catalog
from engine.errors import UnknownGpuError

__all__ = ["GPU_LEADS", "GpuChoice", "gpu_accepted", "gpu_keys", "gpu_label", "names_gpu",
           "parse_gpu"]


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
    lazy(rf"^{_N} ?(?:x|×|\*) ?(?P<name>.+)$"),
    lazy(rf"^(?P<name>.+?) ?(?:x|×|\*) ?{_N}$"),
    lazy(rf"^{_N} (?P<name>.+)$"),
]
GPU_LEADS = ("a", "an", "on", "with", "via", "nvidia", "use", "using", "served", "serving",
             "serve", "running", "run", "hosted", "deployed")
"""Words that may come before a GPU and carry nothing: "served on 2x a100 80gb"."""
_LEAD_RE = lazy(rf"^(?:(?:{'|'.join(GPU_LEADS)})\s+)+")
_MEMORY = r"(?P<gb>[0-9]{1,4}) ?(?:gb|gib|g)"
_WITH_MEMORY = [
    lazy(rf"^(?P<base>.+?)[ _-]?{_MEMORY}$"),
    lazy(rf"^{_MEMORY}[ _-]?(?P<base>.+)$"),
]


def gpu_keys() -> tuple[str, ...]:
    """The catalog's GPUs, in its order."""
    return tuple(load_gpu_catalog().specs)


def gpu_accepted() -> str:
    """What a GPU field accepts: every catalog GPU by its label, a count, a custom price."""
    labels = ", ".join(gpu_label(key) for key in gpu_keys())
    return (f"accepted: {labels}, with an optional count of GPUs per instance ('2x a10g', "
            "'A100 80GB x4', '4xA100-40GB'), or a custom instance price ('$3.20/h custom gpu')")


def _suggest(name: str) -> str:
    catalog = load_gpu_catalog()
    known = [gpu_label(key) for key in catalog.specs]
    found = did_you_mean(name, known) or did_you_mean(
        name, [a for spec in catalog.specs.values() for a in (spec.aliases or "").split("|")
               if a])
    return f"{found} " if found else ""


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
                         f"{gpu_accepted()}")
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
        raise ParseError(f"unknown GPU {quote(text)}; {_suggest(name)}{gpu_accepted()}")
    if count is not None and not 1 <= count <= 64:
        raise ParseError(f"{quote(text)}: 1 to 64 GPUs per instance; {gpu_accepted()}")
    return GpuChoice(key, count)


def _canonical(name: str) -> str | None:
    try:
        return canonical_gpu(name)
    except UnknownGpuError:
        return None


