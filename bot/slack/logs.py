"""ftroi's log lines: one JSON object a line, secrets blanked, tagged with the Slack request
each was logged for.

    {"ts": "2026-01-05T09:00:00.123Z", "level": "INFO", "logger": "bot.slack.access",
     "msg": "slack request", "request_id": "5f0c2a9e", "team": "T0001", "kind": "command",
     "command": "show", "status": 200, "latency_ms": 11.8}

Every line has ``ts`` (UTC, to the millisecond), ``level``, ``logger`` and ``msg``. A line
logged while a Slack request is handled — by ftroi, Bolt, slack_sdk or storage, before or
after the ack — also has that request's fields (:class:`Request`): they travel in a context
variable, which the tasks Bolt starts for the listeners inherit. Then come the call's own
``extra=`` fields, and ``exc`` with the traceback when there is one.

:class:`JsonLines` blanks every secret it was given from the finished line, so a token is
blanked wherever it was: the message, its arguments, an extra field or a traceback.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime

__all__ = ["REDACTED", "JsonLines", "Request", "current", "handling"]

REDACTED = "[redacted]"

#: The attributes every LogRecord has; any other one came from ``extra=``.
_RECORD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


@dataclass(frozen=True)
class Request:
    """What the log says about the Slack request being handled — never what a person typed.

    ``kind`` is ``command``, ``action``, ``view_submission``, ``event``…; ``command`` what
    within it: the subcommand word, the action id, the view's callback id, the event type.
    ``retry`` is Slack's ``X-Slack-Retry-Num`` when it resent the request.
    """

    request_id: str
    team: str | None
    kind: str
    command: str | None = None
    retry: int | None = None
    started: float = field(default_factory=time.perf_counter, repr=False)

    def fields(self) -> dict[str, str | int]:
        found = {"request_id": self.request_id, "team": self.team, "kind": self.kind,
                 "command": self.command, "retry": self.retry}
        return {key: value for key, value in found.items() if value is not None}

    def elapsed_ms(self) -> float:
        """Milliseconds since the request arrived, to a tenth."""
        return round((time.perf_counter() - self.started) * 1000, 1)


_request: ContextVar[Request | None] = ContextVar("ftroi_slack_request", default=None)


def current() -> Request | None:
    """The Slack request being handled here, if any."""
    return _request.get()


@contextmanager
def handling(request: Request) -> Iterator[Request]:
    """Tag what is logged inside the block, and in the tasks started there, with
    ``request``."""
    token = _request.set(request)
    try:
        yield request
    finally:
        _request.reset(token)


class JsonLines(logging.Formatter):
    """One JSON object a line (ASCII: a newline or any other character is escaped), with
    ``secrets`` blanked; ones shorter than four characters are ignored (blanking them
    would blank ordinary words).

    >>> record = logging.makeLogRecord({"name": "bot", "levelname": "INFO", "created": 0,
    ...     "msg": "token %s", "args": ("xoxb-1234",), "channel": "C1"})
    >>> print(JsonLines(["xoxb-1234"]).format(record))
    {"ts": "1970-01-01T00:00:00.000Z", "level": "INFO", "logger": "bot", "msg": "token [redacted]", "channel": "C1"}
    """  # noqa: E501 - a doctest's expected output is one line

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        # Each as it reads inside a JSON string, the longest first (one may contain another).
        self._secrets = sorted({json.dumps(s)[1:-1] for s in secrets if len(s) >= 4},
                               key=len, reverse=True)

    def format(self, record: logging.LogRecord) -> str:
        ts = datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
        line: dict[str, object] = {"ts": ts.replace("+00:00", "Z"), "level": record.levelname,
                                   "logger": record.name, "msg": record.getMessage()}
        request = current()
        if request is not None:
            line.update(request.fields())
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES:
                line.setdefault(key, value)  # the line's own fields win over an extra's
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exc"] = record.exc_text
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        text = json.dumps(line, default=str)
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text
