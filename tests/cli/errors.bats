#!/usr/bin/env bats
# A base that fails while it is read: every command says so, exits non-zero,
# and never passes part of the base off as the whole.

bats_require_minimum_version 1.5.0

load helpers

setup() { setup_base; "$KB" load "$FIXTURES/mini" >/dev/null; }

# Overwrites the root page of a table with bytes no page holds, as a failing
# disk would; its index is left whole, so kb finds the row, then fails to read it.
damage() {
    python3 - "$KB_DB" "$1" <<'EOF'
import sqlite3, sys
db, table = sys.argv[1], sys.argv[2]
c = sqlite3.connect(db)
c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
size = c.execute("PRAGMA page_size").fetchone()[0]
root = c.execute("SELECT rootpage FROM sqlite_schema WHERE name = ?", (table,)).fetchone()[0]
c.close()
with open(db, "r+b") as f:
    f.seek((root - 1) * size)
    f.write(b"\xff" * size)
EOF
}

malformed="database disk image is malformed"

@test "show of a damaged table fails with the base's message, and prints nothing" {
    damage claims
    for slug in acme acme-retreat acme-cloud-debate; do
        run --separate-stderr "$KB" show "$slug"
        [ "$status" -eq 1 ]
        [[ "$stderr" == *"kb.db: $malformed"* ]]
        [ -z "$output" ]
        run --separate-stderr "$KB" show --format json "$slug"
        [ "$status" -eq 1 ]
        [ -z "$output" ]
    done
}

@test "search over a damaged table fails, prefixes included" {
    damage claims
    for q in acme 'acm*' 'acme OR retreat'; do
        run --separate-stderr "$KB" search "$q"
        [ "$status" -eq 1 ]
        [[ "$stderr" == *"$malformed"* ]]
        [ -z "$output" ]
    done
}

@test "export of a damaged table fails instead of writing part of the base" {
    damage claims
    run "$KB" export -o out
    [ "$status" -eq 1 ]
    [[ "$output" == *"kb.db: $malformed"* ]]
    [[ "$output" != *"wrote"* ]]
}

@test "rm and load on a damaged table fail and change nothing" {
    damage claims
    before=$(sha256sum kb.db)
    run "$KB" rm acme-retreat
    [ "$status" -eq 1 ]
    [[ "$output" == *"$malformed"* ]]
    run "$KB" load "$FIXTURES/mini"
    [ "$status" -eq 1 ]
    [[ "$output" == *"$malformed"* ]]
    # a failed load reports the base's fault, not references it could not look up
    [[ "$output" != *"unknown"* ]]
    [ "$(sha256sum kb.db)" = "$before" ]
}

@test "a table dropped behind kb's back is the base's failure, not an unknown name" {
    sqlite3 kb.db "PRAGMA foreign_keys = OFF; DROP TABLE arguments; DROP TABLE debate_sides; DROP TABLE debates"
    run "$KB" show nosuch
    [ "$status" -eq 1 ]
    [[ "$output" == *"no such table: debates"* ]]
    [[ "$output" != *"no entity"* ]]
}

@test "a damaged source table stops ingest, reindex and export with the base's message" {
    damage sources
    # many files: the reading thread is stopped, and what it read is dropped
    run "$KB" ingest "$FIXTURES/ingest" "$FIXTURES/feeds"
    [ "$status" -eq 1 ]
    [[ "$output" == *"$malformed"* ]]
    run "$KB" reindex
    [ "$status" -eq 1 ]
    [[ "$output" == *"$malformed"* ]]
    run "$KB" export -o out
    [ "$status" -eq 1 ]
    [[ "$output" == *"$malformed"* ]]
}

@test "export names a file it cannot write, and kb alone says so" {
    python3 -c "print('<kb><company slug=\"big\"><name>Big</name><description>' + 'word ' * 40000 + '</description></company></kb>')" > big.xml
    "$KB" load big.xml >/dev/null
    # companies.xml is larger than the 100 KiB a file may be here
    run --separate-stderr bash -c "trap '' XFSZ; ulimit -f 100; '$KB' export -o out"
    [ "$status" -eq 1 ]
    [[ "$stderr" == *"out/companies.xml: write failed: File too large"* ]]
    # the XML library's own report would come first, unasked
    [[ "$stderr" != *"I/O error"* ]]
    [ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
}

@test "a check that cannot run is the base's failure, not a finding to mend by reindexing" {
    sqlite3 kb.db "DROP TABLE claims_fts"
    run "$KB" check
    [ "$status" -eq 1 ]
    [[ "$output" == *"checking the full-text indexes: no such table: claims_fts"* ]]
    [[ "$output" != *"kb reindex"* ]]
}

@test "brief of a damaged table fails instead of printing part of the story" {
    damage claims
    run --separate-stderr "$KB" brief acme
    [ "$status" -eq 1 ]
    [[ "$stderr" == *"$malformed"* ]]
    [ -z "$output" ]
}
