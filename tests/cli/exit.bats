#!/usr/bin/env bats
# Exit statuses: 0 success; 1 failure at run time; 2 bad usage, input refused
# as a whole, or a name that names nothing — the same in every command.

load helpers

setup() { setup_base; "$KB" load "$FIXTURES/mini" >/dev/null; }

@test "an unknown slug exits 2 in every command that takes one" {
    before=$(base_digest)
    for cmd in "show nosuch" "rm nosuch" "rm --cascade nosuch" "brief nosuch" \
               "show --kind claim acme" "rm --kind debate acme" "brief --compare acme nosuch"; do
        run "$KB" $cmd
        [ "$status" -eq 2 ] || { echo "kb $cmd: status $status: $output"; false; }
        [[ "$output" == *"nosuch"* || "$output" == *"acme"* ]] || { echo "kb $cmd: $output"; false; }
    done
    [ "$(base_digest)" = "$before" ]
}

@test "kb rm of an unknown slug exits 2 like kb show, and removes nothing" {
    run "$KB" show nosuch
    [ "$status" -eq 2 ]
    before=$(base_digest)
    run "$KB" rm jane-doe nosuch
    [ "$status" -eq 2 ]
    [[ "$output" == *"'nosuch'"* ]]
    [ "$(base_digest)" = "$before" ]
}

@test "a search that finds nothing is success, exit 0" {
    run "$KB" search --kind claim nosuch
    [ "$status" -eq 0 ]
    [ "$output" = "kb: nothing matched 'nosuch'" ]   # on stderr; stdout empty:
    [ -z "$("$KB" search --kind claim nosuch 2>/dev/null)" ]
    run bash -c "'$KB' search --format json nosuch 2>/dev/null"
    [ "$status" -eq 0 ]
    [ "$output" = "[]" ]
}

@test "a refusal at run time exits 1: a thing still referred to, a missing base, a missing file" {
    run "$KB" rm globex
    [ "$status" -eq 1 ]
    run "$KB" --db nowhere.db show acme
    [ "$status" -eq 1 ]
    [[ "$output" == *"run 'kb init' first"* ]]
    run "$KB" extract no-such-page.html
    [ "$status" -eq 1 ]
    run "$KB" sql -f no-such-query.sql
    [ "$status" -eq 1 ]
}

@test "bad usage exits 2: an unknown command, option, value or help topic" {
    for cmd in "nosuch" "help nosuch" "show --formt json acme" "show --format xml acme" \
               "rm --kind planet acme" "search --kind planet acme" "search --sort size acme" \
               "--color=sometimes stats" "--db" "show" "rm"; do
        run "$KB" $cmd
        [ "$status" -eq 2 ] || { echo "kb $cmd: status $status: $output"; false; }
    done
}

@test "the README's exit-status table and the man page say an unknown name exits 2, kb rm included" {
    readme="$BATS_TEST_DIRNAME/../../README.md"
    row=$(grep '^| 2 |' "$readme")
    [[ "$row" == *"unknown name"* && "$row" == *"kb rm"* ]]
    row1=$(grep '^| 1 |' "$readme")
    [[ "$row1" != *"unknown"* ]]
    grep -q '^| 130 |' "$readme"
    page=$("$KB" help --man | awk '/^\.SH/ { getline; on = ($0 == "EXIT STATUS") } on')
    [[ "$page" == *"unknown name"*"rm"* ]]
    [[ "$page" == *"130"* ]]
}

@test "an interrupted run exits 130 and leaves the base as it was" {
    before=$(base_digest)
    run timeout --preserve-status -s INT 1 "$KB" sql --timeout 0 \
        "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r"
    [ "$status" -eq 130 ]
    [ "$(base_digest)" = "$before" ]
}
