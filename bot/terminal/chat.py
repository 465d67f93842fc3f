"""``ftroi chat``'s loop: read a line, send it to the dialogue session, print the reply.

Everything a person types goes to the dialogue as text, so the commands (back, skip, change
X, preset N, help, cancel, yes/no to an echo) are the dialogue's own and work the same in
Slack's threads. Only two things are the terminal's: ``quit`` (or end of input) leaves with
the conversation saved, and the end prints the one-page brief and writes the charts to files.

Without a terminal on standard input (answers piped in) there is no colour and no line
editing, and each answer read is printed after its prompt, so the output reads as a
transcript.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

from bot.dialogue.parse import parse_step_answer
from bot.dialogue.replies import Cancelled, Finished, Prompt
from bot.dialogue.session import DialogueSession, Turn
from bot.dialogue.state import Propose
from bot.dialogue.steps import step
from bot.reports.brief import brief, render_brief, saved_rest
from bot.reports.charts import break_even_chart, cumulative_chart, tornado_chart
from bot.reports.charts_base import Chart
from bot.reports.layout import wrap
from bot.terminal.chart_files import slug
from bot.terminal.render import (
    input_prompt,
    render_echo,
    render_problems,
    render_problems_text,
    render_step,
    render_taken,
)
from bot.usage import Measured, NoRequestCounts, measure, proposals
from engine.analysis import Analysis
from engine.figures import in_unit
from storage.protocol import Store
from storage.records import ConversationKey

__all__ = ["CHARTS", "SAVED_MESSAGE", "Terminal", "chart_paths", "read_usage_for_chat",
           "run_chat", "slug"]

SAVED_MESSAGE = "saved; run `ftroi chat` to continue"
REQUESTS_PATH, INPUT_PATH = "workload.requests_per_day", "workload.avg_input_tokens_per_request"
LEAVE = {"quit", "exit", ":q"}

CHARTS: tuple[tuple[str, Callable[[Analysis], Chart]], ...] = (
    ("break-even", break_even_chart),
    ("cumulative", cumulative_chart),
    ("tornado", tornado_chart),
)


@dataclass(frozen=True)
class Terminal:
    """Where the chat reads and writes, and how: ``interactive`` when standard input is a
    terminal (line editing, no echo of answers), ``colour`` for ANSI styles."""

    stdin: TextIO
    stdout: TextIO
    interactive: bool
    colour: bool

    def say(self, text: str) -> None:
        if text:
            self.stdout.write(text + "\n")
            self.stdout.flush()

    def ask(self, prompt: str) -> str | None:
        """One answer, or None at the end of input."""
        if self.interactive:
            try:
                return input(prompt)
            except EOFError:
                self.stdout.write("\n")
                return None
        self.stdout.write(prompt)
        line = self.stdin.readline()
        answer = line.rstrip("\r\n") if line else None
        self.stdout.write(f"{answer or ''}\n")  # the transcript shows what was read
        self.stdout.flush()
        return answer


def chart_paths(directory: Path, name: str) -> list[Path]:
    """Where the charts of scenario ``name`` are written, in :data:`CHARTS` order."""
    return [directory / f"{slug(name)}-{suffix}.png" for suffix, _ in CHARTS]


def read_usage_for_chat(path: Path, terminal: Terminal, *, now: datetime) -> Measured:
    """Read a usage export; one without request counts asks for the requests a day or the
    average request's input tokens (end of input gives up, with the export's refusal)."""
    try:
        return measure(path, now=now)
    except NoRequestCounts as refusal:
        terminal.say(f"{path.name} counts tokens but no requests. Type the requests a day or "
                     "the average request's input tokens (e.g. '20k requests a day' or "
                     "'800 in').")
        fields = step("workload").fields
        while True:
            text = terminal.ask("> ")
            if text is None:
                raise refusal from None
            try:
                values = parse_step_answer(text, fields).values
            except ValueError as e:
                values, problem = {}, str(e)
            else:
                problem = f"read no requests a day or input tokens in {text!r}"
            requests, size = values.get(REQUESTS_PATH), values.get(INPUT_PATH)
            if isinstance(requests, int | float) and requests > 0:
                return measure(path, now=now, requests_per_day=float(requests))
            if isinstance(size, int | float) and size > 0:
                return measure(path, now=now, avg_input_tokens_per_request=float(size))
            terminal.say(render_problems_text(problem, colour=terminal.colour))


def run_chat(
    store: Store,
    key: ConversationKey,
    terminal: Terminal,
    *,
    today: date,
    clock: Callable[[], datetime],
    charts_dir: Path,
    name: str | None = None,
    scenario_id: str | None = None,
    restart: bool = False,
    usage: Measured | None = None,
) -> int:
    """The whole chat; the exit status (0 when finished, cancelled or saved for later).

    With ``usage`` (a new intake from a usage export), the workload and API steps open with
    what was measured as their answer, to confirm or refuse; the report marks the values
    that are still the measured ones."""
    offers = {step: Propose(step=step, values=values, why=why, text=usage.name,
                            measured=usage.whole)
              for step, values, why in proposals(usage)} if usage else {}

    def session() -> DialogueSession:
        return DialogueSession(store, key, now=clock(), today=today)

    turn: Turn | None = None
    if scenario_id is None and not restart:
        turn = session().resume()
        if turn is not None:
            terminal.say("Continuing your unfinished intake (type 'cancel' to drop it).\n")
    if turn is None:
        turn = session().start(name=name, scenario_id=scenario_id)
    shown: str | None = None
    while True:
        reply = turn.reply
        if isinstance(reply, Cancelled):
            terminal.say(reply.message)
            return 0
        if isinstance(reply, Finished):
            _finish(turn, terminal, charts_dir)
            return 0
        offer = offers.pop(reply.step, None) if not reply.confirm else None
        if offer is not None and offer.values:
            shown = _show(reply, terminal, shown)
            turn = session().handle(offer)
            continue
        shown = _show(reply, terminal, shown)
        answer = terminal.ask(input_prompt(reply))
        if answer is None or answer.strip().lower() in LEAVE:
            terminal.say(SAVED_MESSAGE)
            return 0
        turn = session().send(answer)


def _show(reply: Prompt, terminal: Terminal, shown: str | None) -> str:
    """Print what the reply adds; the whole step only when it is new or its values changed."""
    terminal.say(render_problems(reply, colour=terminal.colour))
    if reply.confirm:
        terminal.say(render_echo(reply))
        return shown or ""
    terminal.say(render_taken(reply))
    step = render_step(reply, colour=terminal.colour)
    if step != shown or reply.show_help:
        terminal.say(("\n" if shown is not None else "") + step)
    return step


def _finish(turn: Turn, terminal: Terminal, charts_dir: Path) -> None:
    record, analysis = turn.record, turn.analysis
    if record is None or analysis is None:
        raise RuntimeError("a finished turn carries its saved record and analysis")
    terminal.say(f"\nSaved {record.name!r} (version {record.latest_version}, id {record.id}).\n")
    terminal.say(render_brief(brief(analysis, name=record.name, rest=saved_rest(record.name)),
                              colour=terminal.colour))
    measured = [x for x in analysis.assumptions if x.source.startswith("measured from")]
    if measured:
        terminal.say("\nMeasured:\n" + "\n".join(
            wrap(f"{x.name} {in_unit(x.value, x.unit)} {x.source}", first="  ", indent="    ")
            for x in measured))
    charts_dir.mkdir(parents=True, exist_ok=True)
    paths = chart_paths(charts_dir, record.name)
    for path, (_, draw) in zip(paths, CHARTS, strict=True):
        path.write_bytes(draw(analysis).png)
    terminal.say("\nCharts:\n" + "\n".join(f"  {path}" for path in paths))
