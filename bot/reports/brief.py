"""The one-page brief: what a VP reads before the meeting ends, in at most 25 lines.

:func:`brief` picks the content — the headline, every option's monthly, one-time and
lifetime cost and payback, the three inputs that most move the answer (the tornado's
widest bars), the P10–P90 range of the self-hosted fine-tune's lifetime savings, and where
to read the rest — and :func:`render_brief` lays it out for a terminal. The Slack card
shows the same :class:`Brief`, so both say exactly the same thing; every figure goes
through :mod:`engine.figures`.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.reports.brief_options import MAX_LINES, add_brief_options
from bot.reports.card import OptionRow, Tone, option_rows
from bot.reports.layout import bold, coloured, table, wrap
from bot.reports.text_outlook import span
from engine.analysis import Analysis
from engine.figures import count, in_unit, percent, usd
from engine.options import METHOD_LABELS

__all__ = ["MAX_LINES", "Brief", "add_brief_options", "brief", "movers", "render_brief",
           "saved_rest", "spread"]

MOVERS = 3
_TONE_STYLE = {"good": "green", "bad": "red", "neutral": "yellow"}


@dataclass(frozen=True)
class Brief:
    title: str
    headline: str
    tone: Tone
    options: list[OptionRow]
    movers: list[str]
    spread: str
    rest: str


def movers(a: Analysis) -> list[str]:
    """The three inputs that move the self-hosted fine-tune's monthly savings most."""
    return [f"{bar.label}, {span(in_unit(bar.low, bar.unit), in_unit(bar.high, bar.unit))}: "
            f"savings {usd(bar.savings_at_low_usd)} to {usd(bar.savings_at_high_usd)}/month"
            for bar in a.tornado[:MOVERS]]


def spread(a: Analysis) -> str:
    """The P10–P90 range of lifetime savings, and how often each option wins."""
    u = a.uncertainty
    p = u.lifetime_savings_usd
    text = (f"Self-hosted lifetime savings vs today's API: P10 {usd(p.p10 or 0)}, "
            f"P50 {usd(p.p50 or 0)}, P90 {usd(p.p90 or 0)}; it costs less in "
            f"{percent(u.probability_payback_within_lifetime)} of {count(u.samples)} samples")
    if u.cheapest_share:
        top, share = max(u.cheapest_share.items(), key=lambda item: item[1])
        label = next((o.label for o in a.decision.options if o.id == top), top)
        text += f"; cheapest most often: {label} ({percent(share)})"
    return text + "."


def saved_rest(name: str) -> str:
    """Where a saved scenario's full report, workbook and memo are, in the terminal."""
    quoted = f'"{name}"' if any(c.isspace() for c in name) else name
    return (f"The rest: `ftroi show {quoted} --full` (every figure and assumption); "
            f"`ftroi export {quoted} --xlsx FILE` (the live workbook) or `--markdown FILE` "
            "(the memo).")


def brief(a: Analysis, *, name: str | None = None, rest: str) -> Brief:
    """The brief of an analysis; ``rest`` says where the full report is (per surface)."""
    model = a.inputs.model
    api = a.api_price.model or "custom API prices"
    title = f"{api} vs a fine-tuned {model.model_size_b:g}B ({METHOD_LABELS[model.method]})"
    return Brief(title=f"{name}: {title}" if name else title, headline=a.decision.headline,
                 tone=a.decision.tone, options=option_rows(a), movers=movers(a),
                 spread=spread(a), rest=rest)


def _options(rows: list[OptionRow], *, notes: bool) -> list[str]:
    """The options table; under it each failed constraint (``notes``), else an ``x`` in the
    header says what the mark means."""
    body = [[("> " if r.best else "x " if not r.qualifies else "  ") + r.label, r.monthly,
             r.one_time, r.lifetime, r.payback] for r in rows]
    barred = [r for r in rows if not r.qualifies]
    head = "option" if notes or not barred else "option (x: fails your constraints)"
    lines = table([head, "per month", "one-time", "lifetime", "payback"], body,
                  align="lrrrl", wraps=0, hang=4).split("\n")
    if notes:
        lines += [line for r in barred for line in wrap(
            f"{r.label}: does not qualify — {r.note}.", first="  x ", indent="    ").split("\n")]
    return lines


def render_brief(b: Brief, *, colour: bool = False) -> str:
    """The brief as text: never more than :data:`MAX_LINES` lines of 100 columns. When the
    page is full, the constraint notes give way to a mark, then the blank line under the
    headline goes, then the last options are counted instead of shown."""
    head = [bold(b.title, colour=colour), *coloured(wrap(b.headline), _TONE_STYLE[b.tone],
                                                    colour=colour).split("\n")]
    tail = ["What moves the answer most:",
            *(line for m in b.movers for line in wrap(m, first="  - ", indent="    ")
              .split("\n")),
            *wrap(b.spread).split("\n"), *wrap(b.rest).split("\n")]
    for notes, gap in ((True, [""]), (False, [""]), (False, [])):
        options = _options(b.options, notes=notes)
        if len(head) + len(gap) + len(options) + len(tail) <= MAX_LINES:
            break
    room = MAX_LINES - len(head) - len(gap) - len(tail)
    if len(options) > room:  # too many options: the cheapest, then a count
        options = [*options[:room - 1], f"  …and {len(options) - room + 1} more in the full "
                   "report"]
    return "\n".join([*head, *gap, *options, *tail])
