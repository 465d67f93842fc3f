"""The answer: the cheapest qualifying option over the lifetime, said in one sentence.

The headline never contradicts the money. It names the option with the lowest lifetime
cost among those that meet the constraints (:func:`engine.options.cheapest`), says what it
costs a month and what it saves against today's bill, what it costs up front and when that
is paid back; then the self-hosted fine-tune when it is not the winner (that is the question
people bring), else the runner-up, the next cheapest qualifying option. Nothing says that
fine-tuning pays back or is cheaper unless its lifetime cost is below today's API's.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from engine.figures import months, percent, quantity, usd
from engine.models import Scenario
from engine.options import Option, cheapest

__all__ = ["Decision", "decide"]

Tone = Literal["good", "bad", "neutral"]


class Decision(BaseModel):
    """``best`` is the id of the cheapest qualifying option over the lifetime."""

    headline: str
    best: str
    runner_up: str | None
    tone: Tone
    options: list[Option]

    def option(self, option_id: str) -> Option:
        return next(o for o in self.options if o.id == option_id)

    @property
    def best_option(self) -> Option:
        return self.option(self.best)

    @property
    def current(self) -> Option:
        return next(o for o in self.options if o.kind == "current_api")

    @property
    def self_hosted(self) -> Option:
        return next(o for o in self.options if o.kind == "self_hosted_finetune")


def _lower(label: str) -> str:
    return label[:1].lower() + label[1:]


def _money(o: Option, current: Option) -> str:
    saves = current.monthly_usd - o.monthly_usd
    text = f"{usd(o.monthly_usd)}/month, " + (
        f"saves {usd(saves)}/month" if saves >= 0 else f"{usd(-saves)}/month more than today")
    if o.one_time_usd > 0:
        text += f", {usd(o.one_time_usd)} up front"
        if o.payback_months is not None and o.lifetime_usd < current.lifetime_usd:
            text += f", paid back in {months(o.payback_months)}"
    return text


def _caveat(o: Option, scenario: Scenario) -> str:
    """The quality assumption a switch to another model rests on."""
    if o.kind not in ("cheaper_api", "hosted_open_model") or o.id.startswith("hosted_lora:"):
        return ""
    rate = scenario.alternatives.review_rate
    if rate is None:
        rate = scenario.quality.review_rate_ft
    return f" — if it answers well enough at a {percent(rate)} review rate (evaluate it first)"


def _fine_tune_words(o: Option, current: Option, lifetime: str) -> str:
    """The self-hosted fine-tune beside a winner that is not it."""
    if o.failed:
        return f"fine-tuning and self-hosting does not qualify: {'; '.join(o.failed)}"
    saves = current.monthly_usd - o.monthly_usd
    if saves <= 0:
        return (f"fine-tuning and self-hosting would cost {usd(-saves)}/month more than today, "
                f"plus {usd(o.one_time_usd)} up front")
    if o.lifetime_usd >= current.lifetime_usd:
        return (f"fine-tuning and self-hosting would save {usd(saves)}/month but not recover its "
                f"{usd(o.one_time_usd)} up front within the {lifetime}-month lifetime")
    return (f"fine-tuning and self-hosting saves {usd(saves)}/month but costs "
            f"{usd(o.one_time_usd)} up front")


def decide(options: list[Option], scenario: Scenario) -> Decision:
    """The best option, the runner-up, and the headline that says so."""
    current = next(o for o in options if o.kind == "current_api")
    best = cheapest(options)
    lifetime = quantity(scenario.project.model_lifetime_months)
    rivals = sorted((o for o in options if o.meets_constraints and o.id != best.id),
                    key=lambda o: o.lifetime_usd)
    self_hosted = next(o for o in options if o.kind == "self_hosted_finetune")
    # The self-hosted fine-tune is always spoken of, with why it does not qualify.
    cheaper_but_barred = [o for o in options if not o.meets_constraints
                          and o.lifetime_usd < best.lifetime_usd and o.id != self_hosted.id]
    runner = rivals[0] if rivals else None
    if best.kind == "current_api":
        if runner is None:
            text = f"{best.label}: no other option meets your constraints"
        else:
            text = (f"{best.label}: nothing costs less over the {lifetime}-month lifetime; the "
                    f"closest, {_lower(runner.label)}, costs "
                    f"{usd(runner.lifetime_usd - best.lifetime_usd)} more over it")
            if runner.id != self_hosted.id:
                text += "; " + _fine_tune_words(self_hosted, current, lifetime)
        tone: Tone = "bad"
    else:
        text = f"{best.label}: {_money(best, current)}{_caveat(best, scenario)}"
        if best.id != self_hosted.id:
            text += "; " + _fine_tune_words(self_hosted, current, lifetime)
        elif runner is not None:
            text += (f"; runner-up: {_lower(runner.label)}, "
                     f"{usd(runner.lifetime_usd - best.lifetime_usd)} more over the "
                     f"{lifetime}-month lifetime")
        tone = "good" if best.lifetime_usd < current.lifetime_usd else "neutral"
    if cheaper_but_barred:
        text += (f" ({len(cheaper_but_barred)} cheaper option"
                 f"{'s' if len(cheaper_but_barred) > 1 else ''} left out by your constraints)")
    return Decision(headline=text, best=best.id, runner_up=runner.id if runner else None,
                    tone=tone, options=options)
