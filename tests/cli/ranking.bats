#!/usr/bin/env bats
# One ranking: a score comparable across kinds, higher is better, the list
# sorted by it; what names the query exactly comes first.

load helpers

setup() {
    setup_base
    "$KB" load "$DATA" >/dev/null
}

first_id() {
    "$KB" search --format csv "$@" | sed -n 2p | cut -d, -f2
}

@test "an entity whose name or alias is the query is the first hit" {
    while read -r query want; do
        run first_id "$query"
        [ "$output" = "$want" ] || { echo "kb search '$query': first is '$output', not $want"; false; }
    done <<'CASES'
oracle oracle
Oracle oracle
GPT-4 gpt-4
gpt-4o gpt-4o
AWS amazon
Google alphabet
Facebook meta
CASES
}

@test "the JSON score orders the merged list, best first, with no ties made by scaling" {
    run "$KB" search --format json --limit 50 capex
    [ "$status" -eq 0 ]
    python3 - "$output" <<'PY'
import json, sys
hits = json.loads(sys.argv[1])
assert len(hits) >= 30, len(hits)
scores = [h["score"] for h in hits]
assert scores == sorted(scores, reverse=True), scores
kinds = {h["kind"] for h in hits}
assert len(kinds) >= 3, kinds
# scaled to each index's best, every kind had a hit at exactly 1.0
assert scores.count(1.0) == 0 and len(set(scores)) > len(scores) // 2, scores
PY
}

@test "a title hit ranks above a body hit, a claim's statement above a source that mentions the word" {
    cat > notes.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<kb>
  <company slug="zorp"><name>Zorp</name></company>
  <source slug="body-only" type="article">
    <title>A long report on many things</title>
    <text>Among many other things this report once mentions the quuxwidget in passing.</text>
  </source>
  <source slug="in-title" type="article">
    <title>The quuxwidget arrives</title>
    <text>A report on what arrived.</text>
  </source>
  <claim slug="zorp-quux" subject="zorp" topic="chips" kind="report" status="reported" stance="neutral">
    <statement>Zorp builds the quuxwidget.</statement>
    <cite source="in-title"/>
  </claim>
</kb>
XML
    "$KB" load notes.xml >/dev/null
    run "$KB" search --format csv quuxwidget
    [ "$status" -eq 0 ]
    ids=$(printf '%s\n' "${lines[@]}" | cut -d, -f2 | tr '\n' ' ')
    [[ "$ids" == *"in-title"*"body-only"* ]] || { echo "$ids"; false; }
    [[ "$ids" == *"zorp-quux"*"body-only"* ]] || { echo "$ids"; false; }
}

@test "the same query twice gives the same order" {
    a=$("$KB" search --format csv --limit 50 cloud)
    b=$("$KB" search --format csv --limit 50 cloud)
    [ -n "$a" ]
    [ "$a" = "$b" ]
}
