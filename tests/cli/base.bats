#!/usr/bin/env bats
# The base: creation, migrations, versions, the global options.

load helpers

setup() { setup_base; }

@test "init creates a base at the schema version, with WAL and strict tables" {
    [ -f kb.db ]
    [ "$(sqlite3 kb.db 'PRAGMA user_version')" = 5 ]
    [ "$(sqlite3 kb.db 'PRAGMA journal_mode')" = wal ]
    run sqlite3 kb.db "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%STRICT'"
    [ "$output" -ge 12 ]
}

@test "init on an existing base is harmless" {
    "$KB" load "$FIXTURES/mini" >/dev/null
    before=$(base_digest)
    run "$KB" init
    [ "$status" -eq 0 ]
    [ "$(base_digest)" = "$before" ]
}

@test "the FTS indexes follow the sqlite-utils convention" {
    for t in entities sources claims debates; do
        run sqlite3 kb.db "SELECT sql FROM sqlite_schema WHERE name = '${t}_fts'"
        [[ "$output" == *"content=\"$t\""* ]]
        [[ "$output" == *"content_rowid='id'"* ]]
    done
}

@test "a base made by a newer kb is refused, and left alone" {
    sqlite3 kb.db 'PRAGMA user_version = 99'
    before=$(base_digest)
    run "$KB" stats
    [ "$status" -eq 1 ]
    [[ "$output" == *"made by a newer kb (schema version 99"* ]]
    [[ "$output" == *"upgrade kb"* ]]
    run "$KB" load "$FIXTURES/mini"
    [ "$status" -eq 1 ]
    [ "$(base_digest)" = "$before" ]
}

@test "kb init migrates an older base, keeping what it holds" {
    rm -f kb.db*
    # a base as the first version of kb left it, with a claim in it
    sqlite3 kb.db < "$BATS_TEST_DIRNAME/../../schema/001-init.sql"
    sqlite3 kb.db "PRAGMA user_version = 1;
      INSERT INTO entities(slug, kind, name) VALUES ('acme', 'company', 'Acme');
      INSERT INTO sources(slug, source_type, title) VALUES ('s', 'note', 'S');
      INSERT INTO claims(slug, subject_id, topic, claim_kind, stance, statement) VALUES ('c', 1, 't', 'fact', 'neutral', 'x');
      INSERT INTO citations(claim_id, source_id) VALUES (1, 1);"
    run "$KB" init
    [ "$status" -eq 0 ]
    run "$KB" stats --format json
    [ "$status" -eq 0 ]
    [[ "$output" == *'"claims":1'* ]]
    [ "$(sqlite3 kb.db 'PRAGMA user_version')" = 5 ]
    sqlite3 kb.db "SELECT published_raw, updated, ingested_from FROM sources"
}

@test "an empty file is made a base by kb init" {
    rm -f kb.db*
    touch kb.db
    run "$KB" init
    [ "$status" -eq 0 ]
    run "$KB" stats --format json
    [ "$status" -eq 0 ]
    [ "$(sqlite3 kb.db 'PRAGMA user_version')" = 5 ]
}

@test "an SQLite file that is not a kb base is refused" {
    rm -f kb.db*
    sqlite3 kb.db 'CREATE TABLE t(x)'
    run "$KB" stats
    [ "$status" -eq 2 ]
    [[ "$output" == *"not a kb base"* ]]
    [ "$(sqlite3 kb.db "SELECT count(*) FROM sqlite_schema")" = 1 ]
}

@test "a missing base says to run kb init" {
    run "$KB" --db nowhere.db stats
    [ "$status" -eq 1 ]
    [[ "$output" == *"run 'kb init' first"* ]]
    [ ! -e nowhere.db ]
}

@test "--db and KB_DB choose the base" {
    "$KB" --db other.db init 2>/dev/null
    "$KB" --db other.db load "$FIXTURES/mini" >/dev/null
    [ "$(sqlite3 other.db 'SELECT count(*) FROM claims')" = 2 ]
    [ "$(count claims)" = 0 ]
    KB_DB=other.db run "$KB" stats --format json
    [[ "$output" == *'"claims":2'* ]]
}

@test "the schema is compiled in: kb works from any directory" {
    cd "$BATS_TEST_TMPDIR" && mkdir elsewhere && cd elsewhere
    run "$KB" --db ../fresh.db init
    [ "$status" -eq 0 ]
    run "$KB" schema --rng
    [[ "$output" == *"<grammar"* ]]
    run "$KB" schema --sql
    [[ "$output" == *"CREATE TABLE entities"* ]]
}

@test "an unknown command suggests the closest one" {
    run "$KB" stat
    [ "$status" -eq 2 ]
    [[ "$output" == *"did you mean 'stats'?"* ]]
}

@test "an unknown option is bad usage" {
    run "$KB" stats --frobnicate
    [ "$status" -eq 2 ]
    run "$KB" --frobnicate stats
    [ "$status" -eq 2 ]
}

@test "help and --version" {
    run "$KB" help
    [ "$status" -eq 0 ]
    [[ "$output" == *"load"* && "$output" == *"export"* ]]
    run "$KB" load --help
    [ "$status" -eq 0 ]
    [[ "$output" == *"--replace"* && "$output" == *"Examples"* ]]
    run "$KB" --version
    [[ "$output" == "kb "* ]]
}

@test "sqlite-utils finds the full-text indexes unaided" {
    command -v sqlite-utils >/dev/null || skip "sqlite-utils is not installed"
    "$KB" load "$FIXTURES/mini" >/dev/null
    run sqlite-utils tables kb.db --fts5
    [[ "$output" == *"claims_fts"* && "$output" == *"sources_fts"* ]]
    run sqlite-utils search kb.db claims retreat --csv
    [ "$status" -eq 0 ]
    [[ "$output" == *"acme-retreat"* ]]
    run sqlite-utils search kb.db sources compute --csv
    [[ "$output" == *"daily-acme"* ]]
}

@test "a write in plain SQL keeps the indexes true" {
    "$KB" load "$FIXTURES/mini" >/dev/null
    sqlite3 kb.db "UPDATE claims SET statement = 'A brand new zeppelin' WHERE slug = 'acme-retreat';
                   DELETE FROM aliases WHERE alias = 'ACME Corp';
                   INSERT INTO aliases(entity_id, alias) SELECT id, 'Roadrunner Labs' FROM entities WHERE slug = 'acme'"
    [ "$(sqlite3 kb.db "SELECT count(*) FROM claims_fts WHERE claims_fts MATCH 'zeppelin'")" = 1 ]
    [ "$(sqlite3 kb.db "SELECT count(*) FROM entities_fts WHERE entities_fts MATCH 'roadrunner labs'")" = 1 ]
    [ "$(sqlite3 kb.db "SELECT count(*) FROM entities_fts WHERE entities_fts MATCH '\"acme corp\"'")" = 0 ]
    assert_integrity
    run "$KB" check --quiet
    [ "$status" -eq 0 ]
}
