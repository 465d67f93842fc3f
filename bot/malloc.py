"""glibc's allocator, told to keep less: :func:`trim` and :func:`limit_arenas`.

glibc gives every thread that allocates an arena of its own and keeps what a thread freed
in that arena for its next allocation: a process whose threads each once needed 16 MB
(an analysis's simulation) keeps 16 MB per thread. ``ftroi serve`` limits itself to two
arenas at start and trims after each chart; its chart processes (one thread) to one. Off
glibc (musl, macOS) both do nothing.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable

__all__ = ["limit_arenas", "trim"]

_M_ARENA_MAX = -8  # mallopt's parameter number, from glibc's malloc.h


def _libc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim, libc.mallopt  # noqa: B018  # both present: glibc
    except (OSError, AttributeError):
        return None
    return libc


_LIBC = _libc()


def _call(name: str) -> Callable[..., object]:
    return (lambda *_: None) if _LIBC is None else getattr(_LIBC, name)


_malloc_trim, _mallopt = _call("malloc_trim"), _call("mallopt")


def trim() -> None:
    """Return the memory freed at the top of every arena's heap to the system."""
    _malloc_trim(0)


def limit_arenas(most: int) -> None:
    """At most ``most`` arenas from now on (call before the threads that would add them)."""
    _mallopt(_M_ARENA_MAX, most)
