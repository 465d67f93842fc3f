"""What the recorded schema steps say about a database, the same on both backends.

``migrate`` (at start-up) refuses a database that records a step this version does not
know; ``Store.check_schema`` (for ``/readyz``) also refuses one that lacks a step, such as
an older backup restored under a running app.

>>> known = ("0001_a", "0002_b")
>>> refuse_unknown(["0001_a"], known, label="db")
>>> missing_steps(["0001_a"], known)
['0002_b']
>>> refuse_unknown(["0001_a", "0009_z"], known, label="db")
Traceback (most recent call last):
...
storage.errors.SchemaTooNewError: db was written by a newer version of ftroi (schema steps \
0009_z are unknown to this one, which knows up to 0002_b); upgrade ftroi to open it — it has \
not been changed
"""

from __future__ import annotations

from collections.abc import Sequence

from storage.errors import DatabaseError, SchemaTooNewError

__all__ = ["check_steps", "missing_steps", "refuse_unknown"]


def refuse_unknown(applied: Sequence[str], known: Sequence[str], *, label: str) -> None:
    """``SchemaTooNewError`` if ``applied`` holds a step that is not in ``known``."""
    unknown = [name for name in applied if name not in known]
    if unknown:
        raise SchemaTooNewError(
            f"{label} was written by a newer version of ftroi (schema steps "
            f"{', '.join(unknown)} are unknown to this one, which knows up to "
            f"{known[-1]}); upgrade ftroi to open it — it has not been changed"
        )


def missing_steps(applied: Sequence[str], known: Sequence[str]) -> list[str]:
    return [name for name in known if name not in applied]


def check_steps(applied: Sequence[str], known: Sequence[str], *, label: str) -> None:
    """Raise unless ``applied`` is exactly the ``known`` steps (in any order)."""
    refuse_unknown(applied, known, label=label)
    missing = missing_steps(applied, known)
    if missing:
        raise DatabaseError(
            f"{label} lacks the schema steps {', '.join(missing)}; restart ftroi to apply them"
        )
