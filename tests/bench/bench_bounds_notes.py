"""Notes and briefs: a table of n columns and n rows, n links in a note, a
brief with n footnotes. Each should grow linearly (see growth.py)."""
import os
import subprocess

from growth import Case


def init(kb, db):
    subprocess.run([kb, "--db", db, "init"], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def table_note(d, n, kb, db):
    # n columns, and n rows of one cell each: cmark-gfm fills in the rest
    init(kb, db)
    path = os.path.join(d, "table.md")
    with open(path, "w") as f:
        f.write("# A wide table\n\n")
        f.write("|" + "a|" * n + "\n")
        f.write("|" + "-|" * n + "\n")
        f.write("x\n" * n)
    return ["ingest", path]


def links_note(d, n, kb, db):
    init(kb, db)
    path = os.path.join(d, "links.md")
    with open(path, "w") as f:
        f.write("# Many links\n\n")
        for i in range(n):
            f.write(f"- [link {i}](https://example.com/{i})\n")
    return ["ingest", path]


def cited_claims(d, n, kb, db):
    # one company, n claims about it, each citing a source of its own
    init(kb, db)
    path = os.path.join(d, "claims.xml")
    with open(path, "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<kb>\n')
        f.write('  <company slug="acme"><name>Acme</name></company>\n')
        for i in range(n):
            f.write(f'  <source slug="s{i}" type="article"><url>https://example.com/{i}</url>'
                    f'<title>Source {i}</title><published>2026-01-01</published></source>\n')
        for i in range(n):
            f.write(f'  <claim slug="c{i}" subject="acme" topic="cloud" kind="report" '
                    f'stance="neutral"><statement>Claim {i}.</statement>'
                    f'<as-of>2026-01-01</as-of><cite source="s{i}"/></claim>\n')
        f.write("</kb>\n")
    subprocess.run([kb, "--db", db, "load", path], check=True, stdout=subprocess.DEVNULL)
    return ["brief", "--as-of", "2026-07-01", "acme"]


CASES = [
    Case("a note's table: n columns, n rows", 500, table_note),
    Case("a note's links", 25000, links_note),
    Case("a brief's footnotes", 10000, cited_claims),
]
