"""Reading what people type in the guided conversation: the parsers' public face.

No Slack and no I/O here: text in, typed values out, or a :class:`ParseError` whose message
quotes what was typed and says what is accepted, with examples. Nothing is guessed
silently; every reading comes with an echo to confirm.

* **One value** — ``parse_count`` (``50k``, ``2.5M tokens/day``, ``80k req/day``),
  ``parse_integer``, ``parse_money`` (``$1.03/hr``, ``$2.50 per million tokens``,
  ``$3,600/month`` for an hourly field), ``parse_rate`` (``3%``, ``0.03``; a bare ``3`` is
  refused), ``parse_duration`` (``18 months``, ``1.5 years``), ``parse_gpu`` (``2x a10g``),
  ``parse_api_model`` (``claude 3.5 sonnet``), ``parse_ft_model`` (``7b qlora``),
  ``parse_level``, ``parse_bool``, ``parse_pricing``, ``parse_quantisation``,
  ``parse_engine``, ``parse_method``, ``parse_instances`` (``auto`` → ``None``);
  ``read_field(text, spec)`` reads any of them into a :class:`FieldSpec`, with its echo.
* **One step's answer** — ``parse_step_answer(text, fields)`` → :class:`Parsed`
  (values by dotted path, echo lines, what could not be read).
* **What-if** — ``parse_whatif(text)`` → a list of :class:`Change`.
* **Writing values back** — ``format_count``, ``format_money`` (they read back exactly).

Exceptions::

    ValueError
    └── ParseError    typed text that could not be read (quoted, with what is accepted)

>>> parse_step_answer("50k/day", [FieldSpec("workload.requests_per_day", "requests/day",
...                                         "count", "requests/day")]).values
{'workload.requests_per_day': 50000.0}
"""

from __future__ import annotations

from bot.dialogue.parse_fields import KINDS, FieldSpec, Kind, Reading, example, read_field
from bot.dialogue.parse_money import parse_money, read_money
from bot.dialogue.parse_names import (
    FtModelChoice,
    GpuChoice,
    parse_api_model,
    parse_bool,
    parse_choice,
    parse_engine,
    parse_ft_model,
    parse_gpu,
    parse_instances,
    parse_level,
    parse_method,
    parse_pricing,
    parse_quantisation,
)
from bot.dialogue.parse_quantity import (
    parse_count,
    parse_duration,
    parse_integer,
    parse_rate,
    read_count,
    read_duration,
)
from bot.dialogue.parse_step import Parsed, Unread, parse_step_answer
from bot.dialogue.parse_text import ParseError, format_count, format_money
from bot.dialogue.parse_whatif import ACCEPTED_CHANGES, Change, parse_whatif

__all__ = [
    "ACCEPTED_CHANGES",
    "KINDS",
    "Change",
    "FieldSpec",
    "FtModelChoice",
    "GpuChoice",
    "Kind",
    "ParseError",
    "Parsed",
    "Reading",
    "Unread",
    "example",
    "format_count",
    "format_money",
    "parse_api_model",
    "parse_bool",
    "parse_choice",
    "parse_count",
    "parse_duration",
    "parse_engine",
    "parse_ft_model",
    "parse_gpu",
    "parse_instances",
    "parse_integer",
    "parse_level",
    "parse_method",
    "parse_money",
    "parse_pricing",
    "parse_quantisation",
    "parse_rate",
    "parse_step_answer",
    "parse_whatif",
    "read_count",
    "read_duration",
    "read_field",
    "read_money",
]
