"""Every way a value enters ftroi, fed the edges of each kind: a typed answer in the chat, a
``ftroi roi`` flag, a TOML file, a JSON file, a range, a what-if, the Slack What if… modal.

Each either refuses the value with its own message (a prompt's errors, exit status 2, a
ParseError, the modal's errors) or takes it — and then the scenario is analysed, report and
all, without an exception: what is taken must be something the engine can compute (a
subnormal utilisation once ended in an OverflowError, a range for an input left to the
catalog in a ValueError, a 5,000-digit number or JSON nested 100,000 deep in a traceback)."""

from __future__ import annotations

import contextlib
import io
import json
import math
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bot.cli import build_parser
from bot.commands import roi_cmd
from bot.dialogue.draft import compose
from bot.dialogue.machine import handle
from bot.dialogue.parse import FIELDS, ParseError, parse_whatif, value_at
from bot.dialogue.parse.fields import SMALLEST
from bot.dialogue.replies import Prompt
from bot.dialogue.state import DialogueState, Start, Text
from bot.dialogue.whatif import apply_changes
from bot.reports.text import render_report
from bot.slack import ids
from bot.slack.listeners.flows.modal_read import WhatIf, read_whatif
from bot.slack.views.fields import initial_text, scenario_fields
from engine.analysis import analyse
from engine.errors import EngineError
from engine.models import Scenario, numeric_input_paths

AT = date(2026, 11, 24)
BASE = Scenario().with_value("api.priced_at", AT)
NUMERIC = [f for f in FIELDS if f.kind.numeric and f.path in numeric_input_paths()]
TYPED = [f for f in NUMERIC if f.step is not None and f.synonyms]
TAKEN = {0: "taken", 2: "refused"}
SETTINGS = settings(max_examples=80, deadline=None,
                    # Each example validates a whole scenario at every entry point: a
                    # deliberate 80-example budget, slower per example than hypothesis likes.
                    suppress_health_check=[HealthCheck.too_slow])


def edges(spec) -> st.SearchStrategy[float | int | bool]:
    """The edges of a field's kind: its bounds and just past them, zero and minus zero,
    subnormals and the smallest value taken, the largest floats, NaN, infinities, booleans,
    huge integers, and anything in between."""
    b = spec.bounds
    marks = [0.0, -0.0, 5e-324, 1e-310, 1e-308, SMALLEST / 2, SMALLEST, 1.0, -1.0, 1e308,
             1.7976931348623157e308, math.inf, -math.inf, math.nan, True, False, 2**63,
             10**30]
    for bound in (b.low, b.high):
        if bound is not None:
            marks += [bound, bound * (1 + 1e-12) + 1e-12, bound * (1 - 1e-12) - 1e-12,
                      math.nextafter(bound, math.inf), math.nextafter(bound, -math.inf)]
    return st.one_of(st.sampled_from(marks), st.floats(), st.integers(-10**6, 10**12))


def as_text(value: float | int | bool) -> str:
    return str(value).lower() if isinstance(value, bool) else repr(value)


def accepted(scenario: Scenario) -> None:
    """A scenario taken in: analysed and reported without an exception (a model that does
    not fit its GPUs is the engine's own refusal)."""
    try:
        analysis = analyse(scenario, at=AT, samples=200)
    except EngineError:
        return
    render_report(analysis, name="edge", colour=False)


def roi(*args: str) -> int:
    parsed = build_parser().parse_args(["roi", *args, "--at", AT.isoformat(), "--seed", "0"])
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = roi_cmd.run(parsed)
    assert code in (0, 2), err.getvalue()
    assert "Traceback" not in err.getvalue()
    if code == 2:
        assert err.getvalue().startswith("ftroi roi: ")
    return code


@SETTINGS
@given(st.sampled_from(TYPED), st.data())
def test_a_typed_answer(spec, data) -> None:
    value = data.draw(edges(spec))
    state, _ = handle(DialogueState(), Start(step=spec.step), today=AT)
    state, reply = handle(state, Text(f"{spec.synonyms[0]} {as_text(value)}"), today=AT)
    assert isinstance(reply, Prompt)
    if not reply.confirm:
        assert reply.errors
        event("refused")
        return
    event("taken")
    state, reply = handle(state, Text("yes"), today=AT)
    assert isinstance(reply, Prompt) and not reply.errors, reply.errors
    accepted(compose(BASE, state.draft))


