#!/usr/bin/env bats
# The limits the README states are the limits: nothing is cut short of them
# silently, and past them the whole input is refused or kept as it says.

load helpers

setup() {
    setup_base
}

@test "an HTML text node over 10 MB is kept whole, up to the document limit" {
    python3 - <<'PY'
words = "lorem ipsum dolor sit amet " * 420000  # 11.3 MB in one text node
open("huge.html", "w").write("<html><head><title>Huge page</title></head><body><article><p>"
                             + words + "closingword</p></article></body></html>")
PY
    run "$KB" extract --format json huge.html
    [ "$status" -eq 0 ]
    [[ "$output" == *"closingword"* ]]
    run "$KB" ingest huge.html
    [ "$status" -eq 0 ]
    run "$KB" search closingword
    [ "$status" -eq 0 ]
    [[ "$output" == *"huge-page"* ]]
}

@test "a page nested past 256 levels keeps the deep text and what follows it" {
    python3 - <<'PY'
open("deep.html", "w").write("<html><head><title>Deep page</title></head><body><article>"
    + "<p>Opening paragraph of the deep page, with enough words to count as text.</p>"
    + "<div>" * 5000 + "deepestword" + "</div>" * 5000
    + "<p>A closing paragraph after the deep part, with afterword in it.</p>"
    + "</article></body></html>")
PY
    run "$KB" extract deep.html
    [ "$status" -eq 0 ]
    [[ "$output" == *"deepestword"* ]]
    [[ "$output" == *"afterword"* ]]
}

@test "a feed nested deeper than 256 levels is refused whole, nothing stored" {
    python3 - <<'PY'
deep = "<x>" * 300 + "y" + "</x>" * 300
open("deep.xml", "w").write('<?xml version="1.0"?><rss version="2.0"><channel><title>Deep</title>'
    '<link>http://example.com/</link>'
    '<item><title>First item</title><link>http://example.com/1</link></item>'
    '<item><title>Second item</title><link>http://example.com/2</link><description>'
    + deep + '</description></item>'
    '<item><title>Third item</title><link>http://example.com/3</link></item>'
    '</channel></rss>')
PY
    run "$KB" ingest deep.xml
    [ "$status" -eq 1 ]
    [[ "$output" == *"deep.xml: refused: not a feed: nested deeper than 256 levels"* ]]
    [ "$(count sources)" = 0 ]
    assert_integrity
}

@test "a UTF-16 page, feed or note with a byte order mark is read by kb ingest" {
    python3 - <<'PY'
page = ("<html><head><title>Wide page</title></head><body><article><h1>Wide page</h1>"
        "<p>Oracle signs a cloud deal for capacity in Texas, the company said on Tuesday.</p>"
        "<p>A second paragraph about gigawatts of data center power for training.</p>"
        "</article></body></html>")
open("le.html", "wb").write(b"\xff\xfe" + page.encode("utf-16-le"))
open("be.html", "wb").write(b"\xfe\xff" + page.replace("Wide page", "Wider page").replace("Texas", "Ohio").encode("utf-16-be"))
open("note.txt", "wb").write(b"\xff\xfe" + "A wide note on Stargate capacity.\n".encode("utf-16-le"))
PY
    "$KB" extract le.html > extracted.txt
    grep -q 'Oracle signs a cloud deal' extracted.txt
    run "$KB" ingest le.html be.html note.txt
    [ "$status" -eq 0 ]
    [[ "$output" == *"3 stored"* ]]
    [ "$(sqlite3 kb.db "SELECT count(*) FROM sources WHERE title IN ('Wide page', 'Wider page', 'A wide note on Stargate capacity.')")" = 3 ]
    run "$KB" search stargate
    [ "$status" -eq 0 ]
    [[ "$output" == *"a-wide-note-on-stargate-capacity"* ]]
}

@test "a brief's snapshot fact is never cut, however long" {
    python3 - <<'PY'
hq = "Building " + "très longue " * 40 + "and the last words é"
open("e.xml", "w").write('<?xml version="1.0" encoding="UTF-8"?><kb><company slug="longco">'
                         "<name>Longco</name><hq>" + hq + "</hq></company></kb>")
PY
    "$KB" load e.xml >/dev/null
    run "$KB" brief longco
    [ "$status" -eq 0 ]
    [[ "$output" == *"très longue and the last words é |"* ]]
}

# A feed of one item whose description is $1, 11 MB of words, then $2;
# $3 is more items.
big_feed() {
    python3 - "$1" "$2" "$3" <<'PY'
import sys
words = "lorem ipsum dolor sit amet " * 420000
open("big.xml", "w").write('<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>'
    '<link>http://example.com/</link>'
    '<item><title>Big item</title><link>http://example.com/b</link><description>'
    + sys.argv[1] + words + sys.argv[2] + '</description></item>' + sys.argv[3]
    + '</channel></rss>')
PY
}

@test "a feed's text over 10 MB is kept whole, and the items after it too" {
    big_feed "" closingword '<item><title>Small item</title><link>http://example.com/s</link><description>small words</description></item>'
    run "$KB" ingest big.xml
    [ "$status" -eq 0 ]
    [[ "$output" == *"2 stored"* ]]
    run "$KB" search closingword
    [ "$status" -eq 0 ]
    [[ "$output" == *"Big item"* ]]
}

@test "a feed item's HTML with a text node over 10 MB is kept whole" {
    big_feed '&lt;p&gt;' 'closingword&lt;/p&gt;&lt;p&gt;afterword&lt;/p&gt;' ""
    run "$KB" ingest big.xml
    [ "$status" -eq 0 ]
    [ "$(sqlite3 kb.db "SELECT text LIKE '%closingword%afterword' FROM sources")" = 1 ]
}
