#!/usr/bin/env bats
# Synonyms the analyst controls: spellings that mean the same to kb search,
# declared in data files, exported, explained by kb schema.

load helpers

setup() {
    setup_base
    "$KB" load "$DATA" >/dev/null
}

ids() {
    "$KB" search --format csv --limit 200 "$@" | tail -n +2 | cut -d, -f2 | sort
}

@test "datacenter, data center and data centre find the same things" {
    a=$(ids datacenter)
    [ -n "$a" ]
    [ "$(ids '"data center"')" = "$a" ]
    [ "$(ids '"data centre"')" = "$a" ]
    [ "$(ids data center)" = "$a" ]
    [ "$(ids Data Centre)" = "$a" ]
    # without the synonyms, each finds less
    sqlite3 kb.db "DELETE FROM synonyms"
    [ "$(ids datacenter | wc -l)" -lt "$(echo "$a" | wc -l)" ]
}

@test "the starter data ships the field's own synonyms" {
    [ "$(sqlite3 kb.db "SELECT group_concat(term || '=' || alt, ';') FROM (SELECT * FROM synonyms ORDER BY term, alt)")" = \
      "GPU=graphics processing unit;LLM=large language model;capex=capital expenditure;capex=capital expenditures;data center=data centre;data center=datacenter" ]
}

@test "a data file declares synonyms, and search expands them at once" {
    cat > syn.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<kb>
  <synonym term="neocloud"><alt>GPU cloud</alt><alt>AI cloud</alt></synonym>
</kb>
XML
    before=$(ids neocloud | wc -l)
    run "$KB" load syn.xml
    [ "$status" -eq 0 ]
    [[ "$output" == *"synonyms         1       0         0"* ]]
    [ "$(ids neocloud | wc -l)" -gt "$before" ]
    run "$KB" load syn.xml
    [[ "$output" == *"synonyms         0       0         1"* ]]
}

@test "a synonym with no other spelling is refused, naming its line, and nothing is loaded" {
    printf '<kb>\n<synonym term="x"/>\n</kb>\n' > bad.xml
    before=$(base_digest)
    run "$KB" load bad.xml
    [ "$status" -eq 2 ]
    [[ "$output" == *"bad.xml:2: error:"* ]]
    [ "$(base_digest)" = "$before" ]
}

@test "kb export writes the synonyms and they load back the same" {
    run "$KB" export -o out
    [ "$status" -eq 0 ]
    [ -f out/synonyms.xml ]
    "$KB" --db fresh.db init 2>/dev/null
    run "$KB" --db fresh.db load out
    [ "$status" -eq 0 ]
    [ "$(sqlite3 fresh.db "SELECT * FROM synonyms ORDER BY 1, 2")" = "$(sqlite3 kb.db "SELECT * FROM synonyms ORDER BY 1, 2")" ]
}

@test "kb load --replace drops the synonyms no file declares" {
    run "$KB" load --replace "$DATA"
    [ "$status" -eq 0 ]
    printf '<kb><synonym term="foo"><alt>bar</alt></synonym></kb>\n' > extra.xml
    "$KB" load extra.xml >/dev/null
    run "$KB" load --replace "$DATA"
    [ "$status" -eq 0 ]
    [[ "$output" == *"removed synonym foo"* ]]
    [ "$(sqlite3 kb.db "SELECT count(*) FROM synonyms WHERE term = 'foo'")" = 0 ]
}

@test "kb schema explains the synonyms table, and JSON hits say what was searched" {
    run "$KB" schema
    [[ "$output" == *"synonyms"*"Spellings that mean the same to kb search"* ]]
    run "$KB" search --format json --limit 1 datacenter
    [ "$status" -eq 0 ]
    [[ "$output" == *'"searched":"((\"datacenter\" OR \"data center\" OR \"data centre\"))"'* ]]
}
