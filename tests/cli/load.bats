#!/usr/bin/env bats
# kb load: validation, references, one transaction, upserts, --replace.

load helpers

setup() { setup_base; }

@test "loading a directory loads every .xml in it, recursively" {
    run "$KB" load "$FIXTURES/mini"
    [ "$status" -eq 0 ]
    [[ "$output" == *"loaded 3 files: 13 added, 0 updated, 0 unchanged"* ]]
    [ "$(count entities)" = 7 ]
    [ "$(count citations)" = 3 ]
    [ "$(count debate_sides)" = 2 ]
    [ "$(sqlite3 kb.db "SELECT text FROM sources WHERE slug = 'daily-acme'" | head -1)" = \
      "Acme Cloud shares rose after reports that the company may sell compute to outside customers." ]
    assert_integrity
}

@test "loading again changes nothing and says so" {
    "$KB" load "$FIXTURES/mini" >/dev/null
    before=$(base_digest)
    run "$KB" load "$FIXTURES/mini"
    [ "$status" -eq 0 ]
    [[ "$output" == *"0 added, 0 updated, 13 unchanged"* ]]
    [ "$(base_digest)" = "$before" ]
}

@test "an edited file updates the base, with no duplicates" {
    cp -r "$FIXTURES/mini" mini
    "$KB" load mini >/dev/null
    sed -i 's|<statement>Selling compute is a retreat.</statement>|<statement>Selling compute is a retreat, says one analyst.</statement>|' mini/claims.xml
    sed -i 's|<alias>Acme</alias>|<alias>Acme</alias><alias>Acme Inc</alias>|' mini/entities.xml
    run "$KB" load mini
    [ "$status" -eq 0 ]
    [[ "$output" == *"0 added, 2 updated, 11 unchanged"* ]]
    [ "$(count claims)" = 2 ]
    [ "$(sqlite3 kb.db "SELECT statement FROM claims WHERE slug = 'acme-retreat'")" = \
      "Selling compute is a retreat, says one analyst." ]
    [ "$(sqlite3 kb.db "SELECT alias_list FROM entities WHERE slug = 'acme'")" = "ACME Corp | Acme | Acme Inc" ]
    # the index follows the edit
    [ "$(sqlite3 kb.db "SELECT count(*) FROM claims_fts WHERE claims_fts MATCH 'analyst'")" = 1 ]
    assert_integrity
}

@test "--format json summarises the load" {
    run "$KB" load --format json "$FIXTURES/mini"
    [ "$status" -eq 0 ]
    [ "$(echo "$output" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["claims"]["added"], d["entities"]["added"], d["ok"])')" = "2 7 True" ]
}

refused() {   # refused FILE EXPECTED-MESSAGE
    "$KB" load "$FIXTURES/mini" >/dev/null
    before=$(base_digest)
    run "$KB" load "$FIXTURES/mini" "$1"
    [ "$status" -eq 2 ]
    [[ "$output" == *"$2"* ]]
    [[ "$output" == *"nothing was loaded"* ]]
    [ "$(base_digest)" = "$before" ]
}

@test "malformed XML is refused with file:line, and the base is unchanged" {
    refused "$FIXTURES/bad/malformed.xml" "malformed.xml:5: error: Opening and ending tag mismatch"
}

@test "a file that breaks kb.rng is refused, and the base is unchanged" {
    refused "$FIXTURES/bad/breaks-grammar.xml" 'breaks-grammar.xml:3: error: <company slug="Not A Slug">'
    [[ "$output" == *"breaks-grammar.xml:6: error: Expecting an element openness"* ]]
}

@test "an unknown reference is named, with close slugs, and the base is unchanged" {
    refused "$FIXTURES/bad/unknown-ref.xml" "unknown-ref.xml:5: error: model 'orphan-model': unknown developer 'acmee' (did you mean 'acme'?)"
    [[ "$output" == *"unknown-ref.xml:10: error: claim 'orphan-claim': unknown source 'no-such-source'"* ]]
    [[ "$output" == *"2 errors"* ]]
}

