"""The source document's fit score: its ``should_fine_tune`` scoring, exactly.

It is one section of the report, labelled as the source document's fit score — never the
headline, which is the cheapest option over the lifetime (:mod:`engine.choice`): the score
weighs volume, task and team, not money, and can favour fine-tuning that never pays back.

Scores and verdict bands are the seed's, exactly; every reason is kept, in the seed's order
and words, except that the reasons naming models ("fine-tuned 7B may not match GPT-4") name
the scenario's own when they are given (``models``). Two more things differ. Where the
monthly API bill comes from: the seed prices all tokens at one blended $/1M, while the
analysis passes its own bill (input and output priced apart). And how the bill is written
in its reason: by the one rounding rule (:func:`engine.figures.usd`), so the reason reads as
the report's API bill beside it ($1,483.20, where the seed's ``${:,.0f}`` wrote $1,483). The
seed-compatible entry point in :mod:`engine.seed_compat` keeps the blended bill and the
seed's own writing of it.

>>> from engine.models import QualityFit
>>> r = recommend(monthly_api_usd=7_500, quality=QualityFit(task_consistency="high"))
>>> r.score, r.verdict
(5, 'STRONG: Fine-tune')
>>> r.reasons[0]
'API cost $7,500.00/month is high - fine-tuning serving will likely be cheaper'
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel

from engine.figures import usd
from engine.models import QualityFit

__all__ = ["VERDICTS", "Recommendation", "recommend", "verdict_for"]

# (lowest score, verdict, rationale) — the seed's bands, highest first.
VERDICTS: tuple[tuple[float, str, str], ...] = (
    (3, "STRONG: Fine-tune",
     "Multiple factors favor fine-tuning: high volume, consistent task, latency requirements"),
    (1, "LEAN: Fine-tune", "Marginal case - build detailed ROI model before committing"),
    (-1, "NEUTRAL: Build ROI model",
     "Could go either way - depends heavily on actual costs and quality tradeoffs"),
    (-3, "LEAN: Use API",
     "Multiple factors favor API: lower volume, task variability, or iteration speed"),
    (float("-inf"), "STRONG: Use API",
     "Fine-tuning economics strongly unfavorable at this scale or for this use case"),
)


class Recommendation(BaseModel):
    verdict: str
    rationale: str
    score: int
    monthly_api_usd: float
    reasons: list[str]

    @property
    def favours_fine_tuning(self) -> bool:
        return self.score >= 1

    @property
    def label(self) -> str:
        """How every surface names it: the source document's fit score, not a verdict."""
        return f"The source document's fit score: {self.verdict} (score {self.score:+d})"


def verdict_for(score: int) -> tuple[str, str]:
    """The seed's verdict and rationale for a score."""
    for lowest, verdict, rationale in VERDICTS:
        if score >= lowest:
            return verdict, rationale
    raise AssertionError("the last band has no lower bound")  # pragma: no cover


def recommend(
    *,
    monthly_api_usd: float,
    quality: QualityFit,
    money: Callable[[float], str] = usd,
    models: tuple[float, str | None] | None = None,
) -> Recommendation:
    """Score the case for fine-tuning as the source document does, with every reason.

    ``money`` writes the monthly API bill in its reason: the one rounding rule, unless the
    seed's facade asks for the seed's own writing. ``models`` (fine-tuned size in billions,
    the API model) puts the scenario's own models in the reasons that name models; without
    it they read as the seed's ("7B", "GPT-4").

    >>> r = recommend(monthly_api_usd=900, quality=QualityFit(quality_requirement="high"),
    ...               models=(13, "gpt-4o-mini"))
    >>> r.reasons[1]
    'High quality requirement: fine-tuned 13B may not match gpt-4o-mini on difficult reasoning'
    """
    ft, api = ("7B", "GPT-4") if models is None else (f"{models[0]:g}B", models[1] or "the API")
    score = 0
    reasons: list[str] = []
    bill = money(monthly_api_usd)
    if monthly_api_usd > 5000:
        score += 3
        reasons.append(f"API cost {bill}/month is high - fine-tuning serving will likely be "
                       "cheaper")
    elif monthly_api_usd > 1000:
        score += 1
        reasons.append(f"API cost {bill}/month is medium - need to model full project cost")
    else:
        score -= 2
        reasons.append(f"API cost {bill}/month is low - API almost certainly cheaper at this "
                       "volume")

    if quality.task_consistency == "high":
        score += 2
        reasons.append("High task consistency = smaller, specialized model can match large "
                       "general model")
    elif quality.task_consistency == "low":
        score -= 2
        reasons.append("Low task consistency = fine-tuned model will struggle with edge cases; "
                       f"use {api}")

    latency = quality.latency_requirement_ms
    if latency < 500:
        score += 2
        reasons.append(f"Strict latency ({latency}ms) = self-hosted smaller model wins on p99 "
                       "latency")
    elif latency < 2000:
        score += 1
        reasons.append(f"Moderate latency requirement ({latency}ms) - both viable")

    if quality.quality_requirement == "high":
        score -= 1
        reasons.append(f"High quality requirement: fine-tuned {ft} may not match {api} on "
                       "difficult reasoning")
    elif quality.quality_requirement == "low":
        score += 1
        reasons.append("Low quality threshold: smaller fine-tuned model likely sufficient")

    if not quality.team_ml_expertise:
        score -= 2
        reasons.append("No ML expertise: engineering cost will be high, consider managed "
                       "fine-tuning")
    if quality.iteration_speed_priority:
        score -= 2
        reasons.append("Fast iteration is priority: API allows prompt changes instantly, "
                       "fine-tuning requires retraining")

    verdict, rationale = verdict_for(score)
    return Recommendation(verdict=verdict, rationale=rationale, score=score,
                          monthly_api_usd=monthly_api_usd, reasons=reasons)
