#!/usr/bin/env bats
# kb sql, kb schema, and the tools analysts already use.

load helpers

setup() {
    setup_base
    "$KB" load "$DATA" >/dev/null
}

@test "every SQL example in the README runs and answers" {
    readme="$BATS_TEST_DIRNAME/../../README.md"
    python3 - "$readme" "$KB" <<'PY'
import re, subprocess, sys
text = open(sys.argv[1]).read()
section = text[text.index("### Questions, answered in SQL"):]
queries = re.findall(r"```sql\n(.*?)```", section, re.S)
assert len(queries) >= 8, len(queries)
for q in queries:
    r = subprocess.run([sys.argv[2], "sql", "--format", "json", q], capture_output=True, text=True)
    assert r.returncode == 0, (q, r.stderr)
    assert r.stdout.strip() not in ("", "[]"), ("no rows", q)
print(len(queries), "queries")
PY
}

@test "formats: text, csv, tsv, json, md; header, null" {
    q="SELECT slug, ticker, NULL AS absent FROM entities JOIN companies ON entity_id = id WHERE slug IN ('meta', 'amazon') ORDER BY slug"
    run "$KB" sql "$q"
    [ "${lines[0]}" = "slug    ticker        absent" ]
    [ "${lines[1]}" = "------  ------------  ------" ]
    [ "${lines[2]}" = "amazon  NASDAQ: AMZN  " ]
    run "$KB" sql --format csv --null NULL "$q"
    [ "$output" = "$(printf 'slug,ticker,absent\r\namazon,NASDAQ: AMZN,NULL\r\nmeta,NASDAQ: META,NULL\r')" ]
    run "$KB" sql --format tsv --no-header "$q"
    [ "${lines[0]}" = "$(printf 'amazon\tNASDAQ: AMZN\t')" ]
    run "$KB" sql --format json "$q"
    [ "$(echo "$output" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d[1]["slug"], d[1]["absent"])')" = "meta None" ]
    run "$KB" sql --format md "$q"
    [ "${lines[0]}" = "| slug | ticker | absent |" ]
    [ "${lines[1]}" = "|---|---|---|" ]
}

