#!/usr/bin/env bats
# kb search, kb show, kb reindex.

load helpers

setup() {
    setup_base
    "$KB" load "$FIXTURES/mini" >/dev/null
}

ids() {   # the ids of a search, one per line
    "$KB" search --format json "$@" | python3 -c 'import json,sys; [print(h["id"]) for h in json.load(sys.stdin)]'
}

@test "one search ranks entities, claims, debates and sources together" {
    run "$KB" search --format json retreat
    [ "$status" -eq 0 ]
    kinds=$(echo "$output" | python3 -c 'import json,sys; print(" ".join(sorted({h["kind"] for h in json.load(sys.stdin)})))')
    [ "$kinds" = "claim debate source" ]
}

@test "JSON hits have kind, id, title, snippet, score, date and url" {
    run "$KB" search --format json compute
    echo "$output" | python3 -c '
import json, sys
hits = json.load(sys.stdin)
assert hits
for h in hits:
    for k in ("kind", "id", "title", "snippet", "score", "date", "url"):
        assert k in h, (k, h)
src = [h for h in hits if h["kind"] == "source" and h["id"] == "daily-acme"][0]
assert src["url"] == "https://news.example.com/acme-cloud" and src["date"] == "2026-07-01", src
assert src["publisher"] == "The Daily Example"
assert "**compute**" in src["snippet"], src["snippet"]'
}

@test "a title hit outranks a body hit" {
    mkdir d && cat > d/s.xml <<'XML'
<kb><source slug="body" type="note"><title>Quarterly notes</title><text>Zeppelin capacity came up once.</text></source>
<source slug="title" type="note"><title>Zeppelin plans</title><text>Nothing else to say here.</text></source></kb>
XML
    "$KB" load d >/dev/null
    [ "$(ids zeppelin | head -2 | tr '\n' ' ')" = "title body " ]
}

@test "an entity is found by an alias" {
    [ "$(ids --kind entity 'ACME Corp' | head -1)" = acme ]
    "$KB" load "$DATA" >/dev/null
    [ "$(ids --kind company Facebook | head -1)" = meta ]
}

@test "the snippet holds the matched word, marked" {
    run "$KB" search --format md 'split'
    [[ "$output" == *"**split**"* ]]
    run "$KB" search --color=always split
    [[ "$output" == *$'\033[1msplit\033[0m'* ]]
    run "$KB" search split
    [ "$status" -eq 0 ]
    [[ "$output" == *split* && "$output" != *$'\033'* ]]
}

@test "the query language: AND, phrases, OR, exclusion, prefixes" {
    [ "$(ids --kind source acme compute | sort | tr '\n' ' ')" = "daily-acme " ]
    [ "$(ids --kind source '"outside customers"')" = daily-acme ]
    [ "$(ids --kind source '"customers outside"')" = "" ]
    [ "$(ids --kind source globex OR nothingatall | sort | tr '\n' ' ')" = "daily-acme globex-note " ]
    [ "$(ids --kind source globex -comment | tr '\n' ' ')" = "globex-note " ]
    [ "$(ids --kind source 'custom*')" = daily-acme ]
}

@test "prefixes find every word that begins with them, whatever the stemmer made of it" {
    mkdir d && cat > d/s.xml <<'XML'
<kb><source slug="a" type="note"><title>Desk notes</title><text>The analysts met; new funding arrived for the companies.</text></source></kb>
XML
    "$KB" load d >/dev/null
    ids --kind source 'analy*' | grep -qx a
    ids --kind source 'fundin*' | grep -qx a
    ids --kind source 'company*' | grep -qx a
    run ids --kind source 'fundamental*'
    [ "$status" -eq 0 ]
    for id in "${lines[@]}"; do [ "$id" != a ]; done
    # a bare porter index finds neither
    [ "$(sqlite3 kb.db "SELECT count(*) FROM sources_fts WHERE sources_fts MATCH 'analy*'")" = 0 ]
    [ "$(sqlite3 kb.db "SELECT count(*) FROM sources_fts WHERE sources_fts MATCH 'fundin*'")" = 0 ]
}

@test "any text is a valid query: no FTS5 syntax error, exit 0" {
    for q in 'GPT-4' 'o1-preview' 'AT&T' 'C++' '50%' 'Llama 3.1' '"unbalanced' '-' 'NEAR' 'AND' 'NOT' \
             'OR' '(' ')' '*' '"' '^' ':' 'title:x' '{a b}' 'Meta Платформы' '日本語' '🦙' "it's" 'a -' '-meta'; do
        run bash -c '"$0" search --format json -- "$1" 2>/dev/null' "$KB" "$q"
        [ "$status" -eq 0 ] || { echo "query: $q → $output"; false; }
        [[ "$output" == "["* ]] || { echo "query: $q → $output"; false; }
    done
    [ "$("$KB" search --format json -- -)" = "[]" ]
}

