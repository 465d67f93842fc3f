"""Scenarios side by side, and what a what-if changed, as plain text for a terminal.

* :func:`render_comparison` — 2–4 named analyses in columns, one row per figure (each one's
  best option and its lifetime cost, today's API and the self-hosted fine-tune over the
  lifetime, the monthly API bill, the fine-tuned total and its parts, savings, the project's
  compute and engineering, payback, break-even against today's volume, $/1M tokens, the
  source document's fit score), ranked beneath by what the company pays over the lifetime
  (:func:`ranked`), each other column's difference from the first in brackets beneath its
  value. It fits :data:`~bot.reports.layout.WIDTH` columns as a terminal draws them (a wide
  character takes two): names wrap within their column and are shortened with "…" beyond
  three lines; the verdicts under the table name every scenario in full.
* :func:`render_fork_delta` — what a fork changed (each input old → new, as the intake
  shows it) and what that did (savings, payback, break-even, the verdict, old → new).

Every figure goes through :mod:`engine.figures`. What two versions' inputs differ in is
:mod:`bot.reports.changes`; text wrapped by terminal columns, :mod:`bot.reports.layout`
(both also importable from here, as before).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.reports.card import verdict
from bot.reports.changes import changed_inputs
from bot.reports.layout import WIDTH, _fit, pairs, text_width, wrap_wide
from engine.analysis import Analysis
from engine.figures import months, percent, quantity, tokens, unit_usd, usd

__all__ = ["MAX_COMPARED", "MIN_COMPARED", "changed_inputs", "ranked", "render_comparison",
           "render_fork_delta", "text_width", "wrap_wide"]

MIN_COMPARED, MAX_COMPARED = 2, 4
_NAME_LINES = 3
_GAP = "  "

Figure = Callable[[Analysis], float | None]


def _pad(text: str, width: int, *, right: bool) -> str:
    space = " " * max(width - text_width(text), 0)
    return space + text if right else text + space


def _signed(fmt: Callable[[float], str]) -> Callable[[float], str]:
    def write(diff: float) -> str:
        text = fmt(abs(diff))
        return text if text in (fmt(0.0), "0") else ("-" if diff < 0 else "+") + text
    return write


def _shown_months(a: Analysis) -> float | None:
    """Payback as shown (one decimal), so its difference adds up on the page."""
    text = months(a.payback_months)
    return None if text == months(None) else float(text.split()[0].replace(",", ""))


def _break_even(a: Analysis, unit: str = "") -> str:
    be = a.break_even.tokens_per_day
    return tokens(be) + unit if be is not None else "none"


def _today(a: Analysis, unit: str = "") -> str:
    be = a.break_even
    side = "" if be.tokens_per_day is None else (" (above)" if be.above else " (below)")
    return tokens(be.current_tokens_per_day) + unit + side


def _effective(a: Analysis) -> str:
    own = a.serving.usd_per_1m_effective
    return unit_usd(own) if own is not None else "no traffic"


def _api_blended(a: Analysis) -> str:
    price = a.break_even.api_usd_per_1m_blended
    return unit_usd(price) if price is not None else "n/a"


_MONEY = _signed(usd)
_PER_DAY = " tokens/day"
# (label, value as shown, the figure a difference is taken of, how it is written)
_ROWS: tuple[tuple[str, Callable[[Analysis], str], Figure | None,
                   Callable[[float], str] | None], ...] = (
    ("Best option", lambda a: a.decision.best_option.label, None, None),
    ("  lifetime cost", lambda a: usd(a.decision.best_option.lifetime_usd),
     lambda a: a.decision.best_option.lifetime_usd, _MONEY),
    ("Today's API, lifetime", lambda a: usd(a.decision.current.lifetime_usd),
     lambda a: a.decision.current.lifetime_usd, _MONEY),
    ("Self-hosted, lifetime", lambda a: usd(a.decision.self_hosted.lifetime_usd),
     lambda a: a.decision.self_hosted.lifetime_usd, _MONEY),
    ("Lifetime, months", lambda a: quantity(a.project.lifetime_months), None, None),
    ("API bill/month", lambda a: usd(a.monthly.api_usd), lambda a: a.monthly.api_usd, _MONEY),
    ("Fine-tuned/month", lambda a: usd(a.monthly.ft_total_usd),
     lambda a: a.monthly.ft_total_usd, _MONEY),
    ("  serving", lambda a: usd(a.monthly.serving_usd), lambda a: a.monthly.serving_usd, _MONEY),
    ("  ongoing engineering", lambda a: usd(a.monthly.ongoing_engineering_usd),
     lambda a: a.monthly.ongoing_engineering_usd, _MONEY),
    ("  storage", lambda a: usd(a.monthly.storage_usd), lambda a: a.monthly.storage_usd, _MONEY),
    ("  project, amortised", lambda a: usd(a.monthly.amortised_project_usd),
     lambda a: a.monthly.amortised_project_usd, _MONEY),
    ("  review delta", lambda a: usd(a.monthly.review_delta_usd),
     lambda a: a.monthly.review_delta_usd, _MONEY),
    ("Savings/month", lambda a: usd(a.monthly.savings_usd), lambda a: a.monthly.savings_usd,
     _MONEY),
    ("Project, one-time", lambda a: usd(a.project.total_usd), lambda a: a.project.total_usd,
     _MONEY),
    ("  compute", lambda a: usd(a.project.compute_usd), lambda a: a.project.compute_usd, _MONEY),
    ("  engineering", lambda a: usd(a.project.engineering_usd),
     lambda a: a.project.engineering_usd, _MONEY),
    ("Payback", lambda a: months(a.payback_months), _shown_months, _signed(months)),
    ("Break-even tokens/day", _break_even, lambda a: a.break_even.tokens_per_day,
     _signed(tokens)),
    ("Today, tokens/day", _today, lambda a: a.break_even.current_tokens_per_day,
     _signed(tokens)),
    ("Self-hosted $/1M", _effective, lambda a: a.serving.usd_per_1m_effective,
     _signed(unit_usd)),
    ("  at utilisation", lambda a: percent(a.serving.utilisation), None, None),
    ("API $/1M, blended", _api_blended, lambda a: a.break_even.api_usd_per_1m_blended,
     _signed(unit_usd)),
    ("Fit score (document)", lambda a: a.recommendation.verdict, None, None),
    ("  score", lambda a: f"{a.recommendation.score:+d}",
     lambda a: float(a.recommendation.score), _signed(lambda v: f"{v:g}")),
)
_LABEL = max(len(label) for label, *_ in _ROWS)


def _cells(a: Analysis, base: Analysis, *, first: bool) -> list[list[str]]:
    """One list of lines per row: the value, then (not in the first column) its difference."""
    out = []
    for _, shown, figure, write in _ROWS:
        lines = [shown(a)]
        if not first and figure is not None and write is not None:
            mine, theirs = figure(a), figure(base)
            if mine is not None and theirs is not None:
                diff = write(mine - theirs)
                lines.append("(same)" if diff == write(0.0) else f"({diff})")
        out.append(lines)
    return out


def ranked(analyses: Sequence[tuple[str, Analysis]]) -> list[tuple[str, Analysis]]:
    """The scenarios by what the company pays over the lifetime, their best option each."""
    return sorted(analyses, key=lambda row: row[1].decision.best_option.lifetime_usd)


def _best(analyses: Sequence[tuple[str, Analysis]]) -> str:
    name, a = ranked(analyses)[0]
    best = a.decision.best_option
    return (f"Lowest cost to the company: {name}, by its best option ({best.label}): "
            f"{usd(best.lifetime_usd)} over its {quantity(a.project.lifetime_months)}-month "
            f"lifetime, {usd(best.monthly_usd)}/month.")


def render_comparison(analyses: Sequence[tuple[str, Analysis]]) -> str:
    """2–4 ``(name, analysis)`` side by side; differences are against the first."""
    rows = list(analyses)
    if not MIN_COMPARED <= len(rows) <= MAX_COMPARED:
        raise ValueError(f"analyses: {len(rows)} scenarios cannot be compared — give "
                         f"{MIN_COMPARED} to {MAX_COMPARED}")
    base = rows[0][1]
    columns = [_cells(a, base, first=i == 0) for i, (_, a) in enumerate(rows)]
    room = (WIDTH - _LABEL - len(_GAP) * len(rows)) // len(rows)
    widths = []
    for (name, _), cells in zip(rows, columns, strict=True):
        content = max(text_width(line) for row in cells for line in row)
        widths.append(min(room, max(content, min(text_width(name), 24))))
    heads = [_fit(name, w, lines=_NAME_LINES) for (name, _), w in zip(rows, widths, strict=True)]

    def block(label: str, parts: list[list[str]]) -> list[str]:
        height = max(len(p) for p in parts)
        return [(_pad(label if n == 0 else "", _LABEL, right=False) + "".join(
                    _GAP + _pad(p[n] if n < len(p) else "", w, right=True)
                    for p, w in zip(parts, widths, strict=True))).rstrip()
                for n in range(height)]

    tall = max(len(h) for h in heads)
    lines = [wrap_wide(f"Comparison of {len(rows)} scenarios; differences in brackets are "
                       f"against the first, {rows[0][0]}."), ""]
    lines += block("", [[""] * (tall - len(h)) + h for h in heads])
    lines.append(" " * _LABEL + "".join(_GAP + "-" * w for w in widths))
    for r, (label, *_) in enumerate(_ROWS):
        lines += block(label, [[piece for line in column[r] for piece in _fit(line, w)]
                               for column, w in zip(columns, widths, strict=True)])
    lines += ["", wrap_wide(_best(rows)), "",
              "Verdicts, by what the company pays over the lifetime (least first):"]
    lines += [wrap_wide(f"{name} ({usd(a.decision.best_option.lifetime_usd)}): "
                        f"{verdict(a)[0]}.", first=f"  {n}. ", indent="     ")
              for n, (name, a) in enumerate(ranked(rows), 1)]
    return "\n".join(lines) + "\n"


def _then_now(old: str, new: str, diff: str | None = None) -> str:
    if old == new:
        return f"{new} (unchanged)"
    return f"{old} → {new}" + (f" ({diff})" if diff else "")


def render_fork_delta(parent: Analysis, child: Analysis, *, parent_name: str | None = None,
                      child_name: str | None = None) -> str:
    """What a fork changed from its parent and what that did to the answer."""
    changed = changed_inputs(parent.inputs, child.inputs, at=child.priced_at)
    whose = f" from {parent_name}" if parent_name else ""
    lines = [wrap_wide(f"What changed{whose}:")]
    lines += [pairs(changed)] if changed else ["  nothing: the inputs are the parent's"]
    p, c = _shown_months(parent), _shown_months(child)
    saving = child.monthly.savings_usd - parent.monthly.savings_usd
    effects = [
        ("Monthly savings", _then_now(usd(parent.monthly.savings_usd),
                                      usd(child.monthly.savings_usd), _MONEY(saving))),
        ("Payback", _then_now(months(parent.payback_months), months(child.payback_months),
                              _signed(months)(c - p) if p is not None and c is not None
                              else None)),
        ("Break-even", _then_now(_break_even(parent, _PER_DAY), _break_even(child, _PER_DAY))),
        ("Today's volume", _then_now(_today(parent, _PER_DAY), _today(child, _PER_DAY))),
        ("Verdict", _then_now(verdict(parent)[0], verdict(child)[0])),
    ]
    title = wrap_wide(f"What it did{' to ' + child_name if child_name else ''}:")
    return "\n".join([*lines, title, pairs(effects)]) + "\n"
