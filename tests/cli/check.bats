#!/usr/bin/env bats
# kb check: errors (exit 1) and warnings.

load helpers

setup() { setup_base; "$KB" load "$FIXTURES/mini" >/dev/null; }

@test "a sound base passes, with its warnings listed" {
    run "$KB" check
    [ "$status" -eq 0 ]
    [[ "$output" == *"warning: source globex-note: has no publisher"* ]]
    [[ "$output" == *"warning: source globex-note: has no date"* ]]
    [[ "$output" == *"warning: claim acme-retreat: cites source 'globex-note' without a quote, though the source has its text"* ]]
    [[ "$output" == *"0 errors, 3 warnings"* ]]
}

@test "a claim with no citation is an error" {
    sqlite3 kb.db "DELETE FROM citations WHERE claim_id = (SELECT id FROM claims WHERE slug = 'acme-cloud-report')"
    run "$KB" check
    [ "$status" -eq 1 ]
    [[ "$output" == *"error: claim acme-cloud-report: has no citation"* ]]
}

@test "a dangling reference is an error" {
    sqlite3 kb.db "PRAGMA foreign_keys = OFF; DELETE FROM entities WHERE slug = 'globex'"
    run "$KB" check
    [ "$status" -eq 1 ]
    [[ "$output" == *"refers to a missing row of entities"* ]]
}

@test "an FTS index out of step is an error" {
    sqlite3 kb.db "DROP TRIGGER claims_fts_au; UPDATE claims SET statement = 'changed behind the index' WHERE slug = 'acme-retreat'"
    run "$KB" check
    [ "$status" -eq 1 ]
    [[ "$output" == *"claims_fts"* ]]
}

@test "two sources with the same text, a side no claim argues, a quote not in its source" {
    sqlite3 kb.db "INSERT INTO sources(slug, source_type, title, text, text_hash) SELECT 'copy', 'note', 'Copy', text, text_hash FROM sources WHERE slug = 'globex-note'"
    sqlite3 kb.db "DELETE FROM arguments WHERE claim_id = (SELECT id FROM claims WHERE slug = 'acme-retreat')"
    sqlite3 kb.db "UPDATE citations SET quote = 'words nobody wrote' WHERE claim_id = (SELECT id FROM claims WHERE slug = 'acme-cloud-report')"
    run "$KB" check
    [ "$status" -eq 0 ]
    [[ "$output" == *"warning: source globex-note: has the same text as source 'copy'"* ]]
    [[ "$output" == *"warning: debate acme-cloud-debate: side 'retreat' is argued by no claim"* ]]
    [[ "$output" == *"warning: claim acme-cloud-report: quote not found in the text of source 'daily-acme'"* ]]
}

@test "--format json" {
    run "$KB" check --format json
    [ "$status" -eq 0 ]
    [ "$(echo "$output" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["ok"], d["errors"], d["warnings"], d["problems"][0]["severity"])')" = "True 0 3 warning" ]
}

@test "check changes nothing" {
    before=$(base_digest)
    "$KB" check >/dev/null
    [ "$(base_digest)" = "$before" ]
}
