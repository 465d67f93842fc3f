"""Regular expressions compiled when first used, not when their module is imported.

The parsers define some fifty patterns at module level; compiling them all costs about 30 ms,
which every ``ftroi`` command would pay at start-up (``ftroi roi --help`` builds its flags
from the field registry, which imports the parsers) though most read no typed answer.
:func:`lazy` takes what :func:`re.compile` takes and answers the methods the parsers call.

>>> number = lazy(r"(?P<n>[0-9]+) ?k")
>>> number.fullmatch("200 k")["n"], number.sub("N", "2k and 3 k"), number.pattern
('200', 'N and N', '(?P<n>[0-9]+) ?k')
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["LazyPattern", "lazy"]

_Replacement = str | Callable[[re.Match[str]], str]


class LazyPattern:
    """A :class:`re.Pattern` compiled on its first use."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def match(self, string: str) -> re.Match[str] | None:
        return self.compiled.match(string)

    def fullmatch(self, string: str) -> re.Match[str] | None:
        return self.compiled.fullmatch(string)

    def search(self, string: str) -> re.Match[str] | None:
        return self.compiled.search(string)

    def split(self, string: str, maxsplit: int = 0) -> list[str]:
        return self.compiled.split(string, maxsplit)

    def sub(self, repl: _Replacement, string: str, count: int = 0) -> str:
        return self.compiled.sub(repl, string, count)

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r}, {self.flags!r})"


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    """The pattern, to be compiled when first used."""
    return LazyPattern(pattern, flags)
