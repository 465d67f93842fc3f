"""The dialogue's replies as terminal text: the step, its values (defaults in brackets), the
echo to confirm, the problems, and the commands.

>>> from datetime import date
>>> from bot.dialogue.machine import handle
>>> from bot.dialogue.state import DialogueState, Start
>>> _, reply = handle(DialogueState(), Start(), today=date(2026, 11, 24))
>>> print(render_step(reply, colour=False).splitlines()[0])
[1/6] Workload
>>> print(next(line for line in render_step(reply, colour=False).splitlines()
...            if "requests/day" in line))
  requests/day            [50,000 requests/day]
"""

from __future__ import annotations

from bot.dialogue.replies import Prompt
from bot.dialogue.steps import step
from bot.reports.layout import bold, coloured, wrap

__all__ = ["COMMANDS", "input_prompt", "render_echo", "render_problems",
           "render_problems_text", "render_step", "render_taken"]

COMMANDS = ("Enter: accept · back · skip · change <field> · preset <n> · help · cancel · "
            "quit: save and leave")


def render_step(reply: Prompt, *, colour: bool) -> str:
    """The whole step: title, question, values so far, presets, commands."""
    title = f"[{reply.number}/{reply.total}] {reply.title}"
    if reply.editing:
        title += f" (editing {reply.editing!r})"
    lines = [bold(title, colour=colour), wrap(reply.question), ""]
    width = max((len(v.label) for v in reply.values), default=0)
    for v in reply.values:
        shown = f"[{v.text}]" if v.origin != "typed" else v.text
        marker = "  <- change this" if v.path == reply.focus else ""
        lines.append(f"  {v.label.ljust(width)}  {shown}{marker}")
    if reply.presets:
        lines.append("")
        lines.append("Presets (type 'preset <n>'):")
        lines += [f"  {n}. {label}" for n, label in enumerate(reply.presets, 1)]
    if reply.show_help:
        lines.append("")  # the step's note, then a line per field with its examples
        lines += [wrap(line, first="Help: " if n == 0 else "  ", indent="    " if n else "  ")
                  for n, line in enumerate(reply.help.splitlines())]
    if reply.returns_to:
        back = step(reply.returns_to).title
        lines += ["", f"Enter returns to the step you came from ({back})."]
    lines += ["", wrap(COMMANDS)]
    return "\n".join(lines)


def render_problems(reply: Prompt, *, colour: bool) -> str:
    """What could not be used, one message each (they quote it and say what is accepted)."""
    return "\n".join(render_problems_text(e, colour=colour) for e in reply.errors)


def render_problems_text(message: str, *, colour: bool) -> str:
    """One problem, as :func:`render_problems` shows each."""
    return coloured(wrap(message, first="! ", indent="  "), "red", colour=colour)


def render_taken(reply: Prompt) -> str:
    """What was just applied (after a confirmation, a preset, an edit)."""
    if not reply.echo or reply.confirm:
        return ""
    return "\n".join(["Taken:", *(f"  {line}" for line in reply.echo)])


def render_echo(reply: Prompt) -> str:
    """What an answer was understood as, before it is taken."""
    return "\n".join(["Understood:", *(f"  {line}" for line in reply.echo)])


def input_prompt(reply: Prompt) -> str:
    """The text before the cursor."""
    if reply.confirm:
        return "Take these? [Y/n] "
    if reply.step == "name":
        return f"Name [{reply.values[0].text}]: "
    return "> "
