"""Reading what people type, organised around the field registry: the package's face.

No Slack and no I/O here: text in, typed values out, or a :class:`ParseError` whose message
quotes what was typed and says what is accepted, with examples. Nothing is guessed
silently; every reading comes with an echo to confirm.

* **The fields** — :data:`FIELDS` (:mod:`~bot.dialogue.parse.registry`): every input
  declared once as a :class:`FieldSpec` whose ``kind`` (:mod:`~bot.dialogue.parse.kinds`,
  :mod:`~bot.dialogue.parse.kinds_named`) reads, shows and checks its values;
  ``field(path)`` finds one.
* **One value** — ``read_field(text, spec)`` reads any field, with its echo; the value
  parsers under it: ``parse_count`` (``50k``, ``2.5M tokens/day``, ``80k req/day``),
  ``parse_integer``, ``parse_money`` (``$1.03/hr``, ``$2.50 per million tokens``),
  ``parse_rate`` (``3%``, ``0.03``; a bare ``3`` is refused), ``parse_duration``
  (``18 months``), ``parse_gpu`` (``2x a10g``), ``parse_api_model`` (``claude 3.5
  sonnet``), ``parse_ft_model`` (``7b qlora``), ``parse_level``, ``parse_bool``,
  ``parse_pricing``, ``parse_quantisation``, ``parse_engine``, ``parse_method``,
  ``parse_instances`` (``auto`` → ``None``), ``read_effort`` (``2 people for 6 weeks``).
* **One step's answer** — ``parse_step_answer(text, fields)`` → :class:`Parsed`
  (values by dotted path, echo lines, what could not be read, what the step takes).
* **What-if** — ``parse_whatif(text)`` → a list of :class:`Change`.
* **Writing values back** — ``format_count``, ``format_money`` (they read back exactly).

Exceptions::

    ValueError
    └── ParseError    typed text that could not be read (quoted, with what is accepted)

>>> parse_step_answer("50k/day", [field("workload.requests_per_day")]).values
{'workload.requests_per_day': 50000.0}
"""

from __future__ import annotations

from bot.dialogue.parse.assemble import Parsed, Unread
from bot.dialogue.parse.effort import Effort, read_effort
from bot.dialogue.parse.fields import Bounds, Context, FieldSpec, Reading, read_field, value_at
from bot.dialogue.parse.gpus import GpuChoice, parse_gpu
from bot.dialogue.parse.kinds import Count, Duration, Hours, Kind, Money, Rate
from bot.dialogue.parse.kinds_named import (
    ApiModel,
    Choice,
    DateKind,
    FtModel,
    Gpu,
    Instances,
    Name,
    YesNo,
)
from bot.dialogue.parse.money import WORKING_HOURS_PER_YEAR, parse_money, read_money
from bot.dialogue.parse.names import (
    FtModelChoice,
    parse_api_model,
    parse_bool,
    parse_choice,
    parse_engine,
    parse_ft_model,
    parse_instances,
    parse_level,
    parse_method,
    parse_pricing,
    parse_quantisation,
)
from bot.dialogue.parse.quantity import (
    parse_count,
    parse_duration,
    parse_integer,
    parse_rate,
    read_count,
    read_duration,
)
from bot.dialogue.parse.registry import (
    FIELDS,
    asked_by,
    field,
    intake_fields,
    modal_fields,
    suggest_field,
)
from bot.dialogue.parse.sentence import parse_step_answer
from bot.dialogue.parse.text import ParseError, format_count, format_money
from bot.dialogue.parse.whatif import ACCEPTED_CHANGES, Change, parse_whatif

__all__ = [
    "ACCEPTED_CHANGES",
    "FIELDS",
    "WORKING_HOURS_PER_YEAR",
    "ApiModel",
    "Bounds",
    "Change",
    "Choice",
    "Context",
    "Count",
    "DateKind",
    "Duration",
    "Effort",
    "FieldSpec",
    "FtModel",
    "FtModelChoice",
    "Gpu",
    "GpuChoice",
    "Hours",
    "Instances",
    "Kind",
    "Money",
    "Name",
    "ParseError",
    "Parsed",
    "Rate",
    "Reading",
    "Unread",
    "YesNo",
    "asked_by",
    "field",
    "format_count",
    "format_money",
    "intake_fields",
    "modal_fields",
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
    "read_effort",
    "read_field",
    "read_money",
    "suggest_field",
    "value_at",
]