@test "the same slug in two files is refused at both places" {
    "$KB" load "$FIXTURES/mini" >/dev/null
    before=$(base_digest)
    run "$KB" load "$FIXTURES/bad/duplicate-a.xml" "$FIXTURES/bad/duplicate-b.xml"
    [ "$status" -eq 2 ]
    [[ "$output" == *"duplicate-b.xml:3: error: entity 'twin' is defined twice (first at "*"duplicate-a.xml:3)"* ]]
    [ "$(base_digest)" = "$before" ]
}

@test "an impossible date is refused" {
    refused "$FIXTURES/bad/impossible-date.xml" "impossible-date.xml:6: error: source 'leap-source': <published> is not a real date: '2024-02-30'"
}

@test "a claim with no citation is refused" {
    refused "$FIXTURES/bad/no-citation.xml" "no-citation.xml:3: error: claim 'unsourced' has no <cite>: every claim needs a source"
}

@test "an external entity is never resolved: the file's content never reaches the base" {
    refused "$FIXTURES/bad/external-entity.xml" "DOCTYPE is not allowed"
    run sqlite3 kb.db .dump
    [ "$status" -eq 0 ]
    [[ "$output" == *"CREATE TABLE"* ]]
    [[ "$output" != *"root:"* ]]
}

@test "an external DTD is never fetched" {
    refused "$FIXTURES/bad/external-dtd.xml" "DOCTYPE is not allowed"
}

@test "a billion-laughs file is refused quickly, in bounded memory" {
    "$KB" load "$FIXTURES/mini" >/dev/null
    before=$(base_digest)
    # AddressSanitizer reserves terabytes of address space: bound memory only without it
    limit="ulimit -v 400000;"
    [ -n "${KB_SANITIZED:-}" ] && limit=""
    run /usr/bin/env bash -c "$limit ulimit -t 10; '$KB' load '$FIXTURES/bad/billion-laughs.xml'"
    [ "$status" -eq 2 ]
    [[ "$output" == *"nothing was loaded"* ]]
    [ "$(base_digest)" = "$before" ]
}

@test "every error of a batch is reported, not only the first" {
    run "$KB" load "$FIXTURES/bad/malformed.xml" "$FIXTURES/bad/impossible-date.xml" "$FIXTURES/bad/no-citation.xml"
    [ "$status" -eq 2 ]
    [[ "$output" == *"malformed.xml:5"* ]]
    [[ "$output" == *"no-citation.xml:3"* ]]
    [ "$(count entities)" = 0 ]
}

@test "a missing path is an error and nothing is loaded" {
    run "$KB" load "$FIXTURES/mini" does-not-exist.xml
    [ "$status" -eq 2 ]
    [[ "$output" == *"does-not-exist.xml: error: No such file or directory"* ]]
    [ "$(count entities)" = 0 ]
}

@test "a text file outside the data folder is refused" {
    mkdir d
    cat > d/x.xml <<'XML'
<kb><source slug="s" type="note"><title>t</title><text src="../../etc/passwd"/></source></kb>
XML
    run "$KB" load d
    [ "$status" -eq 2 ]
    [[ "$output" == *"must be a path inside the data file's folder"* ]]
    [ "$(count sources)" = 0 ]
}

@test "--replace removes what the files no longer define, and keeps ingested sources" {
    cp -r "$FIXTURES/mini" mini
    "$KB" load mini >/dev/null
    sqlite3 kb.db "INSERT INTO sources(slug, source_type, origin, url, title, text) VALUES ('ingested-one', 'article', 'ingested', 'https://example.com/i', 'Ingested', 'Acme text')"
    # drop the debate, the second claim and the person
    python3 - <<'PY'
import re
p = 'mini/claims.xml'
s = open(p).read()
s = re.sub(r'  <claim slug="acme-retreat".*?</claim>\n', '', s, flags=re.S)
s = re.sub(r'  <debate .*?</debate>\n', '', s, flags=re.S)
open(p, 'w').write(s)
p = 'mini/entities.xml'
s = open(p).read()
s = re.sub(r'  <entity kind="person".*?</entity>\n', '', s, flags=re.S)
open(p, 'w').write(s)
PY
    run "$KB" load --replace mini
    [ "$status" -eq 0 ]
    [[ "$output" == *"removed debate acme-cloud-debate"* ]]
    [[ "$output" == *"removed claim acme-retreat"* ]]
    [[ "$output" == *"removed person jane-doe"* ]]
    [[ "$output" == *"3 removed"* ]]
    [ "$(count claims)" = 1 ]
    [ "$(count debates)" = 0 ]
    [ "$(sqlite3 kb.db "SELECT count(*) FROM sources WHERE slug = 'ingested-one'")" = 1 ]
    assert_integrity
}