@SETTINGS
@given(st.sampled_from(NUMERIC), st.data())
def test_a_flag(spec, data) -> None:
    value = data.draw(edges(spec))
    event(TAKEN[roi(f"{spec.flag}={as_text(value)}")])  # "=": a negative is not an option


def _toml(value: float | int | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if isinstance(value, float) and math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(value)


@SETTINGS
@given(st.sampled_from(NUMERIC), st.data(), st.sampled_from(["toml", "json"]))
def test_a_file(spec, data, suffix: str) -> None:
    value = data.draw(edges(spec))
    *tables, leaf = spec.path.split(".")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"edge.{suffix}"
        if suffix == "toml":
            path.write_text(f"[{'.'.join(tables)}]\n{leaf} = {_toml(value)}\n")
        else:
            nested: dict[str, object] = {leaf: value}
            for table in reversed(tables):
                nested = {table: nested}
            path.write_text(json.dumps(nested))
        event(TAKEN[roi(str(path))])


@SETTINGS
@given(st.sampled_from(NUMERIC), st.data())
def test_a_range(spec, data) -> None:
    low, high = data.draw(edges(spec)), data.draw(edges(spec))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "edge.toml"
        path.write_text(f'[ranges]\n"{spec.path}" = {{low = {_toml(low)}, high = '
                        f"{_toml(high)}}}\n")
        event(TAKEN[roi(str(path))])


def test_the_files_the_issue_names_are_refused_with_a_message(tmp_path) -> None:
    cases = {
        "subnormal.toml": "[model]\ntarget_utilisation = 1e-310\n",
        "throughput.toml": "[model]\nthroughput_tokens_per_s_per_instance = 1e-308\n",
        "catalog.toml": '[ranges]\n"model.throughput_tokens_per_s_per_instance" = '
                        "{low = 100, high = 200}\n",
        "wide.toml": '[ranges]\n"quality.human_review_rate_ft" = {low = 0, high = 1e12}\n',
        "deep.json": "[" * 100_000 + "]" * 100_000,
        "digits.json": '{"workload": {"requests_per_day": ' + "9" * 5_000 + "}}",
        "boolean.toml": "[workload]\nrequests_per_day = true\n",
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text)
        assert roi(str(tmp_path / name)) == 2, name
    (tmp_path / "bom.toml").write_bytes(b"\xef\xbb\xbf[workload]\nrequests_per_day = 100\n")
    assert roi(str(tmp_path / "bom.toml")) == 0


@SETTINGS
@given(st.sampled_from([f for f in TYPED if f.change]), st.data())
def test_a_whatif(spec, data) -> None:
    value = data.draw(edges(spec))
    key = spec.synonyms[0]
    for text in (f"{key} {as_text(value)}", f"{key} x{as_text(value)}"):
        try:
            scenario = apply_changes(BASE, parse_whatif(text), analysis=analyse(BASE, at=AT,
                                                                                samples=50))
        except ParseError as e:
            assert str(e)
            event("refused")
            continue
        event("taken")
        accepted(scenario)


def _prefilled() -> dict[str, str]:
    """The What if… modal's texts as it opens on ``BASE`` (what a submission unchanged sends)."""
    texts = {}
    for f in scenario_fields():
        value = value_at(BASE, f.spec.path)
        if f.choices:
            texts[f.spec.path] = {True: "yes", False: "no"}.get(value, str(value)) \
                if value is not None else ""
        else:
            texts[f.spec.path] = initial_text(f, value)
    return texts


PREFILLED = _prefilled()


@SETTINGS
@given(st.sampled_from([f for f in FIELDS if f.modal and f.kind.numeric]), st.data())
def test_the_slack_modal(spec, data) -> None:
    value = data.draw(edges(spec))
    texts = {**PREFILLED, ids.FORK_NAME: "edge", spec.path: as_text(value)}
    got = read_whatif(texts, BASE, analyse(BASE, at=AT, samples=50))
    event("taken" if isinstance(got, WhatIf) else "refused")
    if isinstance(got, WhatIf):
        accepted(got.inputs)
    else:
        assert got and all(got.values())
