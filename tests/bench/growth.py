#!/usr/bin/env python3
"""How a kb command's time and memory grow with the size of one input.

Each case makes an input of size n and of size FACTOR × n, runs one kb
command on each (a few times) and prints the median time and the peak memory
of both, and their ratios. Linear work shows a time ratio near FACTOR; a
quadratic one shows near FACTOR². Nothing here asserts a time: the figures
are printed, and the verdict is a reading of the ratio, for people.

Cases live in bench_bounds_*.py files beside this one: each defines
CASES, a list of Case. `make bench` runs them all.

usage: growth.py KB WORKDIR [CASE-NAME...]
"""
import importlib.util
import glob
import os
import shutil
import statistics
import subprocess
import sys
import time

FACTOR = 4
RUNS = 3


class Case:
    """One input that grows.

    name:  what grows, as the README's Limits table says it.
    n:     the smaller size (the larger is FACTOR × n).
    make:  make(dirpath, n, kb, db) writes the input under dirpath and returns the
           kb arguments (after --db) that read it; it may run kb itself
           (kb init, kb load) to prepare a base, as setup, not measured.
    ok:    exit statuses that count as the command having run (a refusal
           at a documented limit is a run too).
    """

    def __init__(self, name, n, make, ok=(0,)):
        self.name, self.n, self.make, self.ok = name, n, make, ok


def measure(kb, db, args, ok):
    """Median wall time (s) and largest peak RSS (MiB) of RUNS runs."""
    times, peak = [], 0
    for _ in range(RUNS):
        t0 = time.monotonic()
        p = subprocess.Popen([kb, "--db", db] + args, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
        _, status, usage = os.wait4(p.pid, 0)
        times.append(time.monotonic() - t0)
        code = os.waitstatus_to_exitcode(status)
        err = p.stderr.read().decode(errors="replace")
        p.stderr.close()
        if code not in ok:
            sys.exit(f"kb {' '.join(args)[:120]} exited {code}: {err[:400]}")
        peak = max(peak, usage.ru_maxrss / 1024)
    return statistics.median(times), peak


def run_case(kb, workdir, case):
    rows = []
    for n in (case.n, case.n * FACTOR):
        d = os.path.join(workdir, f"{case.name.replace(' ', '-')}-{n}")
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        db = os.path.join(d, "kb.db")
        args = case.make(d, n, kb, db)
        rows.append((n,) + measure(kb, db, args, case.ok))
        shutil.rmtree(d, ignore_errors=True)
    (n1, t1, m1), (n2, t2, m2) = rows
    tr = t2 / t1 if t1 > 0 else float("inf")
    mr = m2 / m1 if m1 > 0 else float("inf")
    verdict = "linear" if tr < FACTOR * 1.75 else "SUPERLINEAR?"
    print(f"  {case.name:<44} n={n1:<8} {t1*1000:8.1f} ms {m1:7.1f} MiB | "
          f"n={n2:<8} {t2*1000:8.1f} ms {m2:7.1f} MiB | "
          f"×{tr:4.1f} time ×{mr:4.1f} mem  {verdict}", flush=True)


def load_cases(here):
    cases = []
    for path in sorted(glob.glob(os.path.join(here, "bench_bounds_*.py"))):
        spec = importlib.util.spec_from_file_location(os.path.basename(path)[:-3], path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        cases += mod.CASES
    return cases


def main():
    kb, workdir = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    only = set(sys.argv[3:])
    os.makedirs(workdir, exist_ok=True)
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    cases = [c for c in load_cases(os.path.dirname(os.path.abspath(__file__)))
             if not only or c.name in only]
    print(f"growth of time and memory, n and {FACTOR}×n, median of {RUNS} runs "
          f"(linear: time ratio near {FACTOR})", flush=True)
    for c in cases:
        run_case(kb, workdir, c)


if __name__ == "__main__":
    main()
