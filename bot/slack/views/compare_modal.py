"""Compare with…: pick up to three other scenarios to set beside this one.

Up to 100 choices fit a static multi-select; beyond that (or when asked) the select is
external, and a listener answers its ``options`` requests with :func:`scenario_options`.
The pick's block_id and action_id are :data:`~bot.slack.ids.COMPARE_PICK`; each option's
value is a :class:`~bot.slack.values.ScenarioRef`.
"""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    Block,
    ExternalDataMultiSelectElement,
    InputBlock,
    InputInteractiveElement,
    Option,
    PlainTextObject,
    StaticMultiSelectElement,
)
from slack_sdk.models.views import View

from bot.slack import ids
from bot.slack.limits import OPTION_TEXT, OPTION_VALUE, OPTIONS, one_line, truncate
from bot.slack.values import ModalContext, ScenarioRef
from bot.slack.views.comparison import MAX_COMPARED
from bot.slack.views.kit import name_md, option, section
from bot.slack.views.scenario_modal import metadata
from storage.records import ScenarioSummary

__all__ = ["compare_modal", "scenario_options"]

OTHERS = MAX_COMPARED - 1


def scenario_options(summaries: Sequence[ScenarioSummary], *, exclude: str | None = None
                     ) -> list[Option]:
    """Options for a scenario select, newest first, at most 100: "Support bot · v3"."""
    out = []
    for s in summaries:
        value = ScenarioRef(s.id, s.latest_version).encode()
        if s.id == exclude or len(value) > OPTION_VALUE:
            continue
        suffix = f" · v{s.latest_version}"
        out.append(option(truncate(one_line(s.name), OPTION_TEXT - len(suffix)) + suffix, value))
        if len(out) == OPTIONS:
            break
    return out


def compare_modal(base: ScenarioSummary, choices: Sequence[ScenarioSummary], *,
                  channel_id: str | None = None, thread_ts: str | None = None,
                  external: bool | None = None) -> View:
    """Pick up to three scenarios to compare with ``base``; ``external`` forces (True) or
    forbids (False) an external select, which by default is used past 100 choices."""
    options = scenario_options(choices, exclude=base.id)
    others = [c for c in choices if c.id != base.id]
    use_external = external if external is not None else len(others) > OPTIONS
    name = name_md(base.name)
    context = ModalContext(base.id, base.latest_version, channel_id, thread_ts)
    if not use_external and not options:
        return View(type="modal", callback_id=ids.COMPARE_MODAL,
                    title=PlainTextObject(text="Compare with…"),
                    close=PlainTextObject(text="Close"), private_metadata=metadata(context),
                    blocks=[section(f"There is nothing to compare *{name}* with yet. Fork it "
                                    "with *What if…* first, or save another scenario.")])
    placeholder = PlainTextObject(text="Type to search scenarios" if use_external
                                  else "Choose scenarios")
    element: InputInteractiveElement = (
        ExternalDataMultiSelectElement(action_id=ids.COMPARE_PICK, min_query_length=0,
                                       max_selected_items=OTHERS, placeholder=placeholder)
        if use_external else
        StaticMultiSelectElement(action_id=ids.COMPARE_PICK, options=options,
                                 max_selected_items=OTHERS, placeholder=placeholder))
    blocks: list[Block] = [
        section(f"Set *{name}* (version {base.latest_version}) beside up to {OTHERS} other "
                "scenarios. The comparison is posted where this card is."),
        InputBlock(block_id=ids.COMPARE_PICK, label=PlainTextObject(text="Compare with"),
                   element=element),
    ]
    return View(type="modal", callback_id=ids.COMPARE_MODAL,
                title=PlainTextObject(text="Compare with…"),
                submit=PlainTextObject(text="Compare"), close=PlainTextObject(text="Cancel"),
                private_metadata=metadata(context), blocks=blocks)
