#!/usr/bin/env bats
# kb ingest: articles, feeds and notes become sources; bad files are refused
# and the batch goes on.

load helpers

ING="$BATS_TEST_DIRNAME/../fixtures/ingest"

setup() {
    setup_base
    "$KB" load "$FIXTURES/mini" >/dev/null
}

src() {   # src SQL-EXPRESSION WHERE-CLAUSE
    sqlite3 kb.db "SELECT $1 FROM sources WHERE $2"
}

@test "an HTML article becomes a source with its metadata and text" {
    run "$KB" ingest "$ING/article.html"
    [ "$status" -eq 0 ]
    [[ "$output" == *"1 stored"* ]]
    [ "$(src url "origin = 'ingested'")" = "https://news.example.com/2026/07/acme-compute" ]
    [ "$(src title "origin = 'ingested'")" = "Acme weighs selling its spare compute" ]
    [ "$(src publisher "origin = 'ingested'")" = "The Daily Example" ]
    [ "$(src author "origin = 'ingested'")" = "Jane Doe" ]
    [ "$(src published "origin = 'ingested'")" = "2026-07-01T12:30:00Z" ]
    [ "$(src source_type "origin = 'ingested'")" = article ]
    run src text "origin = 'ingested'"
    [[ "$output" == *"Acme Cloud is exploring a plan"* ]]
    [[ "$output" != *"Copyright"* && "$output" != *"Related"* ]]
    assert_integrity
}

@test "the text is found by search, and the mentions are linked" {
    "$KB" ingest "$ING/article.html" >/dev/null
    [ "$(sqlite3 kb.db "SELECT count(*) FROM sources_fts WHERE sources_fts MATCH 'rival'")" = 1 ]
    run sqlite3 kb.db "SELECT entity FROM source_mentions m JOIN sources s ON s.slug = m.source WHERE s.origin = 'ingested' ORDER BY entity"
    [ "$output" = "$(printf 'acme\nglobex')" ]
    run "$KB" stats --format json
    [[ "$output" == *'"mentions":6'* ]]
}

@test "the same page again is already there; --update replaces it" {
    "$KB" ingest "$ING/article.html" >/dev/null
    run "$KB" ingest "$ING/article.html"
    [ "$status" -eq 0 ]
    [[ "$output" == *"0 stored, 0 updated, 1 already there"* ]]
    [ "$(count sources)" = 3 ]
    run "$KB" ingest --update --publisher "Example Weekly" "$ING/article.html"
    [[ "$output" == *"1 updated"* ]]
    [ "$(count sources)" = 3 ]
    [ "$(src publisher "origin = 'ingested'")" = "Example Weekly" ]
    assert_integrity
}

@test "the same text under another URL is already there" {
    "$KB" ingest "$ING/article.html" >/dev/null
    sed 's|News.Example.com/2026/07/acme-compute|mirror.example.org/copy|' "$ING/article.html" > copy.html
    run "$KB" ingest copy.html
    [[ "$output" == *"1 already there"* ]]
}

@test "every item of a feed becomes a source" {
    run "$KB" ingest -v "$ING/feed.xml"
    [ "$status" -eq 0 ]
    [[ "$output" == *"2 stored"* ]]
    [ "$(src url "title = 'Globex signs a compute contract'")" = "https://wire.example.com/globex-contract" ]
    [ "$(src published "title = 'Globex signs a compute contract'")" = "2026-06-23T10:30:00Z" ]
    [ "$(src publisher "title = 'Globex signs a compute contract'")" = "Example Wire" ]
    [ "$(src source_type "title = 'Globex signs a compute contract'")" = feed-item ]
    run src text "title = 'Globex signs a compute contract'"
    [[ "$output" == *"multi-year contract."* && "$output" != *"alert"* ]]
    # no link, and a date kept raw
    [ "$(src "url IS NULL" "title = 'A note without a link'")" = 1 ]
    [ "$(src "published IS NULL" "title = 'A note without a link'")" = 1 ]
    [ "$(src published_raw "title = 'A note without a link'")" = "sometime last week" ]
}

@test "a Markdown note: the title from its first heading, its links kept" {
    run "$KB" ingest "$ING/note.md"
    [ "$status" -eq 0 ]
    [ "$(src title "source_type = 'note' AND origin = 'ingested'")" = "Call notes: Acme capex" ]
    run src text "source_type = 'note' AND origin = 'ingested'"
    [[ "$output" == *"the transcript (https://example.com/acme-call)"* ]]
    [[ "$output" == *"Capacity is sold out"* ]]
}