@test "CSV quotes what needs quoting (RFC 4180)" {
    run "$KB" sql --format csv --no-header "SELECT 'a,b', 'say \"hi\"', 'two
lines'"
    [ "$output" = "$(printf '"a,b","say ""hi""","two\nlines"\r')" ]
}

@test "JSON keeps numbers as numbers" {
    run "$KB" sql --format json "SELECT 1 AS i, 2.5 AS r, 'x' AS t, NULL AS n"
    [ "$(echo "$output" | tr -d ' \n')" = '[{"i":1,"r":2.5,"t":"x","n":null}]' ]
}

@test "named parameters bind :name" {
    run "$KB" sql --format csv --no-header --param s=meta --param n=1 \
        "SELECT slug FROM entities WHERE slug = :s AND :n = 1"
    [ "$output" = "$(printf 'meta\r')" ]
}

@test "several statements, and - or -f for the SQL" {
    run bash -c "echo \"SELECT 1 AS a; SELECT 2 AS b;\" | '$KB' sql --format csv -"
    [ "$output" = "$(printf 'a\r\n1\r\n\nb\r\n2\r')" ]
    echo "SELECT count(*) AS n FROM claims;" > q.sql
    [ "$("$KB" sql --format csv --no-header -f q.sql | tr -d '\r')" -ge 45 ]
}

@test "read-only by default: writes, ATTACH, PRAGMA writable_schema and extensions are refused" {
    before=$(base_digest)
    for q in "DROP TABLE claims" "DELETE FROM claims" "UPDATE claims SET stance = 'bullish'" \
             "INSERT INTO aliases VALUES (1, 'x')" "ATTACH 'other.db' AS o" \
             "PRAGMA writable_schema = ON" "PRAGMA user_version = 9" "CREATE TABLE t(x)" \
             "SELECT load_extension('/tmp/x')" "SELECT 1; DELETE FROM claims"; do
        run "$KB" sql "$q"
        [ "$status" -eq 2 ] || { echo "not refused: $q"; false; }
        [[ "$output" == *"read-only"*"refused"* ]] || { echo "$q: $output"; false; }
    done
    [ "$(base_digest)" = "$before" ]
    [ ! -e other.db ]
}

@test "reading PRAGMAs and temp tables are allowed read-only" {
    run "$KB" sql --format csv --no-header "PRAGMA user_version"
    [ "$output" = "$(printf '5\r')" ]
    run "$KB" sql "PRAGMA table_info(claims)"
    [ "$status" -eq 0 ]
    run "$KB" sql --format csv --no-header "CREATE TEMP TABLE t AS SELECT 41 AS x; SELECT x + 1 FROM t"
    [ "$output" = "$(printf '42\r')" ]
}

@test "--write changes the base and the indexes stay true" {
    run "$KB" sql --write "UPDATE claims SET statement = 'Zeppelins everywhere.' WHERE slug = 'meta-cloud-venture-report'"
    [ "$status" -eq 0 ]
    run "$KB" search --kind claim --format csv zeppelins
    [[ "$output" == *"meta-cloud-venture-report"* ]]
    assert_integrity
    run "$KB" check --quiet
    [ "$status" -eq 0 ]
    run "$KB" sql --write "SELECT load_extension('/tmp/x')"
    [ "$status" -eq 2 ]
}

@test "--write is all or nothing: a statement that fails undoes those before it" {
    before=$(base_digest)
    run "$KB" sql --write "DELETE FROM arguments; SELEC 1"
    [ "$status" -eq 2 ]
    [[ "$output" == *"syntax error"* ]]
    [ "$(base_digest)" = "$before" ]
    run "$KB" sql --write "DELETE FROM arguments; INSERT INTO aliases VALUES (999999, 'nobody')"
    [ "$status" -ne 0 ]
    [ "$(base_digest)" = "$before" ]
    run "$KB" sql --write "DELETE FROM arguments; BEGIN; DELETE FROM claims"
    [ "$status" -eq 2 ]
    [[ "$output" == *"BEGIN is refused"*"one transaction"* ]]
    [ "$(base_digest)" = "$before" ]
    run "$KB" sql --write "DELETE FROM arguments; COMMIT"
    [ "$status" -eq 2 ]
    [ "$(base_digest)" = "$before" ]
    run "$KB" sql --write "DELETE FROM arguments; SELECT count(*) FROM arguments"
    [ "$status" -eq 0 ]
    [ "$(count arguments)" = 0 ]
}

@test "--timeout is each statement's: a runaway second statement stops, and with --write undoes the first" {
    run "$KB" sql --timeout 1 "SELECT 'first done'; WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r"
    [ "$status" -eq 1 ]
    [[ "$output" == *"first done"* ]]
    [[ "$output" == *"interrupted"*"1 s"* ]]
    before=$(base_digest)
    run "$KB" sql --write --timeout 1 "DELETE FROM arguments; WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r"
    [ "$status" -eq 1 ]
    [[ "$output" == *"interrupted"* ]]
    [ "$(base_digest)" = "$before" ]
}

@test "plain-SQL REPLACE INTO an existing row keeps the full-text indexes true" {
    run "$KB" sql --write "REPLACE INTO claims SELECT * FROM claims WHERE slug = 'meta-cloud-venture-report'"
    [ "$status" -eq 0 ]
    run "$KB" sql --write "REPLACE INTO debates SELECT * FROM debates WHERE id = (SELECT min(id) FROM debates)"
    [ "$status" -eq 0 ]
    assert_integrity
}

@test "plain-SQL UPDATE of an id moves its full-text index entry with it" {
    # what refers to the claim goes first, so that its id may change
    slug=meta-cloud-venture-report
    run "$KB" sql --write "DELETE FROM arguments WHERE claim_id = (SELECT id FROM claims WHERE slug = '$slug');
      DELETE FROM citations WHERE claim_id = (SELECT id FROM claims WHERE slug = '$slug');
      DELETE FROM claim_entities WHERE claim_id = (SELECT id FROM claims WHERE slug = '$slug');
      UPDATE claims SET id = 100000 WHERE slug = '$slug'"
    [ "$status" -eq 0 ]
    [ "$(sqlite3 "$KB_DB" "SELECT slug FROM claims WHERE id = 100000")" = "$slug" ]
    assert_integrity
}

@test "read-only VACUUM is refused like any other write, exit 2" {
    before=$(base_digest)
    for q in "VACUUM" "  -- tidy up
VACUUM" "vacuum main" "SELECT 1; VACUUM INTO 'copy.db'"; do
        run "$KB" sql "$q"
        [ "$status" -eq 2 ] || { echo "$q: $status $output"; false; }
        [[ "$output" == *"kb sql is read-only: VACUUM refused (give --write to change the base)"* ]]
    done
    [ ! -e copy.db ]
    [ "$(base_digest)" = "$before" ]
}

@test "a runaway query stops at the timeout" {
    run "$KB" sql --timeout 1 "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r"
    [ "$status" -eq 1 ]
    [[ "$output" == *"interrupted"*"1 s"* ]]
}

@test "errors: a query that does not parse is refused, exit 2" {
    run "$KB" sql "SELEKT 1"
    [ "$status" -eq 2 ]
    [[ "$output" == *"syntax error"* ]]
    run "$KB" sql "SELECT nope FROM claims"
    [ "$status" -eq 2 ]
    [[ "$output" == *"no such column: nope"* ]]
    run "$KB" sql
    [ "$status" -eq 2 ]
}

@test "kb schema explains every table, view and column" {
    run "$KB" schema --check
    [ "$status" -eq 0 ]
    run "$KB" schema
    [[ "$output" == *"view claim_overview"* && "$output" == *"stance"*"Toward the subject"* ]]
    run "$KB" schema --format json
    echo "$output" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert any(t["name"] == "model_landscape" for t in d)'
}

@test "sqlite3 and sqlite-utils open the base directly and find the indexes" {
    [ "$(sqlite3 kb.db "SELECT count(*) FROM claims")" -ge 45 ]
    command -v sqlite-utils >/dev/null || skip "sqlite-utils is not installed"
    run sqlite-utils tables kb.db --fts5
    [[ "$output" == *"sources_fts"* && "$output" == *"claims_fts"* ]]
    run sqlite-utils rows kb.db claims --limit 2
    [ "$status" -eq 0 ]
    [[ "$output" == *"statement"* ]]
    run sqlite-utils search kb.db sources llama --csv
    [ "$status" -eq 0 ]
    [[ "$output" == *"Llama"* ]]
}
