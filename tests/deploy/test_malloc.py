"""glibc's allocator as ``ftroi serve`` sets it (bot.malloc): what an analysis freed is kept.

Each case runs in a fresh Python, since the settings last as long as the process. It frees
3 MB of 80 KB arrays (an analysis's sample arrays at 10,000 samples) and counts the page
faults of allocating them again: glibc as it starts hands the freed top of the heap back
and faults it in again; as serve runs, it keeps it.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot import malloc

FAULTS_OF_REALLOCATING = """
import resource, sys
import numpy as np
from bot import malloc
if sys.argv[1] == "serve":
    malloc.keep_for_analyses()
def arrays():
    return [np.ones(10_000) for _ in range(40)]  # 40 x 80 KB
for _ in range(3):  # settle: the heap grows to its size, the thresholds adjust
    kept = arrays()
    del kept
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
kept = arrays()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def faults(mode: str) -> int:
    done = subprocess.run([sys.executable, "-c", FAULTS_OF_REALLOCATING, mode],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


@pytest.mark.skipif(malloc._LIBC is None, reason="not glibc: bot.malloc does nothing there")
def test_serve_keeps_what_an_analysis_freed_where_glibc_would_hand_it_back():
    assert faults("default") > 500  # ~3 MB faulted in again, 4 KB a page
    assert faults("serve") < 50
