#!/usr/bin/env bats
# Parsers and stores in bounded time and memory: what each stores, or how it
# refuses, at its limit. (How their time grows is shown by make bench.)

load helpers

setup() {
    setup_base
}

# n feed items, each with the title given and a link of its own.
same_title_feed() {
    python3 - "$1" "$2" <<'PY'
import sys
n, title = int(sys.argv[1]), sys.argv[2]
items = "".join(f"<item><title>{title}</title><link>https://example.com/{i}</link>"
                f"<description>Item {i}.</description></item>" for i in range(n))
print(f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{items}</channel></rss>')
PY
}

@test "10,001 feed items with one title are all stored, and a rerun adds and loses nothing" {
    skip_if_valgrind
    same_title_feed 10001 "One title" > feed.xml
    run "$KB" ingest feed.xml
    [ "$status" -eq 0 ] || { echo "$output"; false; }
    [ "$(count sources)" -eq 10001 ]
    [ "$(sqlite3 "$KB_DB" 'SELECT count(DISTINCT slug) FROM sources')" -eq 10001 ]
    before=$(base_digest)
    run "$KB" ingest feed.xml
    [ "$status" -eq 0 ] || { echo "$output"; false; }
    [ "$(base_digest)" = "$before" ]
    assert_integrity
}

@test "a slug's numeric suffix goes on from the largest one already stored" {
    same_title_feed 3 "One title" > a.xml
    "$KB" ingest a.xml
    python3 - > b.xml <<'PY'
items = "".join(f"<item><title>One title</title><link>https://example.com/b{i}</link>"
                f"<description>Other {i}.</description></item>" for i in range(2))
print(f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{items}</channel></rss>')
PY
    run "$KB" ingest b.xml
    [ "$status" -eq 0 ] || { echo "$output"; false; }
    [ "$(sqlite3 "$KB_DB" "SELECT group_concat(slug, ' ') FROM (SELECT slug FROM sources ORDER BY id)")" = \
      "example-one-title example-one-title-2 example-one-title-3 example-one-title-4 example-one-title-5" ]
}

# An element <$1> with $2 attributes, on a line of its own.
attributes() {
    python3 - "$1" "$2" <<'PY'
import sys
name, n = sys.argv[1], int(sys.argv[2])
print(f"<{name} " + " ".join(f'data-a{i}="{i}"' for i in range(n)) + ">", end="")
PY
}

@test "a page with more attributes on one element than kb reads is refused, naming its file and line" {
    { echo "<html><head><title>Crowded</title></head><body>"; attributes div 257
      echo "<p>Text of the page.</p></div></body></html>"; } > crowded.html
    { echo "<html><head><title>Fine</title></head><body>"; attributes div 256
      echo "<p>Text of the page, kept.</p></div></body></html>"; } > fine.html
    run "$KB" extract crowded.html
    [ "$status" -eq 2 ]
    [[ "$output" == *"crowded.html: line 2: <div> has more than 256 attributes"* ]]
    run "$KB" extract fine.html
    [ "$status" -eq 0 ]
    [[ "$output" == *"Text of the page, kept."* ]]
    run "$KB" ingest crowded.html fine.html
    [ "$status" -eq 1 ]
    [[ "$output" == *"crowded.html: refused: line 2: <div> has more than 256 attributes"* ]]
    [ "$(count sources)" -eq 1 ]
    [ "$(sqlite3 "$KB_DB" 'SELECT title FROM sources')" = Fine ]
    assert_integrity
}

@test "a feed with more attributes on one element than kb reads is refused, and nothing of it stored" {
    { echo '<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>'
      echo '<item><title>First</title><link>https://example.com/1</link></item>'
      attributes item 300
      echo '<title>Second</title><link>https://example.com/2</link></item></channel></rss>'; } > feed.xml
    run "$KB" ingest feed.xml
    [ "$status" -eq 1 ]
    [[ "$output" == *"feed.xml: refused: line 3: <item> has more than 256 attributes"* ]]
    [ "$(count sources)" -eq 0 ]
    assert_integrity
}

@test "a feed whose entity becomes an element with more attributes than kb reads is refused" {
    python3 - > feed.xml <<'PY'
attrs = " ".join(f"a{i}='{i}'" for i in range(100000))
print(f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY e "&#60;x {attrs}/&#62;">]>'
      '<rss version="2.0"><channel><title>F</title><item><title>T</title>'
      '<link>https://example.com/1</link><description>&e;</description></item></channel></rss>')
PY
    run "$KB" ingest feed.xml
    [ "$status" -eq 1 ]
    [[ "$output" == *"feed.xml: refused: line 2: <x> has more than 256 attributes"* ]]
    [ "$(count sources)" -eq 0 ]
}

@test "an HTML fragment in a feed with more attributes than kb reads keeps its text" {
    python3 - > feed.xml <<'PY'
attrs = " ".join(f'data-a{i}="{i}"' for i in range(1000))
html = f'<p {attrs}>Fragment <b>text</b> kept.</p>'.replace("&", "&amp;").replace("<", "&lt;")
print(f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><item><title>T</title>'
      f'<link>https://example.com/1</link><description>{html}</description></item></channel></rss>')
PY
    run "$KB" ingest feed.xml
    [ "$status" -eq 0 ] || { echo "$output"; false; }
    [[ "$(sqlite3 "$KB_DB" 'SELECT text FROM sources')" == *"Fragment text kept."* ]]
}

@test "a data file with more attributes on one element than kb reads is refused, naming its line" {
    { echo '<kb version="1">'; attributes company 257
      echo '<name>C</name></company></kb>'; } > crowded.xml
    assert_load_refused crowded.xml "crowded.xml:2: error: <company> has more than 256 attributes: not read"
}

# kb load FILE is refused as a whole: exit 2, the message given, the base as it was.
assert_load_refused() {
    local before
    before=$(base_digest)
    run "$KB" load "$1"
    [ "$status" -eq 2 ] || { echo "status $status: ${output:0:600}"; return 1; }
    [[ "$output" == *"$2"* ]] || { echo "${output:0:600}"; return 1; }
    [ "$(base_digest)" = "$before" ]
}

# A data file: one company with $1 aliases.
aliases() {
    python3 - "$1" <<'PY'
import sys
n = int(sys.argv[1])
print('<kb version="1">\n<company slug="c"><name>C</name>' +
      "".join(f"<alias>Alias {i}</alias>" for i in range(n)) + "</company></kb>")
PY
}

@test "an entity's 256 aliases are all stored, and a data file giving one more is refused" {
    aliases 256 > fine.xml
    run "$KB" load fine.xml
    [ "$status" -eq 0 ] || { echo "$output"; false; }
    [ "$(count aliases)" -eq 256 ]
    aliases 257 > more.xml
    assert_load_refused more.xml 'more.xml:2: error: <company slug="c"> has 257 aliases: at most 256 are allowed'
}

@test "100,000 aliases of one entity are refused with their number" {
    skip_if_valgrind
    aliases 100000 > many.xml
    assert_load_refused many.xml 'has 100,000 aliases: at most 256 are allowed'
}

@test "a data file with 100,000 grammar errors shows the first 50 and says how many more there were" {
    skip_if_valgrind
    python3 - > bad.xml <<'PY'
print('<kb version="1">\n' + "\n".join(f'<company slug="c{i}"><name>C</name><bogus/></company>'
                                       for i in range(100000)) + "\n</kb>")
PY
    assert_load_refused bad.xml "error: … and 199,950 more errors"
    [ "$(grep -c '^bad.xml:[0-9]*: error: ' <<<"$output")" -eq 51 ]
    [[ "$(grep 'error: ' <<<"$output" | tail -1)" == *"error: … and 199,950 more errors" ]]
    [[ "$output" == *"kb: 200000 errors; nothing was loaded"* ]]
}

@test "a page's JSON-LD authors given by @id are named, the first 32 of 20,000" {
    skip_if_valgrind
    python3 - > page.html <<'PY'
n = 20000
authors = ",".join(f'{{"@id":"#p{i}"}}' for i in range(n))
people = ",".join(f'{{"@type":"Person","@id":"#p{i}","name":"Person {i}"}}' for i in range(n))
print('<html><head><title>t</title><script type="application/ld+json">'
      f'{{"@context":"https://schema.org","@graph":[{{"@type":"NewsArticle","headline":"H",'
      f'"author":[{authors}]}},{people}]}}</script></head><body><p>'
      + "Words in a paragraph. " * 40 + "</p></body></html>")
PY
    run "$KB" extract --format json page.html
    [ "$status" -eq 0 ]
    [[ "$output" == *'"Person 0, Person 1, Person 2, '*' Person 30 and Person 31"'* ]]
}
