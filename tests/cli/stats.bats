#!/usr/bin/env bats
# kb stats

load helpers

setup() { setup_base; }

@test "stats --format json has every count" {
    "$KB" load "$FIXTURES/mini" >/dev/null
    run "$KB" stats --format json
    [ "$status" -eq 0 ]
    [ "$(echo "$output" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(*[d[k] for k in ("companies","models","assets","sources","claims","citations","debates","mentions")])')" = "2 2 2 2 2 3 1 4" ]
}

@test "stats for people" {
    run "$KB" stats
    [ "$status" -eq 0 ]
    [[ "$output" == *"companies"*"0"* ]]
}

@test "stats refuses an unknown format" {
    run "$KB" stats --format xml
    [ "$status" -eq 2 ]
    [[ "$output" == *"--format text|json"* ]]
}
