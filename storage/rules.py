"""The rules every backend applies before touching the database.

Names are kept exactly as typed; uniqueness compares a *key*: NFKC-normalised, case-folded,
with runs of whitespace collapsed, so "Support Bot", "support  bot" and "SUPPORT BOT" clash.

>>> name_key("  Ünïcode   Straße ")
'ünïcode strasse'
>>> check_name("   ")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
storage.errors.InvalidInputError: name: '   ' is not accepted — a scenario name is 1–80 ...
"""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, datetime, timedelta

from storage.errors import InvalidInputError

__all__ = [
    "MAX_NAME_LENGTH",
    "RECOVERY_PERIOD",
    "aware",
    "check_id",
    "check_inputs",
    "check_limit",
    "check_name",
    "check_positive",
    "check_state",
    "check_version",
    "decode_cursor",
    "encode_cursor",
    "like_pattern",
    "name_key",
    "new_scenario_id",
]

MAX_NAME_LENGTH = 80
MAX_ID_LENGTH = 255
MAX_PAGE = 100
# A soft-deleted scenario stays recoverable this long before `purge` may remove it.
RECOVERY_PERIOD = timedelta(days=30)

_NAME_RULE = (
    f"a scenario name is 1–{MAX_NAME_LENGTH} characters, not only spaces, "
    "without line breaks or control characters"
)


def _refuse(field: str, value: object, accepted: str) -> InvalidInputError:
    return InvalidInputError(f"{field}: {value!r} is not accepted — {accepted}")


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cs") for ch in text) or any(
        ch in "\u2028\u2029" for ch in text
    )


def check_name(name: object, *, field: str = "name") -> str:
    """The name unchanged, or ``InvalidInputError`` saying what a name may be."""
    if (
        not isinstance(name, str)
        or not name.strip()
        or len(name) > MAX_NAME_LENGTH
        or _has_control(name)
    ):
        raise _refuse(field, name, _NAME_RULE)
    return name


def name_key(name: str) -> str:
    """What uniqueness compares: case-folded, NFKC, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def check_id(value: object, *, field: str) -> str:
    """A Slack id, a thread timestamp or a scenario id: 1–255 visible characters."""
    if (
        not isinstance(value, str)
        or not value
        or len(value) > MAX_ID_LENGTH
        or value != value.strip()
        or _has_control(value)
    ):
        raise _refuse(
            field,
            value,
            f"1–{MAX_ID_LENGTH} characters, no spaces at the ends, no control characters",
        )
    return value


def aware(value: object, *, field: str = "now") -> datetime:
    """A timezone-aware datetime, converted to UTC; naive times are ambiguous and refused."""
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise _refuse(field, value, "a timezone-aware datetime, e.g. datetime.now(UTC)")
    return value.astimezone(UTC)


def check_positive(value: object, *, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 1e12:
        raise _refuse(field, value, "a positive number of seconds")
    return float(value)


def check_version(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _refuse("version", value, "a version number: a whole number from 1")
    return value


def check_limit(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_PAGE:
        raise _refuse("limit", value, f"a whole number from 1 to {MAX_PAGE}")
    return value


def check_inputs(inputs: object, *, field: str = "inputs") -> str:
    """Validate a scenario's inputs the way they will be read back; return their JSON."""
    # Imported here: the names and limits above are wanted where the engine is not (the
    # command line's help names the recovery period).
    from pydantic import ValidationError

    from engine.errors import describe_validation_error
    from engine.models import Scenario

    if not isinstance(inputs, Scenario):
        raise _refuse(field, type(inputs).__name__, "an engine.models.Scenario")
    text = inputs.model_dump_json()
    try:
        Scenario.model_validate_json(text)
    except ValidationError as e:
        raise InvalidInputError(f"{field}: " + "; ".join(describe_validation_error(e))) from e
    return text


def check_state(state: object) -> str:
    """A conversation's state: a JSON object (str keys, finite numbers); returns its JSON."""
    if not isinstance(state, dict):
        raise _refuse("state", type(state).__name__, "a dict that JSON can encode")
    try:
        return json.dumps(state, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError) as e:
        raise _refuse("state", type(state).__name__, f"a dict that JSON can encode ({e})") from e


def like_pattern(search: str) -> str:
    """A LIKE pattern matching ``search`` anywhere in a name key; % and _ are literal."""
    escaped = name_key(search).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def encode_cursor(updated_at: datetime, scenario_id: str) -> str:
    """An opaque position in a newest-first listing: after this row."""
    return f"{updated_at.astimezone(UTC).isoformat(timespec='microseconds')}|{scenario_id}"


def decode_cursor(cursor: object) -> tuple[datetime, str]:
    refusal = _refuse("cursor", cursor, "a next_cursor value returned by list_scenarios")
    if not isinstance(cursor, str):
        raise refusal
    stamp, _, scenario_id = cursor.partition("|")
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        raise refusal from None
    if when.utcoffset() is None or not scenario_id:
        raise refusal
    return when.astimezone(UTC), scenario_id


def new_scenario_id() -> str:
    """16 hex digits (64 random bits): short enough to type, never reused across databases."""
    import secrets  # here: the rules above are read by `ftroi --help`, which makes no ids

    return secrets.token_hex(8)
