#!/usr/bin/env python3
"""Whole-process times of kb brief, kb search and kb sql on a large base.

Run after bench_ingest.py, which leaves WORKDIR/bench.db holding the starter
data and the generated corpus. Prints medians and 95th percentiles.

usage: bench_query.py KB WORKDIR [RUNS]
"""
import os
import sqlite3
import statistics
import subprocess
import sys
import time

QUERIES = [
    # common words, rare words, prefixes, phrases, entities, filters
    ["cloud"], ["capacity", "deal"], ["gigawatt"], ["analy*"], ["infra*"], ["\"data center\""],
    ["meta", "cloud"], ["openai", "OR", "anthropic"], ["llama", "-meta"], ["zeppelin"],
    ["--kind", "claim", "capex"], ["--entity", "meta", "shares"], ["--sort", "date", "nvidia"],
    ["--since", "2025-06", "strategy"], ["GPT-4"], ["Blackwell"],
]


def timed(cmd):
    t0 = time.monotonic()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if r.returncode not in (0,):
        sys.exit(f"{' '.join(cmd)} failed: {r.stderr.decode()}")
    return (time.monotonic() - t0) * 1000


def p95(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


def main():
    kb, workdir = os.path.abspath(sys.argv[1]), sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    db = os.path.join(workdir, "bench.db")
    if not os.path.exists(db):
        sys.exit("no bench.db: run bench_ingest.py first")
    n = subprocess.run([kb, "--db", db, "sql", "--format", "csv", "--no-header",
                        "SELECT count(*) FROM sources"], capture_output=True, text=True).stdout.strip()
    print(f"queries on a base of {n} sources (whole process, ms)")
    floor = [timed([kb, "--db", db, "sql", "SELECT 1"]) for _ in range(runs * 3)]
    print(f"  kb sql 'SELECT 1' (process floor)   p50 {statistics.median(floor):6.1f}")
    for what in (["brief", "meta"], ["brief", "--format", "html", "meta"],
                 ["brief", "--compare", "meta", "amazon", "microsoft"], ["brief", "--topic", "cloud"]):
        ts = [timed([kb, "--db", db] + what + ["--as-of", "2026-11-28"]) for _ in range(runs * 2)]
        print(f"  kb {' '.join(what):<36} p50 {statistics.median(ts):6.1f}  p95 {p95(ts):6.1f}")
    ts = []
    for _ in range(runs):
        for q in QUERIES:
            ts.append(timed([kb, "--db", db, "search", "--format", "json"] + q))
    print(f"  kb search ({len(QUERIES)} kinds of query × {runs})     p50 {statistics.median(ts):6.1f}  p95 {p95(ts):6.1f}")
    # the peer: the bare FTS5 query on the sources' index, in this process
    # (no process start, no other kinds, no snippets), for the plain queries
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    bare = []
    for _ in range(runs):
        for q in (["cloud"], ["capacity", "deal"], ["gigawatt"], ["meta", "cloud"], ["Blackwell"],
                  ["zeppelin"]):
            t0 = time.monotonic()
            con.execute("SELECT rowid FROM sources_fts WHERE sources_fts MATCH ? ORDER BY rank "
                        "LIMIT 20", (" ".join(q),)).fetchall()
            bare.append((time.monotonic() - t0) * 1000)
    con.close()
    print(f"  bare FTS5 MATCH … ORDER BY rank LIMIT 20 (in process)  p50 {statistics.median(bare):6.1f}  p95 {p95(bare):6.1f}")
    # names: a word that names an entity is expanded to its other names; a
    # query that finds nothing looks for close words to suggest
    for q in (["facebook", "capex"], ["google", "capex"], ["--entity", "Facebook", "shares"],
              ["oracle"], ["Zuckerburg"], ["microsft", "capex"]):
        qs = [timed([kb, "--db", db, "search"] + q) for _ in range(runs)]
        print(f"    kb search {' '.join(q):<24}         p50 {statistics.median(qs):6.1f}")
    for q in (["cloud"], ["zeppelin"], ["infra*"]):
        qs = [timed([kb, "--db", db, "search"] + q) for _ in range(runs)]
        print(f"    kb search {' '.join(q):<24}         p50 {statistics.median(qs):6.1f}")


if __name__ == "__main__":
    main()