@test "a note from standard input, with the options overriding it" {
    run bash -c "printf 'Notes from a call with Globex.\n' | '$KB' ingest --url https://example.com/n1 --publisher Desk --published 2026-07-02 --slug globex-call -"
    [ "$status" -eq 0 ]
    [ "$(src "url || ' ' || publisher || ' ' || published" "slug = 'globex-call'")" = "https://example.com/n1 Desk 2026-07-02" ]
}

@test "a claim in a data file cites an ingested source by its URL or slug" {
    "$KB" ingest --slug daily-acme-compute "$ING/article.html" >/dev/null
    mkdir d && cat > d/c.xml <<'XML'
<kb><claim slug="acme-compute-plan" subject="acme" topic="cloud" kind="report" stance="bullish">
<statement>Acme is exploring renting out its compute.</statement>
<cite url="https://news.example.com/2026/07/acme-compute"><quote>exploring a plan to rent out the computing capacity</quote></cite>
<cite source="daily-acme-compute"/></claim></kb>
XML
    run "$KB" load d
    [ "$status" -eq 2 ]   # the same source twice
    sed -i 's|<cite source="daily-acme-compute"/>||' d/c.xml
    run "$KB" load d
    [ "$status" -eq 0 ]
    run "$KB" check
    [ "$status" -eq 0 ]
    [[ "$output" == *"warning"* || "$output" == *"no problem"* || "$output" == *"0 errors"* ]]
    [[ "$output" != *"quote not found"* ]]
}

@test "ingested sources are exported with their text, and stay through load --replace" {
    "$KB" ingest "$ING/article.html" "$ING/feed.xml" >/dev/null
    "$KB" export -o out 2>/dev/null
    grep -q 'origin="ingested"' out/ingested/0001.xml
    grep -q 'Acme Cloud is exploring a plan' out/ingested/0001.xml
    grep -q '<published raw="sometime last week"/>' out/ingested/0001.xml
    refute_grep -q 'origin="ingested"' out/sources.xml
    "$KB" --db fresh.db init 2>/dev/null
    "$KB" --db fresh.db load out >/dev/null
    "$KB" --db fresh.db export -o again 2>/dev/null
    diff -r out again
    run "$KB" load --replace "$FIXTURES/mini"
    [ "$status" -eq 0 ]
    [ "$(sqlite3 kb.db "SELECT count(*) FROM sources WHERE origin = 'ingested'")" = 3 ]
}

@test "bad files are refused with a reason, and the rest of the batch is stored" {
    run "$KB" ingest "$ING/empty.txt" "$ING/binary.bin" "$ING/article.html" does-not-exist.html "$ING/bomb-feed.xml"
    [ "$status" -eq 1 ]
    [[ "$output" == *"empty.txt: refused: an empty file"* ]]
    [[ "$output" == *"binary.bin: refused: a binary file"* ]]
    [[ "$output" == *"does-not-exist.html: refused: No such file or directory"* ]]
    [[ "$output" == *"bomb-feed.xml"*"refused"* ]]
    [[ "$output" == *"1 stored"* ]]
    [ "$(sqlite3 kb.db "SELECT count(*) FROM sources WHERE origin = 'ingested'")" = 1 ]
    assert_integrity
}

@test "a Latin-1 page that says so is decoded" {
    run "$KB" ingest "$ING/latin1.html"
    [ "$status" -eq 0 ]
    run src text "origin = 'ingested'"
    [[ "$output" == *"Le café de la société Acme"* ]]
}

