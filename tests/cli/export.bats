#!/usr/bin/env bats
# kb export: the base back as data files; load → export → load → export is a fixed point.

load helpers

setup() { setup_base; }

@test "export writes files that validate against kb.rng" {
    "$KB" load "$FIXTURES/mini" >/dev/null
    run "$KB" export -o out
    [ "$status" -eq 0 ]
    "$KB" schema --rng > kb.rng
    for f in out/*.xml out/claims/*.xml; do
        xmllint --noout --relaxng kb.rng "$f"
    done
    [ -f out/companies.xml ] && [ -f out/claims/acme.xml ] && [ -f out/debates.xml ]
}

@test "load, export, load into a fresh base, export: identical files" {
    "$KB" load "$FIXTURES/mini" >/dev/null
    "$KB" export -o first 2>/dev/null
    "$KB" --db fresh.db init 2>/dev/null
    run "$KB" --db fresh.db load first
    [ "$status" -eq 0 ]
    [[ "$output" == *"13 added"* ]]
    "$KB" --db fresh.db export -o second 2>/dev/null
    diff -r first second
    # and the two bases hold the same things
    [ "$(sqlite3 kb.db 'SELECT group_concat(slug) FROM (SELECT slug FROM claims ORDER BY slug)')" = \
      "$(sqlite3 fresh.db 'SELECT group_concat(slug) FROM (SELECT slug FROM claims ORDER BY slug)')" ]
}

@test "the starter data survives the round trip" {
    "$KB" load "$DATA" >/dev/null
    "$KB" export -o first 2>/dev/null
    "$KB" --db fresh.db init 2>/dev/null
    "$KB" --db fresh.db load first >/dev/null
    "$KB" --db fresh.db export -o second 2>/dev/null
    diff -r first second
    [ "$(sqlite3 kb.db 'SELECT count(*) FROM claims')" = "$(sqlite3 fresh.db 'SELECT count(*) FROM claims')" ]
}

@test "ingested sources are exported as ingested" {
    "$KB" load "$FIXTURES/mini" >/dev/null
    sqlite3 kb.db "INSERT INTO sources(slug, source_type, origin, url, title, text) VALUES ('feed-one', 'feed-item', 'ingested', 'https://example.com/f', 'From a feed', 'text')"
    "$KB" export -o out 2>/dev/null
    grep -q '<source slug="feed-one" origin="ingested" type="feed-item">' out/ingested/0001.xml
}

@test "text that needs escaping round-trips" {
    mkdir d && cat > d/x.xml <<'XML'
<kb><company slug="amp"><name>AT&amp;T &lt;Labs&gt; "quoted"</name></company></kb>
XML
    "$KB" load d >/dev/null
    "$KB" export -o out 2>/dev/null
    [ "$(sqlite3 kb.db "SELECT name FROM entities WHERE slug = 'amp'")" = 'AT&T <Labs> "quoted"' ]
    grep -q 'AT&amp;T &lt;Labs&gt; &quot;quoted&quot;' out/companies.xml
}

@test "export without -o is bad usage" {
    run "$KB" export
    [ "$status" -eq 2 ]
    [[ "$output" == *"-o DIR"* ]]
}
