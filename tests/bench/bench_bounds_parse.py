"""Parsers and stores whose work once grew faster than their input: JSON-LD
authors by @id, attributes on one element (pages, feeds, data files), feed
items with one title, aliases, and grammar errors in a data file."""
import os
import subprocess

from growth import Case

DATA_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<kb version="1">\n'


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def init(kb, db):
    subprocess.run([kb, "--db", db, "init"], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def jsonld_authors(d, n, kb, db):
    authors = ",".join(f'{{"@id":"#p{i}"}}' for i in range(n))
    people = ",".join(f'{{"@type":"Person","@id":"#p{i}","name":"Person {i}"}}'
                      for i in range(n))
    page = ('<html><head><title>t</title><script type="application/ld+json">'
            f'{{"@context":"https://schema.org","@graph":[{{"@type":"NewsArticle",'
            f'"headline":"H","author":[{authors}]}},{people}]}}'
            '</script></head><body><p>' + "Words in a paragraph. " * 40 + '</p></body></html>')
    return ["extract", write(os.path.join(d, "p.html"), page)]


def many_attributes(n):
    return " ".join(f'a{i}="{i}"' for i in range(n))


def page_attributes(d, n, kb, db):
    page = f'<html><body><div {many_attributes(n)}><p>Some text.</p></div></body></html>'
    return ["extract", write(os.path.join(d, "p.html"), page)]


def page_elements_at_the_limit(d, n, kb, db):
    div = f'<div {many_attributes(256)}><p>Some text.</p></div>'
    page = f'<html><body>{div * n}</body></html>'
    return ["extract", write(os.path.join(d, "p.html"), page)]


def feed_attributes(d, n, kb, db):
    init(kb, db)
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>'
            f'<item {many_attributes(n)}><title>T</title><link>https://example.com/a</link>'
            '</item></channel></rss>')
    return ["ingest", write(os.path.join(d, "f.xml"), feed)]


def datafile_attributes(d, n, kb, db):
    init(kb, db)
    text = DATA_HEAD + f'<company slug="c" {many_attributes(n)}><name>C</name></company></kb>\n'
    return ["load", write(os.path.join(d, "d.xml"), text)]


def same_titles(d, n, kb, db):
    init(kb, db)
    items = "".join(f'<item><title>One title</title><link>https://example.com/{i}</link>'
                    f'<description>Item {i}.</description></item>' for i in range(n))
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{items}</channel></rss>'
    return ["ingest", write(os.path.join(d, "f.xml"), feed)]


def aliases(d, n, kb, db):
    init(kb, db)
    text = (DATA_HEAD + '<company slug="c"><name>C</name>' +
            "".join(f"<alias>Alias {i}</alias>" for i in range(n)) + "</company></kb>\n")
    return ["load", write(os.path.join(d, "d.xml"), text)]


def grammar_errors(d, n, kb, db):
    init(kb, db)
    text = DATA_HEAD + "".join(f'<company slug="c{i}"><bogus/></company>' for i in range(n)) + "</kb>\n"
    return ["load", write(os.path.join(d, "d.xml"), text)]


def entities(d, n, kb, db):
    init(kb, db)
    text = DATA_HEAD + "".join(f'<company slug="c{i}"><name>C {i}</name></company>'
                               for i in range(n)) + "</kb>\n"
    return ["load", write(os.path.join(d, "d.xml"), text)]


CASES = [
    Case("JSON-LD authors given by @id", 2000, jsonld_authors),
    Case("attributes on one element of a page", 5000, page_attributes, ok=(0, 2)),
    Case("elements of a page with 256 attributes each", 200, page_elements_at_the_limit),
    Case("attributes on one element of a feed", 5000, feed_attributes, ok=(0, 1, 2)),
    Case("attributes on one element of a data file", 5000, datafile_attributes, ok=(0, 2)),
    Case("feed items with the same title", 2500, same_titles),
    Case("aliases of one entity in a data file", 25000, aliases, ok=(0, 2)),
    Case("grammar errors in a data file", 25000, grammar_errors, ok=(2,)),
    Case("valid entities in a data file", 25000, entities),
]