@test "invalid UTF-8 is replaced, never stored as such" {
    run "$KB" ingest "$ING/invalid-utf8.txt"
    [ "$status" -eq 0 ]
    python3 -c "
import sqlite3
con = sqlite3.connect('kb.db')
con.text_factory = bytes
for (t,) in con.execute(\"SELECT text FROM sources WHERE origin = 'ingested'\"):
    t.decode('utf-8')   # strict: raises on invalid UTF-8
"
    run src text "origin = 'ingested'"
    [[ "$output" == *"stray byte: � here"* ]]
}

@test "truncated HTML is stored as far as it goes" {
    run "$KB" ingest "$ING/truncated.html"
    [ "$status" -eq 0 ]
    run src text "origin = 'ingested'"
    [[ "$output" == *"cut off in the middle"* ]]
}

@test "a 50 MB page is handled within bounded memory" {
    skip_if_valgrind
    python3 -c "
import sys
p = '<p>' + 'Acme builds data centers and sells capacity to customers. ' * 40 + '</p>\n'
sys.stdout.write('<!DOCTYPE html><html><head><title>Huge</title></head><body><article>' + p * (50 * 1024 * 1024 // len(p)) + '</article></body></html>')
" > huge.html
    limit="ulimit -v 2000000;"
    [ -n "${KB_SANITIZED:-}" ] && limit=""
    run bash -c "$limit '$KB' ingest huge.html"
    [ "$status" -eq 0 ]
    [ "$(src "length(text) > 40000000" "origin = 'ingested'")" = 1 ]
}

@test "a file over the limit is refused" {
    truncate -s 65M big.html
    run "$KB" ingest big.html
    [ "$status" -eq 1 ]
    [[ "$output" == *"larger than 64 MiB"* ]]
}

@test "a directory is walked; a FIFO and a symlink loop are refused, the rest stored" {
    mkdir -p docs/sub
    cp "$ING/article.html" docs/
    cp "$ING/note.md" docs/sub/
    mkfifo docs/pipe
    ln -s .. docs/sub/loop
    run timeout 20 "$KB" ingest docs
    [ "$status" -eq 1 ]
    [[ "$output" == *"pipe: refused: not a regular file"* ]]
    [[ "$output" == *"loop: refused: a directory loop"* ]]
    [[ "$output" == *"2 stored"* ]]
}

@test "--format json summarises the run" {
    run "$KB" ingest --format json "$ING/article.html" "$ING/empty.txt"
    [ "$status" -eq 1 ]
    [ "$(echo "$output" | grep '^{' | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["stored"], d["refused"], d["refusals"][0]["reason"])')" = "1 1 an empty file" ]
}

@test "bad options are bad usage and store nothing" {
    run "$KB" ingest --published "not a date" "$ING/article.html"
    [ "$status" -eq 2 ]
    run "$KB" ingest --slug "Not A Slug" "$ING/article.html"
    [ "$status" -eq 2 ]
    run "$KB" ingest
    [ "$status" -eq 2 ]
    [ "$(sqlite3 kb.db "SELECT count(*) FROM sources WHERE origin = 'ingested'")" = 0 ]
}

@test "kb extract shows what would be stored, and stores nothing" {
    run "$KB" extract --format json "$ING/article.html"
    [ "$status" -eq 0 ]
    [ "$(echo "$output" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["title"], "|", d["published"], "|", d["url"], "|", d["site"], "|", d["lang"], "|", d["byline"])')" = \
      "Acme weighs selling its spare compute | 2026-07-01T12:30:00Z | https://news.example.com/2026/07/acme-compute | The Daily Example | en | Jane Doe" ]
    [ "$(echo "$output" | python3 -c 'import json,sys; print(json.load(sys.stdin)["text"].count("\n\n"))')" = 3 ]
    [ "$(sqlite3 kb.db "SELECT count(*) FROM sources WHERE origin = 'ingested'")" = 0 ]
    run "$KB" extract "$ING/article.html"
    [[ "$output" == *"title"*"Acme weighs selling its spare compute"* ]]
}

@test "every file of the feed corpus is ingested or refused with a reason, none crashes" {
    skip_if_valgrind
    corpus="$BATS_TEST_DIRNAME/../../../shared/corpora/feeds"
    [ -d "$corpus" ] || skip "no feed corpus beside the repository"
    run "$KB" ingest --format json "$corpus"
    [ "$status" -le 1 ]
    summary=$(echo "$output" | grep '^{')
    echo "$summary" | python3 -c '
import json, sys
d = json.load(sys.stdin)
files = sum(len(f) for _, _, f in __import__("os").walk(sys.argv[1]))
assert d["files"] == files, (d["files"], files)
for r in d["refusals"]:
    assert r["reason"] and "\n" not in r["reason"], r
print(d["files"], d["documents"], d["stored"], d["already"], d["refused"])' "$corpus"
    assert_integrity
    run "$KB" check --quiet
    [ "$status" -eq 0 ]
}

@test "extraction quality on real pages stays at F1 0.97 or better" {
    skip_if_valgrind
    corpus="$BATS_TEST_DIRNAME/../../../shared/corpora/extraction/dev"
    [ -d "$corpus" ] || skip "no extraction corpus beside the repository"
    run python3 "$BATS_TEST_DIRNAME/../bench/score_extraction.py" "$KB" "$corpus" --min-f1 0.97
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"precision"*"recall"*"F1"* ]]
}