@test "without --replace, what a file no longer holds stays" {
    cp -r "$FIXTURES/mini" mini
    "$KB" load mini >/dev/null
    sed -i '/<entity kind="person"/,/<\/entity>/d' mini/entities.xml
    run "$KB" load mini
    [ "$status" -eq 0 ]
    [ "$(sqlite3 kb.db "SELECT count(*) FROM entities WHERE slug = 'jane-doe'")" = 1 ]
}

@test "--replace refuses a reference to something only the base holds" {
    "$KB" load "$FIXTURES/mini" >/dev/null
    before=$(base_digest)
    mkdir only && cat > only/c.xml <<'XML'
<kb><company slug="solo"><name>Solo</name></company>
<claim slug="solo-claim" subject="acme" topic="t" kind="fact" stance="neutral">
<statement>s</statement><cite source="daily-acme"/></claim></kb>
XML
    run "$KB" load --replace only
    [ "$status" -eq 2 ]
    [[ "$output" == *"unknown subject 'acme' (with --replace, only what the files define counts)"* ]]
    [ "$(base_digest)" = "$before" ]
}

@test "a claim may cite a source by its URL" {
    "$KB" load "$FIXTURES/mini" >/dev/null
    mkdir u && cat > u/c.xml <<'XML'
<kb><claim slug="by-url" subject="acme" topic="cloud" kind="fact" stance="neutral">
<statement>Cited by URL.</statement><cite url="https://news.example.com/acme-cloud"/></claim></kb>
XML
    run "$KB" load u
    [ "$status" -eq 0 ]
    [ "$(sqlite3 kb.db "SELECT s.slug FROM citations ci JOIN claims c ON c.id = ci.claim_id JOIN sources s ON s.id = ci.source_id WHERE c.slug = 'by-url'")" = daily-acme ]
}

@test "mentions link sources to the entities they name, as whole words" {
    "$KB" load "$FIXTURES/mini" >/dev/null
    run sqlite3 kb.db "SELECT entity || ':' || hits FROM source_mentions WHERE source = 'daily-acme' ORDER BY entity"
    [ "$output" = "$(printf 'acme:3\nglobex:1')" ]
}

@test "a name inside a longer word is no mention" {
    mkdir m && cat > m/s.xml <<'XML'
<kb><company slug="meta"><name>Meta</name></company>
<source slug="s" type="note"><title>Notes</title><text>Some metadata, a Metaverse and Metas; none is Meta-less.</text></source>
<source slug="t" type="note"><title>More</title><text>Metadata only.</text></source></kb>
XML
    "$KB" load m >/dev/null
    [ "$(sqlite3 kb.db "SELECT group_concat(source || ':' || hits) FROM source_mentions")" = "s:1" ]
}

@test "a new alias links the sources already stored" {
    cp -r "$FIXTURES/mini" mini
    "$KB" load mini >/dev/null
    [ "$(sqlite3 kb.db "SELECT count(*) FROM source_mentions WHERE entity = 'jane-doe'")" = 0 ]
    sed -i 's|<name>Jane Doe</name>|<name>Jane Doe</name><alias>Analysts</alias>|' mini/entities.xml
    "$KB" load mini >/dev/null
    [ "$(sqlite3 kb.db "SELECT source FROM source_mentions WHERE entity = 'jane-doe'")" = daily-acme ]
}
