"""The field registry: every input of the engine declared once, and every surface derived
from it — the steps, the modal fields, the flags, the file keys, the assumptions' names."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import BaseModel

from bot.dialogue.parse import (
    ACCEPTED_CHANGES,
    FIELDS,
    ParseError,
    field,
    parse_step_answer,
    parse_whatif,
    read_field,
    value_at,
)
from bot.dialogue.parse.registry import asked_by, intake_fields, modal_fields
from bot.dialogue.steps import STEPS, step
from bot.slack.views.fields import scenario_fields
from engine.analysis import assumptions
from engine.models import Scenario, input_bounds, numeric_input_paths
from engine.resolve import resolve

AT = date(2026, 11, 24)


def leaves(model: BaseModel, prefix: str = "") -> set[str]:
    """Every input of a scenario, by dotted path (the ranges are not inputs, nor is the usage
    export the workload was measured from)."""
    found: set[str] = set()
    for name in type(model).model_fields:
        value = getattr(model, name)
        path = f"{prefix}{name}"
        if isinstance(value, BaseModel):
            found |= leaves(value, f"{path}.")
        elif path not in ("ranges", "measured"):
            found.add(path)
    return found


def test_every_input_of_the_engine_is_declared_once() -> None:
    paths = [f.path for f in FIELDS]
    assert len(paths) == len(set(paths))
    declared = {p for p in paths if p != "project.engineer_hours"}
    assert declared == leaves(Scenario()), "add a FieldSpec for each new input (registry.py)"


@pytest.mark.parametrize("spec", FIELDS, ids=lambda f: f.path)
def test_every_field_has_what_the_surfaces_need(spec) -> None:
    assert spec.label and spec.title and spec.help and spec.source and spec.examples
    value_at(Scenario(), spec.path)  # a real input
    if spec.kind.numeric and spec.path in numeric_input_paths():
        low, low_open, high, high_open = input_bounds(spec.path)
        assert (spec.bounds.low, spec.bounds.low_open, spec.bounds.high,
                spec.bounds.high_open) == (low, low_open, high, high_open)  # the engine's own


@pytest.mark.parametrize("spec", FIELDS, ids=lambda f: f.path)
def test_every_example_reads_as_its_field_through_its_own_step(spec) -> None:
    """Examples in messages come from the registry and fit the field."""
    for example in spec.examples:
        if spec.step is None:
            reading = read_field(example, spec)
            assert spec.path in reading.values, example
            continue
        parsed = parse_step_answer(example, step(spec.step).fields)
        assert parsed.complete, (example, parsed.problems)
        assert set(parsed.values) & {spec.path, *spec.kind.scaled(spec)}, (example,
                                                                           parsed.values)


@pytest.mark.parametrize("spec", [f for f in FIELDS if f.change], ids=lambda f: f.path)
def test_every_whatif_example_changes_its_own_field(spec) -> None:
    changes = parse_whatif(spec.change)
    assert {c.path for c in changes} & {spec.path, *spec.kind.scaled(spec)}, spec.change
    assert f"'{spec.change}'" in ACCEPTED_CHANGES


def test_labels_names_and_flags_are_unique() -> None:
    for attribute in ("label", "name"):
        values = [getattr(f, attribute) for f in FIELDS]
        assert len(values) == len(set(values)), attribute
    flags = [flag for f in FIELDS for flag in (f.flag, *f.aliases)]
    assert len(flags) == len(set(flags))


@pytest.mark.parametrize("spec", FIELDS, ids=lambda f: f.path)
def test_the_default_is_written_so_it_reads_back(spec) -> None:
    default = spec.default
    if default is None or spec.path == "project.engineer_hours":
        return
    text = spec.kind.write(default)
    assert read_field(text, spec).values[spec.path] == default, text


def test_the_steps_ask_every_intake_field_in_the_registrys_order() -> None:
    assert [f.path for s in STEPS for f in s.fields] == [f.path for f in intake_fields()]
    assert asked_by("api.priced_at").path == "api.model"
    with pytest.raises(KeyError, match=r"did you mean 'workload\.requests_per_day'"):
        field("workload.requests_per_dya")


def test_the_modals_offer_the_registrys_modal_fields_with_its_titles() -> None:
    offered = scenario_fields()
    assert [m.spec for m in offered] == list(modal_fields())
    for m in offered:
        assert m.spec.title and m.group in [s.title for s in STEPS]
        assert m.optional == (m.spec.empty is not None)


def _distinct(spec) -> float | None:
    for candidate in (3.77, 0.377, 37.7, 377.0, 7.0, 13.0):
        if spec.kind.whole and not candidate.is_integer():
            continue
        if candidate != spec.default and not spec.bounds.problem(candidate) \
                and candidate >= 0.01:
            return candidate
    return None


NUMERIC = [f for f in FIELDS if f.kind.numeric and f.path in numeric_input_paths()]


def test_the_assumptions_list_names_each_input_by_its_registry_title() -> None:
    """The engine's assumptions (engine/analysis.py) cannot import the registry: this keeps
    their names the registry's titles, found by changing each input and seeing which
    assumption moves (the engine adds what priced a price: "API input price (gpt-4o)")."""
    before = assumptions(Scenario(), resolve(Scenario(), at=AT))
    named = {}
    for spec in NUMERIC:
        value = _distinct(spec)
        assert value is not None, spec.path
        try:
            changed = Scenario().with_value(spec.path, value)
            after = assumptions(changed, resolve(changed, at=AT))
        except (ValueError, LookupError):
            continue  # needs other inputs beside it (a traffic shape needs both halves)
        for a, b in zip(after, before, strict=False):
            if a.name == b.name and a.value == value and b.value != value:
                # The first that moves is the input's own (the fine-tuned review rate, the
                # API's until measured, moves with the API's after it).
                named.setdefault(spec.path, a.name.split(" (")[0] if a.name.endswith(")")
                                 and not spec.title.endswith(")") else a.name)
    assert len(named) >= 20, named
    assert named == {path: field(path).title for path in named}


def test_a_refused_value_names_the_field_and_its_bounds() -> None:
    spec = field("project.model_lifetime_months")
    with pytest.raises(ParseError, match="at least 1 month and at most 600 months"):
        read_field("0.5", spec)
