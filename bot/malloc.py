"""glibc's allocator, told what to keep: :func:`trim`, :func:`limit_arenas` and
:func:`keep_for_analyses`.

glibc gives every thread that allocates an arena of its own and keeps what a thread freed
in that arena for its next allocation: a process whose threads each once needed 16 MB
(an analysis's simulation) keeps 16 MB per thread. ``ftroi serve`` limits itself to two
arenas at start and trims after each chart; its chart processes (one thread) to one.

The other way round, glibc hands back the top of a heap as soon as more than its trim
threshold is free there (128 KB until the first large block is freed): an analysis's
~3 MB of sample arrays, freed at its end, went back to the system after every analysis
and were faulted in again by the next, page by page (~700 faults, ~1 ms of a 7–8 ms
analysis, ``benchmarks/engine.py``). ``ftroi serve`` keeps up to 4 MB free per arena
(two arenas: 8 MB at most, and the trim after each chart still hands it all back).
Off glibc (musl, macOS) all three do nothing.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable

__all__ = ["keep_for_analyses", "limit_arenas", "trim"]

# mallopt's parameter numbers, from glibc's malloc.h
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD, _M_ARENA_MAX = -1, -3, -8
#: An analysis's sample arrays (80 KB each at 10,000 samples) and what they add up to.
KEPT_FREE_BYTES, MAPPED_FROM_BYTES = 4 << 20, 1 << 20


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


def keep_for_analyses() -> None:
    """Keep up to :data:`KEPT_FREE_BYTES` free at the top of each arena, and take blocks
    under :data:`MAPPED_FROM_BYTES` from the heap. Setting either stops glibc adjusting
    them itself, which would otherwise raise them to the largest block freed so far."""
    _mallopt(_M_MMAP_THRESHOLD, MAPPED_FROM_BYTES)
    _mallopt(_M_TRIM_THRESHOLD, KEPT_FREE_BYTES)
