"""Notes and briefs: a table of n columns and n rows, n links in a note, a
brief with n footnotes. Each should grow linearly (see growth.py)."""
import os
import subprocess

from growth import Case


def init(kb, db):
    subprocess.run([kb, "--db", db, "init"], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def note(d, kb, db, lines):
    """A base and a Markdown note of these lines; the arguments that ingest it."""
    init(kb, db)
    path = os.path.join(d, "note.md")
    with open(path, "w") as f:
        f.writelines(line + "\n" for line in lines)
    return ["ingest", path]


def table_note(d, n, kb, db):
    # n columns, and n rows of one cell each: cmark-gfm would fill in the rest
    return note(d, kb, db, ["# A wide table", "", "|" + "a|" * n, "|" + "-|" * n] + ["x"] * n)


def links_note(d, n, kb, db):
    return note(d, kb, db, ["# Many links", ""] +
                [f"- [link {i}](https://example.com/{i})" for i in range(n)])


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
    Case("a brief's footnotes", 25000, cited_claims),
]
