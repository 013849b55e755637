#!/usr/bin/env python3
"""kb ingest against SQLite alone, on a generated corpus of news-like pages.

The base is left at WORKDIR/bench.db (the last size run) for bench_query.py.

For each size: kb ingest of the pages (parsing, extraction, storage, index,
mentions) in a fresh base, whole-process time and peak memory; and the floor:
SQLite indexing the same articles' already-extracted text in one bulk
INSERT ... SELECT into a table with an external-content FTS5 index kept by
triggers. Medians of the runs are printed.

usage: bench_ingest.py KB WORKDIR [SIZE[:RUNS] ...]
"""
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "data")


def corpus(workdir, n):
    d = os.path.join(workdir, f"corpus-{n}")
    stamp = os.path.join(d, "done")
    if not os.path.exists(stamp):
        shutil.rmtree(d, ignore_errors=True)
        subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), d, str(n)], check=True)
        open(stamp, "w").close()
    return d


def run_ingest(kb, workdir, pages):
    db = os.path.join(workdir, "bench.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    subprocess.run([kb, "--db", db, "init"], check=True, stderr=subprocess.DEVNULL)
    # the starter data first: its entities are what the mentions link to
    subprocess.run([kb, "--db", db, "load", DATA], check=True, stdout=subprocess.DEVNULL)
    t0 = time.monotonic()
    p = subprocess.Popen([kb, "--db", db, "ingest", pages], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    _, _, ru = os.wait4(p.pid, 0)
    elapsed = time.monotonic() - t0
    out = p.stdout.read().decode()
    err = p.stderr.read().decode()
    if p.returncode not in (0, None) and "refused" not in out:
        sys.exit(f"kb ingest failed: {err}")
    return elapsed, ru.ru_maxrss / 1024, out.strip()


def run_floor(workdir, texts):
    db = os.path.join(workdir, "floor.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    con = sqlite3.connect(db)
    con.executescript("""
        PRAGMA journal_mode = WAL;
        CREATE TABLE docs (id INTEGER PRIMARY KEY, title TEXT, text TEXT) STRICT;
        CREATE VIRTUAL TABLE docs_fts USING fts5(title, text, content="docs", content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2');
        CREATE TRIGGER docs_ai AFTER INSERT ON docs BEGIN
            INSERT INTO docs_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
        END;
        CREATE TEMP TABLE stage (title TEXT, text TEXT);
    """)
    with open(texts, encoding="utf-8") as f:
        con.executemany("INSERT INTO stage VALUES (?, ?)",
                        (line.rstrip("\n").split("\t")[1:3] for line in f))
    con.commit()
    t0 = time.monotonic()
    con.execute("INSERT INTO docs(title, text) SELECT title, text FROM stage")
    con.commit()
    elapsed = time.monotonic() - t0
    con.close()
    return elapsed


def main():
    kb, workdir = os.path.abspath(sys.argv[1]), sys.argv[2]
    specs = sys.argv[3:] or ["10000:3", "100000:1"]
    os.makedirs(workdir, exist_ok=True)
    print(f"kb ingest on generated news pages (~16 KB, ~930 words each); SQLite {sqlite3.sqlite_version}")
    for spec in specs:
        n, _, runs = spec.partition(":")
        n, runs = int(n), int(runs or 1)
        d = corpus(workdir, n)
        pages = os.path.join(d, "pages")
        times, mems, summary = [], [], ""
        for _ in range(runs):
            t, mem, summary = run_ingest(kb, workdir, pages)
            times.append(t)
            mems.append(mem)
        floors = [run_floor(workdir, os.path.join(d, "texts.tsv")) for _ in range(runs)]
        t, f = statistics.median(times), statistics.median(floors)
        print(f"  {n:>7,} pages  kb ingest {t:7.2f} s  {n / t:7,.0f} pages/s  peak {max(mems):5.1f} MiB"
              f"  | SQLite floor {n / f:7,.0f} docs/s  | kb/floor {f / t:4.2f}  (median of {runs})")
        print(f"           {summary}")


if __name__ == "__main__":
    main()
