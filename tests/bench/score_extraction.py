#!/usr/bin/env python3
"""Scores kb's article extraction on a corpus of pages with known article text.

    score_extraction.py KB [CORPUS] [--min-f1 X] [--worst N] [--jobs J] [--show ID]

Runs `KB extract --format json PAGE` on every page of CORPUS/html/ and compares
the "text" it returns with CORPUS/ground-truth.json the way the corpus's
README.md describes: tokens are Unicode \\w+ runs, shingles are token 4-grams
counted as a multiset (a text of fewer than 4 tokens is one shorter shingle),
a page's TP/FP/FN are normalised to sum to 1, precision and recall are averaged
over pages, and F1 is computed from the two averages. Accuracy is the share of
pages whose token sequence is exactly the true one.

CORPUS defaults to ../shared/corpora/extraction/dev relative to the repository.
With --min-f1 X the exit status is 1 when F1 < X (2 on bad usage or when kb
could not be run at all). --worst N lists the N pages with the lowest F1.
Standard library only.
"""

import argparse
import collections
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import time

TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(text):
    return TOKEN.findall(text or "")


def shingles(toks, n=4):
    """The token n-grams of a text as a multiset; fewer than n tokens are one shingle."""
    if len(toks) < n:
        return collections.Counter([" ".join(toks)] if toks else [])
    return collections.Counter(" ".join(toks[i:i + n]) for i in range(len(toks) - n + 1))


def match(true_text, pred_text):
    """A page's (tp, fp, fn), normalised to sum to 1 (all 0 when both texts are empty)."""
    t, p = shingles(tokens(true_text)), shingles(tokens(pred_text))
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    s = tp + fp + fn
    if s:
        tp, fp, fn = tp / s, fp / s, fn / s
    return tp, fp, fn


def precision_recall(tp, fp, fn):
    if fp == 0 and fn == 0:
        return 1.0, 1.0
    precision = tp / (tp + fp) if tp + fp > 0 else 0.0
    recall = tp / (tp + fn) if tp + fn > 0 else 0.0
    return precision, recall


def f1(p, r):
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def extract(kb, path):
    """The text kb extracts from one page, and an error message or None."""
    try:
        run = subprocess.run([kb, "extract", "--format", "json", path],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        return "", str(e)
    if run.returncode != 0:
        return "", "exit %d: %s" % (run.returncode, run.stderr.decode("utf-8", "replace").strip())
    try:
        out = json.loads(run.stdout.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        return "", "bad JSON output: %s" % e
    if isinstance(out, list):  # one object per file, should the command print a list
        out = out[0] if out else {}
    return out.get("text") or "", None


def main():
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap = argparse.ArgumentParser(description="Score kb's article extraction.")
    ap.add_argument("kb", help="path of the kb binary")
    ap.add_argument("corpus", nargs="?",
                    default=os.path.join(repo, "..", "shared", "corpora", "extraction", "dev"),
                    help="corpus directory (html/ and ground-truth.json)")
    ap.add_argument("--min-f1", type=float, help="exit 1 when F1 is below this")
    ap.add_argument("--worst", type=int, default=0, metavar="N", help="list the N worst pages")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="pages run at once")
    ap.add_argument("--show", metavar="ID", help="print one page's extracted and true text")
    args = ap.parse_args()

    try:
        with open(os.path.join(args.corpus, "ground-truth.json"), encoding="utf-8") as f:
            truth = json.load(f)
    except (OSError, ValueError) as e:
        print("score_extraction: cannot read the corpus: %s" % e, file=sys.stderr)
        return 2
    if not os.access(args.kb, os.X_OK):
        print("score_extraction: %s is not an executable kb" % args.kb, file=sys.stderr)
        return 2

    if args.show:
        ids = [i for i in truth if i.startswith(args.show)]
        if len(ids) != 1:
            print("score_extraction: %s names %d pages" % (args.show, len(ids)), file=sys.stderr)
            return 2
        text, error = extract(args.kb, os.path.join(args.corpus, "html", ids[0] + ".html"))
        tp, fp, fn = match(truth[ids[0]]["articleBody"], text)
        p, r = precision_recall(tp, fp, fn)
        print("=== extracted%s\n%s\n=== true\n%s\n=== precision %.3f  recall %.3f"
              % (" (" + error + ")" if error else "", text, truth[ids[0]]["articleBody"], p, r))
        return 0

    ids = sorted(truth)
    paths = [os.path.join(args.corpus, "html", i + ".html") for i in ids]
    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(lambda p: extract(args.kb, p), paths))
    elapsed = time.monotonic() - start

    pages = []
    errors = 0
    for page_id, (text, error) in zip(ids, results):
        if error:
            errors += 1
            if errors <= 5:
                print("score_extraction: %s: %s" % (page_id, error), file=sys.stderr)
        true_text = truth[page_id]["articleBody"]
        p, r = precision_recall(*match(true_text, text))
        exact = tokens(true_text) == tokens(text)
        pages.append((page_id, p, r, exact))
    if errors == len(ids):
        print("score_extraction: kb failed on every page", file=sys.stderr)
        return 2

    n = len(pages)
    precision = sum(p for _, p, _, _ in pages) / n
    recall = sum(r for _, _, r, _ in pages) / n
    score = f1(precision, recall)
    accuracy = sum(1 for *_, e in pages if e) / n
    print("extraction: %d pages  precision %.3f  recall %.3f  F1 %.3f  accuracy %.2f"
          "  (%.1fs%s)" % (n, precision, recall, score, accuracy, elapsed,
                           ", %d errors" % errors if errors else ""))
    if args.worst:
        for page_id, p, r, _ in sorted(pages, key=lambda x: f1(x[1], x[2]))[:args.worst]:
            print("  %s  P %.3f  R %.3f  F1 %.3f" % (page_id, p, r, f1(p, r)))
    if args.min_f1 is not None and score < args.min_f1:
        print("extraction: F1 %.3f is below %.3f" % (score, args.min_f1), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
