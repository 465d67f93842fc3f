"""Every benchmark in one run, and every aim they print, met or missed, at the end.

    python -m benchmarks.all            # from the repository root (~15 min on 2 cores)
    python -m benchmarks.all --quick    # the scripts that have a --quick run it (~4 min)

Each script runs as a child process of its own, one after another, its output shown as it
comes; a line that states an aim ("[aim …: met]", "aim < 5 s: MISSED", "(aim ≤ 1.5×)") is
also collected. The summary lists each script's aims with its verdict and ends with how many
were missed; the exit status is that of the first script that failed (a benchmark stops with
a non-zero status when something goes wrong, not when an aim is missed).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: (script, its arguments, its arguments with --quick)
SCRIPTS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("engine", (), ()),
    ("serving", (), ()),
    ("charts", (), ("--repeat", "10")),
    ("startup", (), ("--runs", "5")),
    ("usage", (), ("--quick",)),
    ("storage", (), ("--quick",)),
    ("slack", (), ("--quick",)),
)

_AIM = re.compile(r"aim\b", re.IGNORECASE)
_MISSED = re.compile(r"\b(MISSED|misses)\b")
_MET = re.compile(r"\b(met|meets)\b")


def verdict(line: str) -> str | None:
    """'met', 'MISSED' or None (a line that states no aim, or one without a verdict)."""
    if not _AIM.search(line):
        return None
    if _MISSED.search(line):
        return "MISSED"
    return "met" if _MET.search(line) else None


def run(name: str, args: tuple[str, ...]) -> tuple[int, list[tuple[str, str]], float]:
    """Run one script; its exit status, its (verdict, line) pairs and its wall time."""
    command = [sys.executable, "-m", f"benchmarks.{name}", *args]
    print(f"\n=== benchmarks/{name}.py {' '.join(args)}".rstrip(), flush=True)
    start = time.perf_counter()
    aims: list[tuple[str, str]] = []
    with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, bufsize=1) as child:
        assert child.stdout is not None
        for line in child.stdout:
            print(line, end="", flush=True)
            found = verdict(line)
            if found is not None:
                aims.append((found, " ".join(line.split())))
    return child.returncode, aims, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="each script's short run")
    parser.add_argument("--only", nargs="+", choices=[s for s, _, _ in SCRIPTS],
                        help="these scripts only")
    args = parser.parse_args()
    status, results = 0, []
    for name, full, quick in SCRIPTS:
        if args.only and name not in args.only:
            continue
        code, aims, seconds = run(name, quick if args.quick else full)
        results.append((name, code, aims, seconds))
        status = status or code
    print("\n=== aims")
    missed = 0
    for name, code, aims, seconds in results:
        failed = f", FAILED with status {code}" if code else ""
        print(f"{name} ({seconds:.0f} s{failed}):")
        for found, line in aims:
            missed += found == "MISSED"
            print(f"  [{found}] {line[:160]}")
        if not aims:
            print("  (no aim printed)")
    total = sum(len(aims) for _, _, aims, _ in results)
    print(f"\n{total} aims: {total - missed} met, {missed} missed")
    return status


if __name__ == "__main__":
    sys.exit(main())
