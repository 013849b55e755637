#!/usr/bin/env bats
# Topics and entities are discoverable: kb topics lists them; brief --topic
# finds one in any case and refuses one nothing has; --compare says what it
# compares.

load helpers

setup() {
    setup_base
    "$KB" load "$DATA" >/dev/null
}

@test "kb topics lists every topic with its claim and debate counts, most claims first" {
    run bash -c "'$KB' topics --format csv | tr -d '\r'"
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "topic,claims,debates,latest" ]
    want=$(sqlite3 kb.db "SELECT count(DISTINCT topic) FROM (SELECT topic FROM claims UNION SELECT topic FROM debates)")
    [ "${#lines[@]}" -eq $((want + 1)) ]
    cloud=$(sqlite3 kb.db "SELECT count(*) FROM claims WHERE topic = 'cloud'")
    [[ "$output" == *"cloud,$cloud,1,"* ]]
    run "$KB" topics --format json
    [ "$status" -eq 0 ]
    python3 -c 'import json,sys; t=json.loads(sys.argv[1]); c=[x["claims"] for x in t]; assert c==sorted(c, reverse=True), c' "$output"
}

@test "kb brief --topic is case-insensitive and takes the words of a topic" {
    run "$KB" brief --topic CAPEX
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "# Topic: capex" ]
    run "$KB" brief --topic "Data Centers"
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "# Topic: data-centers" ]
}

@test "an unknown topic is an error naming the close ones, not an empty brief" {
    run "$KB" brief --topic datacenters
    [ "$status" -eq 2 ]
    [ "$output" = "kb: no topic 'datacenters' (did you mean 'data-centers'?); kb topics lists them" ]
    run "$KB" brief --topic zzz
    [ "$status" -eq 2 ]
    [ "$output" = "kb: no topic 'zzz'; kb topics lists them" ]
}

@test "kb brief --compare with fewer than two entities is one clear error" {
    run "$KB" brief --compare meta
    [ "$status" -eq 2 ]
    [ "${#lines[@]}" -eq 1 ]
    [[ "$output" == *"--compare takes two companies or more"* ]]
}

@test "kb brief --compare refuses what is not a company, and a company given twice" {
    run "$KB" brief --compare meta llama-3
    [ "$status" -eq 2 ]
    [ "$output" = "kb: --compare sets companies side by side, and 'llama-3' is a model (kb brief llama-3 is its own brief)" ]
    run "$KB" brief --compare meta Facebook
    [ "$status" -eq 2 ]
    [ "$output" = "kb: --compare: 'Facebook' is 'meta', given already" ]
}
