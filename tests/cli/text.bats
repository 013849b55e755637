#!/usr/bin/env bats
# What kb stores is valid UTF-8 with no control characters but tab and
# newline, whatever the input: a page, a feed, a note, a data file's values
# and <text src> files, and the values given on the command line.

load helpers

setup() {
    setup_base
}

# Fails, naming the column and the value, unless every text value of every
# table the base holds (or of the given JSON on stdin, with --json) is clean.
assert_stored_clean() {
    python3 - "$KB_DB" <<'PY'
import sqlite3, sys, re
bad = re.compile('[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]')
db = sqlite3.connect(sys.argv[1])
db.text_factory = bytes
checked = 0
for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%' AND name NOT LIKE 'sqlite_%'"):
    table = table.decode()
    cols = [r[1].decode() for r in db.execute(f'PRAGMA table_info("{table}")')]
    for row in db.execute(f'SELECT * FROM "{table}"'):
        for col, v in zip(cols, row):
            if not isinstance(v, bytes):
                continue
            try:
                s = v.decode('utf-8')
            except UnicodeDecodeError:
                sys.exit(f'{table}.{col} is not UTF-8: {v!r}')
            if bad.search(s):
                sys.exit(f'{table}.{col} holds a control character: {s!r}')
            checked += 1
if checked == 0:
    sys.exit('nothing stored to check')
PY
}

assert_json_clean() {
    python3 -c '
import json, re, sys
raw = sys.stdin.buffer.read()
doc = json.loads(raw.decode("utf-8"))
bad = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
for k, v in doc.items():
    if isinstance(v, str) and bad.search(v):
        sys.exit("%s holds a control character: %r" % (k, v))
'
}

# The four kinds of damage every input is tried with: an ill-formed byte
# (0xFF), a form feed, ESC (as in a terminal's colour sequence) and a C1
# control (U+0085, NEL), each between two words.
DAMAGE=$'bad\xffbyte form\ffeed esc\e[31mape nel\xc2\x85line'

@test "an HTML page is stored clean, and extracted clean" {
    printf '<html><head><title>Page %s</title></head><body><article><p>%s and a paragraph long enough to be the article, with words enough.</p></article></body></html>' \
        "$DAMAGE" "$DAMAGE" > page.html
    run "$KB" extract --format json page.html
    [ "$status" -eq 0 ]
    assert_json_clean <<< "$output"
    [[ "$output" == *'form feed'* ]]
    [[ "$output" == *'nel line'* ]]
    run "$KB" ingest page.html
    [ "$status" -eq 0 ]
    assert_stored_clean
    [ "$(sqlite3 kb.db "SELECT instr(text, 'form feed') > 0 AND instr(text, 'esc [31mape') > 0 FROM sources")" = 1 ]
    [ "$(sqlite3 kb.db "SELECT instr(text, 'bad' || char(65533) || 'byte') > 0 FROM sources")" = 1 ]
}

@test "an RSS feed is stored clean" {
    printf '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Feed %s</title><item><title>Item %s</title><link>https://example.com/a</link><description>%s, said the item.</description><author>x@example.com (Jo%sSmith)</author></item></channel></rss>' \
        "$DAMAGE" "$DAMAGE" "$DAMAGE" $'\e' > feed.xml
    run "$KB" ingest feed.xml
    [ "$status" -eq 0 ]
    assert_stored_clean
    [ "$(sqlite3 kb.db "SELECT instr(title, 'form feed esc [31mape nel line') > 0 FROM sources")" = 1 ]
}

@test "a note is stored clean, in Markdown and in plain text" {
    printf '# Note %s\n\n%s&#27;ref\n' "$DAMAGE" "$DAMAGE" > note.md
    printf 'Plain %s\r\nsecond line\r\n' "$DAMAGE" > note.txt
    run "$KB" ingest note.md note.txt
    [ "$status" -eq 0 ]
    assert_stored_clean
    [ "$(count sources)" = 2 ]
    # a carriage return is a newline, not a space and not kept
    [ "$(sqlite3 kb.db "SELECT instr(text, 'line' || char(10) || 'second line') > 0 FROM sources WHERE title LIKE 'Plain%'")" = 1 ]
}

@test "a data file's values and its <text src> file are stored clean" {
    mkdir d
    # (a <text src> file that is not UTF-8 is refused, see below; its
    # controls are mended)
    printf 'Text file form\ffeed esc\e[31mape nel\xc2\x85line\r\nend\n' > d/t.txt
    printf '<?xml version="1.0" encoding="UTF-8"?>\n<kb><company slug="acme"><name>Acme&#x85;Cloud %s</name><description>one&#13;two %s</description></company><source slug="s" type="note"><title>T %s</title><publisher>P&#x9F;ub</publisher><text src="t.txt"/></source><source slug="s2" type="note"><title>Inline</title><text>inline&#x80;text</text></source></kb>\n' \
        "nel$(printf '\xc2\x85')x" "nel$(printf '\xc2\x85')x" "nel$(printf '\xc2\x85')x" > d/x.xml
    run "$KB" load d
    [ "$status" -eq 0 ]
    assert_stored_clean
    [ "$(sqlite3 kb.db "SELECT name FROM entities WHERE slug = 'acme'")" = "Acme Cloud nel x" ]
    [ "$(sqlite3 kb.db "SELECT publisher FROM sources WHERE slug = 's'")" = "P ub" ]
    [ "$(sqlite3 kb.db "SELECT text FROM sources WHERE slug = 's2'")" = "inline text" ]
    [ "$(sqlite3 kb.db "SELECT instr(text, 'form feed esc [31mape') > 0 FROM sources WHERE slug = 's'")" = 1 ]
}

@test "a --publisher value with an ill-formed byte or a control is stored clean" {
    i=0
    for p in $'Pub\xffby' $'Form\ffeed' $'Esc\e[2J' $'Nel\xc2\x85x'; do
        i=$((i + 1))
        printf 'Note number %s for the publisher test.\n' "$i" > "p$i.txt"
        run "$KB" ingest --publisher "$p" "p$i.txt"
        [ "$status" -eq 0 ]
    done
    assert_stored_clean
    run sqlite3 kb.db "SELECT publisher FROM sources ORDER BY id"
    [ "${lines[0]}" = $'Pub\xef\xbf\xbdby' ]
    [ "${lines[1]}" = "Form feed" ]
    [ "${lines[2]}" = "Esc [2J" ]
    [ "${lines[3]}" = "Nel x" ]
}

@test "a <text src> file that is not UTF-8 is refused, naming it" {
    mkdir d
    printf 'caf\xe9\n' > d/latin1.txt
    printf '<kb><source slug="s" type="note"><title>t</title><text src="latin1.txt"/></source></kb>\n' > d/x.xml
    run "$KB" load d
    [ "$status" -eq 2 ]
    [[ "$output" == *'<text src="latin1.txt"> is not UTF-8 text'* ]]
    [ "$(count sources)" = 0 ]
}
