"""The one rounding rule has moved to :mod:`engine.figures`; this name re-exports it.

The engine writes sentences with figures in them (reasons, warnings, sources), so the rule
lives there, in one copy. Everything in the repository imports :mod:`engine.figures`; this
module is only a re-export for code written against the old path, and goes once none is
left.
"""

from engine.figures import *  # noqa: F403 - a re-export of the whole module, by design
from engine.figures import __all__ as __all__
