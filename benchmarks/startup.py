"""How fast ``ftroi`` starts: each command run as a whole process, the way a person runs it.

    python benchmarks/startup.py              # 11 runs of each command
    python benchmarks/startup.py --runs 21

Every command runs as its own ``ftroi`` process (the console script next to this Python) in
a temporary folder holding a SQLite database of 25 saved scenarios, so ``ftroi list`` shows
a full page of 20, each analysed. For each it prints the median wall time and the median CPU
time (user + system, of the child) of the runs, beside its aim, met or missed:

- ``ftroi --help`` and every ``ftroi COMMAND --help``: < 0.3 s;
- ``ftroi roi FILE`` (examples/quickstart.toml): < 0.8 s;
- ``ftroi list`` (a page of 20 scenarios saved as the intake saves them, which keeps each
  version's answer, ``bot.reports.list_answers``): < 0.5 s. The first list after an
  import, which analyses the 20 it shows and keeps their answers, is printed too, once
  (so with more noise), without an aim.

The project's modules are byte-compiled first and the commands run without
``PYTHONDONTWRITEBYTECODE``, as after an install (pip compiles what it installs; a checkout
writes ``__pycache__`` on its first run): compiling every module from source on every run
would add about 0.1 s that no user pays twice.

``python -c pass`` is printed first: what any Python process costs here. Which modules each
command imports is a test (tests/cli/test_cli_imports.py), not a time; the wall times mean
something only on an otherwise idle machine, the CPU times a little more under load.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: the checkout's packages, not this folder

HELP_AIM, ROI_AIM, LIST_AIM = 0.3, 0.8, 0.5
SAVED = 25


def ftroi() -> list[str]:
    """The installed console script when there is one, else the module."""
    script = Path(sys.executable).with_name("ftroi")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]


def commands() -> list[str]:
    """Every subcommand's name, read from the parser (so a new one is timed too)."""
    from bot.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return list(sub.choices)


def seed(path: Path, *, as_the_intake_saves: bool) -> str:
    """A SQLite database with ``SAVED`` scenarios of the local workspace: saved as the intake
    saves them (each analysed, its answer kept for the list), or as an import leaves them
    (nothing analysed yet)."""
    from bot.reports.list_answers import keep
    from engine.analysis import analyse
    from engine.models import Scenario
    from storage import open_store

    url = f"sqlite:///{path}"
    store = open_store(url)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    try:
        for n in range(SAVED):
            inputs = Scenario().with_value("workload.requests_per_day", 10_000 * (n + 1)
                                           ).with_value("api.priced_at", start.date())
            now = start + timedelta(minutes=n)
            record = store.create_scenario("local", owner_id="bench", name=f"Scenario {n}",
                                           inputs=inputs, now=now)
            if as_the_intake_saves:
                keep(store, "local", record, analyse(inputs, at=start.date()), now=now)
    finally:
        store.close()
    return url


def run_once(argv: list[str], *, cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run; the command must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}):\n"
                         f"{done.stderr.decode(errors='replace')}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(argv: list[str], *, runs: int, cwd: Path, env: dict[str, str]
            ) -> tuple[float, float]:
    """Median wall and CPU seconds of ``runs`` runs, after one untimed run (the page cache)."""
    run_once(argv, cwd=cwd, env=env)
    samples = [run_once(argv, cwd=cwd, env=env) for _ in range(runs)]
    return statistics.median(w for w, _ in samples), statistics.median(c for _, c in samples)


def byte_compile() -> dict[str, str]:
    """Compile the project's packages as an install would; the environment to run them in."""
    for package in ("engine", "storage", "bot"):
        compileall.compile_dir(ROOT / package, quiet=1)
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def line(label: str, wall: float, cpu: float, aim: float | None) -> str:
    verdict = "" if aim is None else f"[aim < {aim:.1f} s: {'met' if wall < aim else 'MISSED'}]"
    return f"{label:<38}{wall:>8.3f} s{cpu:>9.3f} s   {verdict}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="timed runs per command (11)")
    args = parser.parse_args(argv)
    exe = ftroi()
    with tempfile.TemporaryDirectory(prefix="ftroi-startup-") as tmp:
        folder = Path(tmp)
        env = dict(byte_compile(), NO_COLOR="1",
                   FTROI_DATABASE_URL=seed(folder / "ftroi.db", as_the_intake_saves=True))
        imported = dict(env, FTROI_DATABASE_URL=seed(folder / "imported.db",
                                                     as_the_intake_saves=False))
        cases: list[tuple[str, list[str], float | None]] = [
            ("python -c pass", [sys.executable, "-c", "pass"], None),
            ("ftroi --help", [*exe, "--help"], HELP_AIM),
            *((f"ftroi {name} --help", [*exe, name, "--help"], HELP_AIM)
              for name in commands()),
            ("ftroi roi examples/quickstart.toml",
             [*exe, "roi", str(ROOT / "examples" / "quickstart.toml")], ROI_AIM),
            (f"ftroi list ({SAVED} saved, page of 20)", [*exe, "list"], LIST_AIM),
        ]
        print(f"median of {args.runs} runs each, as whole processes; "
              f"load average {os.getloadavg()[0]:.2f}")
        print(f"{'command':<38}{'wall':>10}{'CPU':>11}")
        missed = 0
        for label, command, aim in cases:
            wall, cpu = measure(command, runs=args.runs, cwd=folder, env=env)
            missed += aim is not None and wall >= aim
            print(line(label, wall, cpu, aim), flush=True)
        # After an import nothing is analysed yet: the first list works out the page's 20
        # answers and keeps them (one run, so noisier; no aim: the runs after it are the
        # line above).
        once = run_once([*exe, "list"], cwd=folder, env=imported)
        print(line("ftroi list just after an import", *once, None)
              + "(analyses the 20 shown; no aim)")
        print(f"\n{len(cases) - 1} commands timed; {missed} missed their aim")
    return 0


if __name__ == "__main__":
    sys.exit(main())
