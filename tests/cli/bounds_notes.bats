#!/usr/bin/env bats
# Notes and briefs in bounded time and memory: a note's wide table, a brief's
# many footnotes. (How their time grows: make bench.)

load helpers

setup() {
    setup_base
}

# A note of $1 columns headed ${2:-head} and $1 rows of one cell each, named
# ${3:-row} and their number (or not, when $3 is given): cmark-gfm would fill
# it out to $1 × $1 cells.
wide_table_note() {
    awk -v n="$1" -v h="${2:-head}" -v r="${3:-row}" -v numbered="${3:-yes}" 'BEGIN {
        print "# A wide table\n"
        s = "|"; for (i = 0; i < n; i++) s = s h "|"; print s
        s = "|"; for (i = 0; i < n; i++) s = s "-|"; print s
        for (i = 0; i < n; i++) print r (numbered == "yes" ? i : "")
    }'
}

@test "a note whose tables would be filled out past 100,000 cells is stored with its tables as text, and found" {
    wide_table_note 2000 > wide.md
    [ "$(wc -c < wide.md)" -lt 30000 ]
    run "$KB" ingest wide.md
    [ "$status" -eq 0 ]
    [ "$(count sources)" -eq 1 ]
    [ "$(sqlite3 "$KB_DB" 'SELECT title FROM sources')" = "A wide table" ]
    # the table's text as written, pipes and all, every row of it
    [ "$(sqlite3 "$KB_DB" "SELECT instr(text, '|head|head|') > 0 AND instr(text, 'row0 row1 ') > 0 FROM sources")" = 1 ]
    run "$KB" search --format csv row1999
    [ "$status" -eq 0 ]
    [[ "$output" == *"A wide table"* ]]
    assert_integrity
}

@test "a 12 KB note of 2,000 columns and 2,000 rows is stored within 256 MB of memory" {
    # the sanitizers and valgrind reserve far more address space than kb uses
    [ -z "${KB_SANITIZED:-}" ] || skip "address space is the sanitizers' here"
    skip_if_valgrind
    wide_table_note 2000 a x > wide.md
    [ "$(wc -c < wide.md)" -le 12500 ]
    run sh -c 'ulimit -v 262144 && exec "$0" ingest wide.md' "$KB"
    [ "$status" -eq 0 ]
    [ "$(count sources)" -eq 1 ]
}

@test "a note's table within 100,000 filled-in cells stays a table" {
    wide_table_note 300 > wide.md
    run "$KB" ingest wide.md
    [ "$status" -eq 0 ]
    [ "$(sqlite3 "$KB_DB" "SELECT instr(text, 'head | head') > 0 AND instr(text, 'row299 |  | ') > 0 FROM sources")" = 1 ]
}

@test "a brief over thousands of sources numbers each once, in the order first cited" {
    awk 'BEGIN {
        n = 3000
        print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kb>"
        print "  <company slug=\"acme\"><name>Acme</name></company>"
        for (i = 0; i < n; i++)
            printf "  <source slug=\"s%d\" type=\"article\"><url>https://example.com/%d</url><title>Source %d</title></source>\n", i, i, i
        # every claim cites a source of its own and then s0 again
        for (i = 1; i < n; i++)
            printf "  <claim slug=\"c%d\" subject=\"acme\" topic=\"cloud\" kind=\"report\" stance=\"neutral\"><statement>Claim %d.</statement><cite source=\"s%d\"/><cite source=\"s0\"/></claim>\n", i, i, i
        print "</kb>"
    }' > many.xml
    run "$KB" load many.xml
    [ "$status" -eq 0 ]
    run "$KB" brief --as-of 2026-07-01 acme
    [ "$status" -eq 0 ]
    printf '%s\n' "$output" > brief.md
    # one footnote per source, numbered 1 to 3000 (s0 is 2)
    [ "$(grep -c '^\[^[0-9]*\]: ' brief.md)" -eq 3000 ]
    [ "$(grep -o '^\[^[0-9]*\]: ' brief.md | sort -u | wc -l)" -eq 3000 ]
    # marks in the text: new numbers come in order, a number cited again is reused
    run awk '!/^\[\^[0-9]+\]: / {
        while (match($0, /\[\^[0-9]+\]/)) {
            k = substr($0, RSTART + 2, RLENGTH - 3) + 0
            if (!(k in seen)) { if (k != next_k + 1) { print "out of order: " k; exit 1 }; seen[k]; next_k = k }
            $0 = substr($0, RSTART + RLENGTH)
        }
    } END { if (next_k != 3000) { print "last " next_k; exit 1 } }' brief.md
    [ "$status" -eq 0 ]
    [ "$(grep -c '\[^2\]' brief.md)" -ge 2999 ]
}
