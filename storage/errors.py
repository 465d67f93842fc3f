"""Storage's exceptions: one tree, so callers catch ``StorageError`` and tell the person.

Hierarchy::

    Exception
    └── StorageError                  anything storage refuses or cannot do
        ├── InvalidInputError         (also ValueError) a bad argument: the message names
        │                             the field, the value and what is accepted
        ├── NotFoundError             no such scenario or version in this workspace
        ├── NameTakenError            another live scenario of the workspace has that name
        ├── NotOwnerError             only the scenario's owner may rename or delete it
        ├── ConflictError             a compare-and-set lost: someone saved first
        ├── TransferError             an import file that is not an ftroi export we can read
        ├── StoredDataError           a stored row the current engine no longer accepts
        └── DatabaseError             the database itself: unreadable, corrupt, unreachable
            └── SchemaTooNewError     written by a newer ftroi; refused, left untouched

Driver exceptions (``sqlite3``, ``psycopg``) never leave the backends: they are mapped here,
with the original chained as ``__cause__``.
"""

from __future__ import annotations

__all__ = [
    "ConflictError",
    "DatabaseError",
    "InvalidInputError",
    "NameTakenError",
    "NotFoundError",
    "NotOwnerError",
    "SchemaTooNewError",
    "StorageError",
    "StoredDataError",
    "TransferError",
]


class StorageError(Exception):
    """Storage refused a request or could not carry it out."""


class InvalidInputError(StorageError, ValueError):
    """An argument storage does not accept (a name, an id, a time, a page size…)."""


class NotFoundError(StorageError):
    """No such scenario (or version) in this workspace; other workspaces are never searched."""


class NameTakenError(StorageError):
    """Another live scenario of the same workspace already has this name (ignoring case)."""


class NotOwnerError(StorageError):
    """Renaming, deleting and restoring a deleted scenario are for its owner only."""


class ConflictError(StorageError):
    """A compare-and-set was stale: the row changed since it was read."""


class TransferError(StorageError):
    """An import document that is malformed, from a newer format, or clashes with the data."""


class StoredDataError(StorageError):
    """A stored record that no longer validates (e.g. inputs the engine now refuses)."""


class DatabaseError(StorageError):
    """The database cannot be used: unreadable or corrupt file, server unreachable."""


class SchemaTooNewError(DatabaseError):
    """The database carries schema steps this version of ftroi does not know."""