@test "--raw passes FTS5 through and reports its syntax errors" {
    [ "$(ids --raw 'globex AND comment*' | head -1)" = daily-acme ]
    run "$KB" search --raw 'meta AND ('
    [ "$status" -eq 2 ]
    [[ "$output" == *"not valid FTS5"* ]]
}

@test "filters: kind, entity, topic, stance, publisher, since, until" {
    [ "$(ids --kind claim compute | sort | tr '\n' ' ')" = "acme-cloud-report acme-retreat " ]
    [ "$(ids --kind claim --stance bearish compute)" = acme-retreat ]
    [ "$(ids --kind claim --topic cloud --stance bullish compute)" = acme-cloud-report ]
    [ "$(ids --kind claim --entity globex compute)" = acme-cloud-report ]
    [ "$(ids --kind source --entity globex acme | sort | tr '\n' ' ')" = "daily-acme globex-note " ]
    [ "$(ids --kind source --entity jane-doe acme)" = "" ]
    [ "$(ids --publisher 'the daily example' compute | sort | tr '\n' ' ')" = "acme-cloud-report acme-retreat daily-acme " ]
    [ "$(ids --kind source --since 2026-07 acme)" = daily-acme ]
    [ "$(ids --kind source --until 2026-06 acme)" = "" ]
    [ "$(ids --kind source --until 2026-07 acme)" = daily-acme ]
    [ "$(ids --kind model --entity acme roadrunner)" = roadrunner-1 ]
    run "$KB" search --kind planet acme
    [ "$status" -eq 2 ]
    run "$KB" search --since yesterday acme
    [ "$status" -eq 2 ]
}

@test "limit, offset and sort by date" {
    all=$(ids acme | wc -l)
    [ "$all" -ge 4 ]
    [ "$(ids -n 2 acme | wc -l)" -eq 2 ]
    [ "$(ids --limit 2 --offset 1 acme | head -1)" = "$(ids acme | sed -n 2p)" ]
    run "$KB" search --format json --sort date acme
    echo "$output" | python3 -c '
import json, sys
d = [h["date"] for h in json.load(sys.stdin) if h["date"]]
assert d == sorted(d, reverse=True), d'
}

@test "kb search never reads standard input" {
    run bash -c "echo acme | '$KB' search - 2>/dev/null"
    [ "$status" -eq 0 ]
    [ "$output" = "" ]
}

@test "kb show opens a hit: source, claim, entity, debate" {
    run "$KB" show daily-acme
    [ "$status" -eq 0 ]
    [[ "$output" == *"source daily-acme"* && "$output" == *"Analysts are split"* && "$output" == *"acme-cloud-report"* ]]
    run "$KB" show acme-retreat
    [[ "$output" == *"Selling compute is a retreat."* && "$output" == *'"others a retreat"'* && "$output" == *"acme-cloud-debate"* ]]
    run "$KB" show acme
    [[ "$output" == *"ACME Corp"* && "$output" == *"roadrunner-1"* && "$output" == *"acme-dc-1"* ]]
    run "$KB" show acme-cloud-debate
    [[ "$output" == *"Expansion (expansion)"* && "$output" == *"acme-cloud-report"* ]]
    run "$KB" show --format json acme-retreat
    [ "$(echo "$output" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["subject"], len(d["citations"]), d["citations"][0]["quote"])')" = "acme 2 others a retreat" ]
}

@test "kb show on an unknown slug names the closest ones" {
    run "$KB" show acmee
    [ "$status" -eq 2 ]
    [[ "$output" == *"did you mean 'acme'"* ]]
}

@test "kb reindex rebuilds the indexes and the mentions; kb check verifies them" {
    sqlite3 kb.db "DELETE FROM mentions; INSERT INTO claims_fts(claims_fts) VALUES ('delete-all')"
    run "$KB" check
    [ "$status" -eq 1 ]
    run "$KB" reindex
    [ "$status" -eq 0 ]
    [ "$(count mentions)" = 4 ]
    run "$KB" check
    [ "$status" -eq 0 ]
    [ "$(ids --kind claim retreat)" = acme-retreat ]
}
