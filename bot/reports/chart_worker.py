"""The chart process: draws the chart plans it is sent, one at a time, until its input ends.

    python -m bot.reports.chart_worker   (started by bot.slack.chart_pool and
                                          bot.terminal.chart_process)

Matplotlib's drawing holds the GIL for the whole chart (~100 ms), so the Slack app has its
charts drawn here, in a process of its own, where they hold up neither its acks nor each
other's intakes; it sends :mod:`bot.reports.chart_plans` plans, never an analysis, so this
process imports only what drawing needs (:mod:`bot.reports.drawing`), not the engine's
models, catalogs or NumPy-heavy analysis, nor Slack, nor the database.

The protocol, on standard input and output, is frames: a 4-byte big-endian length, then a
pickle (both ends are ftroi, started together; nothing else writes to these pipes). The
worker first sends ``("ready", pid)``; then, for each ``(number, plan)`` it reads, it
answers ``(number, "drawn", Drawing, warnings)`` or ``(number, "failed", error,
warnings)`` (the error as text: type, message and traceback; the warnings Python raised
while drawing, as text). Standard output is only the protocol's: anything printed goes to
standard error, which is the app's.

After each chart the figure's garbage is collected at once (matplotlib's figures are
reference cycles, each holding its 3 MB canvas until the collector's next pass) and glibc
hands the freed memory back, so the process stays at its size after start. It exits 0 when
its input ends (the app closed it, or the app died); it ignores Ctrl-C's SIGINT, which
the app, finishing its work, answers by closing that input.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import struct
import sys
import traceback
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from bot import malloc

__all__ = ["HEADER", "WORKER_COMMAND", "main", "read_frame", "write_frame"]

HEADER = struct.Struct(">I")
_ROOT = Path(__file__).resolve().parents[2]  # where this bot package is
#: What a chart process runs: this module of this ftroi, found where the app's is even if
#: the app's path was set up in the app (appended: never in front of the standard library).
WORKER_COMMAND = (sys.executable, "-c", f"import sys; sys.path.append({str(_ROOT)!r}); "
                  "import bot.reports.chart_worker as w; sys.exit(w.main())")


def write_frame(out: IO[bytes], message: Any) -> None:
    body = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(HEADER.pack(len(body)) + body)
    out.flush()


def read_frame(source: IO[bytes]) -> Any | None:
    """The next message, or None at the end of the input."""
    head = source.read(HEADER.size)
    if len(head) < HEADER.size:
        return None
    (size,) = HEADER.unpack(head)
    body = source.read(size)
    if len(body) < size:
        return None
    return pickle.loads(body)


def _drawn(number: int, plan: Any, draw: Callable[[Any], Any]) -> tuple[Any, ...]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            outcome: tuple[str, Any] = ("drawn", draw(plan))
        except Exception as e:  # the app says it failed, with this; the worker goes on
            error = "".join(traceback.format_exception_only(e)).strip()
            outcome = ("failed", f"{error}\n{traceback.format_exc()}")
    said = list(dict.fromkeys(str(w.message) for w in caught))  # each once, in order
    return number, *outcome, said


def main() -> int:
    # The protocol gets its own copy of standard output; fd 1 then points at standard
    # error, so a stray print (a library's, a warning) cannot break a frame.
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    source = sys.stdin.buffer
    # Ctrl-C reaches the whole process group: the app then finishes its work, charts
    # included, and ends this process by closing its input.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    malloc.limit_arenas(1)  # one thread: one arena

    from bot.reports.drawing import draw

    gc.collect()
    gc.freeze()  # what the imports built lives as long as the process: out of the collector's way
    write_frame(out, ("ready", os.getpid()))
    with contextlib.suppress(BrokenPipeError):
        while (message := read_frame(source)) is not None:
            number, plan = message
            write_frame(out, _drawn(number, plan, draw))
            gc.collect()
            malloc.trim()
    return 0


if __name__ == "__main__":
    sys.exit(main())
