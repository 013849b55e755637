#!/usr/bin/env bats
# Every write is checked: output that never reached its file is a failure.

load helpers

setup() {
    setup_base
    "$KB" load "$FIXTURES/mini" >/dev/null
    [ -c /dev/full ] || skip "no /dev/full here"
    export KB FIXTURES
}

@test "every command that prints exits 1 with a message when standard output is a full disk" {
    n=0
    while IFS= read -r args; do
        # shellcheck disable=SC2086
        run bash -c "\"\$KB\" $args > /dev/full"
        [ "$status" -eq 1 ] || { echo "kb $args: status $status"; false; }
        [[ "$output" == *"writing standard output failed: No space left on device"* ]] ||
            { echo "kb $args: $output"; false; }
        n=$((n + 1))
    done <<'ARGS'
stats
stats --format json
search acme
search --format csv acme
show acme
sql "SELECT slug FROM entities"
brief acme
brief --format html acme
schema
schema --format json
check
help
help load
help --man
--version
--help
load --help
extract "$FIXTURES/ingest/article.html"
load "$FIXTURES/mini"
ingest "$FIXTURES/ingest/article.html"
reindex
sql --write "UPDATE entities SET description = description RETURNING slug"
check --format json
show --format json acme
rm --cascade globex
ARGS
    [ "$n" -ge 25 ]
}

@test "kb brief -o on a full disk fails, says so, and never says it wrote the file" {
    run "$KB" brief -o /dev/full acme
    [ "$status" -eq 1 ]
    [[ "$output" == *"/dev/full: write failed: No space left on device"* ]]
    [[ "$output" != *"wrote"* ]]
    [ -c /dev/full ]   # written to, never replaced
}

@test "kb brief -o writes the file whole, in place, with a new file's mode, and no temporary file" {
    umask 022
    run "$KB" brief -o acme.md acme --as-of 2026-11-28
    [ "$status" -eq 0 ]
    [[ "$output" == *"wrote acme.md"* ]]
    [ "$(stat -c %a acme.md)" = 644 ]
    cmp acme.md <("$KB" brief acme --as-of 2026-11-28)
    chmod 600 acme.md
    run "$KB" brief -o acme.md acme
    [ "$status" -eq 0 ]
    [ "$(stat -c %a acme.md)" = 600 ]   # an existing file keeps its mode
    [ "$(ls -A | grep -c 'kb-')" -eq 0 ]
}
