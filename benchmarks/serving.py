"""The serving model against published measurements: a script that prints figures.

    python benchmarks/serving.py          # each published run: estimate ÷ published
    python benchmarks/serving.py --fit    # and fit the free constants anew

For every row of ``engine/data/serving_measurements.csv`` it prints the run (model, GPUs,
precision, engine, tokens in/out, concurrency), the published total tokens/s, ftroi's
estimate, the batch the estimate assumed and their ratio; then the geometric-mean miss and
the worst row. Aims: geometric-mean miss ≤ 1.5×, no row off by more than 2.5×.

``--fit`` minimises the root mean square of log(estimate ÷ published) over the constants of
:mod:`engine.calibration` by coordinate descent (each constant scaled in steps of 3–25%,
within physical bounds), then prints the calibration to paste into that module and its
figures for :data:`engine.calibration.FIT`.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

if not __package__:  # run as a file: put the repository root first
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from engine.calibration import CALIBRATION, FIT, Calibration
from engine.serving_fit import Miss, misses, summary

AIM_GEO_MEAN = 1.5
AIM_WORST = 2.5
# (field, key or None, low, high): what the fit may move, within what is physically sensible.
FREE: list[tuple[str, str | None, float, float]] = [
    ("compute_efficiency", "ampere", 0.3, 0.8),
    ("compute_efficiency", "ada", 0.3, 0.8),
    ("compute_efficiency", "hopper", 0.3, 0.8),
    ("bandwidth_efficiency", None, 0.6, 0.9),
    ("step_overhead_s", None, 0.0, 0.02),
    ("runtime_gb_per_gpu", None, 1.0, 6.0),
    ("tp_efficiency", "nvlink", 0.6, 1.0),
    ("tp_efficiency", "pcie", 0.4, 1.0),
    ("weight_only_compute", "fp8", 0.3, 1.0),
    ("weight_only_compute", "int8", 0.3, 1.0),
    ("weight_only_compute", "int4", 0.3, 1.0),
    ("engine_speed", "tensorrt-llm", 1.0, 2.0),
]
BORROWED = {"turing": "ampere", "blackwell": "hopper", "cdna3": "hopper"}


def _get(c: Calibration, field: str, key: str | None) -> float:
    value = getattr(c, field)
    return float(value[key] if key else value)


def _set(c: Calibration, field: str, key: str | None, value: float) -> Calibration:
    data = c.model_dump()
    if key is None:
        data[field] = value
    else:
        data[field][key] = value
        if field == "compute_efficiency":
            for borrower, lender in BORROWED.items():
                data[field][borrower] = data[field][lender]
    return Calibration.model_validate(data)


def _loss(c: Calibration) -> float:
    logs = [math.log(m.ratio) ** 2 for m in misses(c)]
    return math.sqrt(sum(logs) / len(logs))


def fit(start: Calibration) -> Calibration:
    best, c = _loss(start), start
    for _ in range(80):
        improved = False
        for field, key, low, high in FREE:
            now = _get(c, field, key)
            for step in (0.8, 0.9, 0.97, 1.03, 1.1, 1.25):
                value = min(high, max(low, now * step if now else step - 0.8 + 0.001))
                candidate = _set(c, field, key, value)
                loss = _loss(candidate)
                if loss < best - 1e-7:
                    best, c, now, improved = loss, candidate, value, True
        if not improved:
            break
    return c


def print_rows(rows: list[Miss]) -> None:
    print(f"{'model':<26}{'GPUs':<12}{'prec':<6}{'engine':<14}{'in/out':>11}{'conc':>6}"
          f"{'published':>11}{'estimate':>10}{'batch':>7}{'ratio':>7}")
    for m in rows:
        r = m.run
        engine = r.engine + (f" {r.engine_version}" if r.engine_version else "")
        print(f"{r.model[:25]:<26}{f'{r.gpus}x {r.gpu}':<12}{r.quantisation:<6}"
              f"{engine[:13]:<14}{f'{r.input_tokens:g}/{r.output_tokens:g}':>11}"
              f"{(str(r.concurrency) if r.concurrency else '-'):>6}{r.tokens_per_s:>11,.0f}"
              f"{m.estimate_tokens_per_s:>10,.0f}{m.batch:>7.0f}{m.ratio:>7.2f}")


def _rounded(value: object) -> object:
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, float) and value:
        return round(value, 2 - math.floor(math.log10(abs(value))))
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--fit", action="store_true", help="fit the constants anew")
    args = parser.parse_args(argv)
    calibration = fit(CALIBRATION) if args.fit else CALIBRATION
    rows = misses(calibration)
    print_rows(rows)
    figures = summary(rows)
    worst = max(rows, key=lambda m: abs(math.log(m.ratio)))
    def aim(ok: bool, text: str) -> str:
        return f"[aim {text}: {'met' if ok else 'MISSED'}]"

    print(f"\n{figures.rows} published runs: geometric-mean miss {figures.geo_mean_miss:.3f}× "
          f"{aim(figures.geo_mean_miss <= AIM_GEO_MEAN, f'≤ {AIM_GEO_MEAN}×')}, worst "
          f"{figures.worst_miss:.2f}× {aim(figures.worst_miss <= AIM_WORST, f'≤ {AIM_WORST}×')}:"
          f" {worst.run.model} on {worst.run.gpus}× {worst.run.gpu}, {worst.ratio:.2f}")
    print(f"recorded in engine/calibration.py: geometric-mean {FIT.geo_mean_miss}×, "
          f"worst {FIT.worst_miss}× over {FIT.rows} rows")
    if args.fit:
        print("\nfitted calibration (three significant figures):")
        for field, value in calibration.model_dump().items():
            print(f"  {field}={_rounded(value)!r},")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
