"""The field registry: every input of a scenario declared once, and everything about it
derived from that declaration.

From the one :class:`~bot.dialogue.parse.fields.FieldSpec` of each input
(:data:`~bot.dialogue.parse.table.TABLE`) come: the intake step that asks it and the
examples and help of that step (:mod:`bot.dialogue.steps`), the Edit… and What if… modal
inputs (``bot/slack/views/fields.py``), the what-if targets (``parse_whatif``), ``change
<field>``, every ``ftroi roi`` flag (one per field, named after it, old names kept as
aliases), the TOML/JSON keys of a scenario file (its path) and the check of every value a
file gives, the headings of the assumptions list (``title``), and the help tables of the
command line and the README (:func:`fields_table`, :func:`steps_table`). A field's bounds
are the engine model's own (``engine/models.py``), read, not copied.

Adding a field
--------------
1. Add the input to its engine model in ``engine/models.py`` (with its bounds and default).
2. Add one ``FieldSpec`` to ``TABLE`` (:mod:`bot.dialogue.parse.table`), where the intake
   should ask it::

       F("quality.maintenance_hours_per_month", "maintenance hours/month",
         Count("hours/month"), "quality", title="Maintenance hours per month",
         source="ftroi: none until you say", synonyms=("maintenance", "upkeep"),
         examples=("maintenance 10 hours a month",),
         help="engineer hours a month to keep the model running",
         change="maintenance 20 hours")

   ``path`` (dotted, the TOML/JSON key), ``label`` (echo lines), ``kind`` (an object of
   :mod:`~bot.dialogue.parse.kinds`/``kinds_named``: ``Count(unit)``, ``Money(unit)``,
   ``Rate()``, ``Duration(unit)``, ``Choice(key)``, ``YesNo()``, ``Gpu()``, ``ApiModel()``…),
   ``step`` (the intake step's id; leave it out for a file/flag-only input), then
   ``title`` (headings, the assumptions' name), ``synonyms`` (the words people use for it:
   they tie a number in a sentence to it and name it in ``change`` and what-ifs),
   ``topic`` (words about it that do not name it alone, shared with its siblings: "review"
   for both review rates; they are dropped from its value), ``presumed`` and
   ``presumed_echo`` (words that tie a value to it by a presumption the echo states: "we
   review 3%" is today's review rate, the API's), ``examples`` (answers that read as it —
   the first is the one messages show; a test reads every one through the real step),
   ``help``, ``source`` (where the default comes from),
   ``change`` (a what-if example), ``modal=True`` to offer it in the modals, ``empty``
   (what leaving it unset means), ``needs_cue=True`` when a bare value must not go to it,
   ``same_as`` (a field "same as today" copies), ``owns``/``resets`` (paths a reading sets
   beside its own / resets to the catalog's), ``name``/``aliases`` (the flag's name when the
   path's last part is not unique, and old flag names).
3. Nothing else: the intake, the modals, ``ftroi roi --<name>``, files, what-if and the
   README table (``tests/test_docs.py`` says when to paste the new table) follow. A new
   *kind* of value is a class with ``read``/``show``/``write``/``check``.

Adding a GPU or an API model is one row of the catalogs; their names are read from there.

>>> field("workload.requests_per_day").flag, field("project.engineer_usd_per_hour").title
('--requests-per-day', 'Engineer hourly rate')
>>> asked_by("model.gpus_per_instance").label
'GPU'
>>> field("workload.requests_per_dya")
Traceback (most recent call last):
...
KeyError: "'workload.requests_per_dya' is not an input; did you mean \
'workload.requests_per_day'?"
"""

from __future__ import annotations

from functools import cache

from bot.dialogue.parse.fields import FieldSpec
from bot.dialogue.parse.suggest import did_you_mean
from bot.dialogue.parse.table import TABLE

__all__ = ["FIELDS", "asked_by", "field", "fields_table", "in_step", "intake_fields",
           "modal_fields", "steps_table", "suggest_field"]

FIELDS: tuple[FieldSpec, ...] = TABLE
"""Every input, in the order the intake asks them (file- and flag-only inputs among them)."""

_BY_PATH = {f.path: f for f in FIELDS}


def field(path: str) -> FieldSpec:
    """The field at ``path``; ``KeyError`` with the nearest paths otherwise."""
    try:
        return _BY_PATH[path]
    except KeyError:
        near = did_you_mean(path, _BY_PATH)
        raise KeyError(f"{path!r} is not an input{'; ' + near if near else ''}") from None


def intake_fields() -> tuple[FieldSpec, ...]:
    """The fields the intake asks, in its order."""
    return tuple(f for f in FIELDS if f.step is not None)


@cache
def in_step(step_id: str) -> tuple[FieldSpec, ...]:
    """The fields one intake step asks, in its order."""
    return tuple(f for f in FIELDS if f.step == step_id)


@cache
def asked_by(path: str) -> FieldSpec:
    """The intake field that asks for ``path``, or sets it through its answers (``2x a10g``
    sets ``model.gpus_per_instance`` through the GPU); ``KeyError`` when none does."""
    for f in intake_fields():
        if f.path == path or path in f.owns:
            return f
    raise KeyError(f"no step asks for {path!r}")


def modal_fields() -> tuple[FieldSpec, ...]:
    """The inputs the Edit scenario and What if… modals offer, in the intake's order."""
    return tuple(f for f in FIELDS if f.modal)


def suggest_field(typed: str) -> str:
    """``"did you mean …?"`` with the fields whose name, label or words are close to
    ``typed``; ``""`` for none."""
    names = [n for f in intake_fields() for n in (f.label, f.name.replace("_", " "),
                                                  *f.synonyms)]
    return did_you_mean(typed, names)


def steps_table(steps: tuple[tuple[str, str], ...]) -> str:
    """The README's table of the intake: each step (id, title) with its fields' labels."""
    rows = ["| step | fields |", "| --- | --- |"]
    for n, (step_id, title) in enumerate(steps, 1):
        labels = ", ".join(f.label for f in in_step(step_id)) or "the scenario's name"
        rows.append(f"| {n}. {title} | {labels} |")
    return "\n".join(rows)


def fields_table() -> str:
    """The README's (and ``ftroi roi --help``'s) table of every input: its flag, what it
    is, its unit and bounds, its default and where the default comes from."""
    rows = ["| flag / file key | input | accepts | default (source) |", "| --- | --- | --- | --- |"]
    for f in FIELDS:
        accepts = f.kind.example
        if f.kind.numeric and f.bounds.low is not None:
            accepts = f"{f.bounds.describe(f.kind.show_bound)}; e.g. {f.example}"
        elif f.examples:
            accepts = f"e.g. {f.example}"
        default = f.default
        shown = f.source if default is None else f"{f.kind.show(default)} ({f.source})"
        flags = " ".join(f"`{flag}`" for flag in (f.flag, *f.aliases))
        rows.append(f"| {flags} `{f.path}` | {f.title} | {accepts} | {shown} |")
    return "\n".join(rows)
