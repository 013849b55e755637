#!/usr/bin/env bats
# kb brief: golden briefs on a small base, reproducible with --as-of.

load helpers

GOLD="$BATS_TEST_DIRNAME/../fixtures/briefs"

setup() {
    setup_base
    "$KB" load "$FIXTURES/mini" >/dev/null
}

@test "an entity brief matches its golden file, in Markdown and in HTML" {
    run "$KB" brief acme --as-of 2026-11-28
    [ "$status" -eq 0 ]
    diff <("$KB" brief acme --as-of 2026-11-28) "$GOLD/acme.md"
    diff <("$KB" brief --format html acme --as-of 2026-11-28) "$GOLD/acme.html"
}

@test "the same base and --as-of give the same bytes, run after run" {
    run "$KB" brief acme --as-of 2026-11-28
    [ "$status" -eq 0 ]
    [ -n "$output" ]
    first=$output
    run "$KB" brief acme --as-of 2026-11-28
    [ "$status" -eq 0 ]
    [ -n "$output" ]
    [ "$(printf '%s' "$first" | sha256sum)" = "$(printf '%s' "$output" | sha256sum)" ]
}

@test "--as-of leaves out what is dated later; --since what is older" {
    diff <("$KB" brief acme --as-of 2026-06-30) "$GOLD/acme-2026-06-30.md"
    diff <("$KB" brief acme --as-of 2026-11-28 --since 2026-01) "$GOLD/acme-since-2026.md"
}

@test "a topic brief and a comparison" {
    diff <("$KB" brief --topic cloud --as-of 2026-11-28) "$GOLD/topic-cloud.md"
    diff <("$KB" brief --compare acme globex --as-of 2026-11-28) "$GOLD/compare-acme-globex.md"
}

@test "an entity with no claims still gets a useful page" {
    diff <("$KB" brief globex --as-of 2026-11-28) "$GOLD/globex.md"
    run "$KB" brief globex --as-of 2026-11-28
    [[ "$output" == *"## Models"* && "$output" == *"## In claims about others"* && "$output" == *"## Relations"* ]]
    [[ "$output" != *"## Claims"* ]]
}

@test "an unknown slug is an error naming close slugs, exit 2" {
    run "$KB" brief acmee
    [ "$status" -eq 2 ]
    [[ "$output" == *"no entity 'acmee' (did you mean 'acme'?)"* ]]
    run "$KB" brief --compare acme globx
    [ "$status" -eq 2 ]
    [[ "$output" == *"'globex'"* ]]
}

@test "-o writes a file; the HTML page fetches nothing" {
    run "$KB" brief --format html -o acme.html acme --as-of 2026-11-28
    [ "$status" -eq 0 ]
    [ -s acme.html ]
    refute_grep -Eq '(src|href)="(https?:)?//[^"]*\.(css|js)' acme.html
    refute_grep -q '<script' acme.html
    refute_grep -q '<link' acme.html
    grep -q '<style>' acme.html
}

@test "bad options are bad usage" {
    run "$KB" brief
    [ "$status" -eq 2 ]
    run "$KB" brief --format pdf acme
    [ "$status" -eq 2 ]
    run "$KB" brief --as-of 2026-13-01 acme
    [ "$status" -eq 2 ]
    run "$KB" brief --compare acme
    [ "$status" -eq 2 ]
}

@test "the seed story: kb brief meta on the starter data" {
    "$KB" load "$DATA" >/dev/null
    run "$KB" brief meta --as-of 2026-11-28
    [ "$status" -eq 0 ]
    # the cloud-venture report
    [[ "$output" == *"Reports surfaced that Meta may be exploring a cloud-computing venture"* ]]
    # both sides of the debate, with their sources
    [[ "$output" == *"### Is a Meta cloud business an expansion of its AI ambitions or a retreat from them?"* ]]
    [[ "$output" == *"**Expansion** —"* && "$output" == *"**Retreat** —"* ]]
    [[ "$output" == *"MarketWatch, *Meta's Cloud Pivot Sparks Wall Street Debate Over AI Strategy*"* ]]
    # Llama's open weights against the closed OpenAI and Google models
    [[ "$output" == *"| Meta | LLaMA, Llama 2"* ]]
    echo "$output" | grep -q '^| OpenAI | .* | .*GPT-4o'
    echo "$output" | grep -q '^| Alphabet | .* | .*Gemini'
    # the AWS precedent
    [[ "$output" == *"AWS grew out of its internal e-commerce infrastructure needs"* ]]
}

# The page holding a table's rows, overwritten with zeros: the schema still
# reads, so every statement prepares, and the damage shows only as a step fails.
damage_table() {
    local page size
    page=$(sqlite3 "$KB_DB" "SELECT rootpage FROM sqlite_schema WHERE name = '$1'")
    size=$(sqlite3 "$KB_DB" 'PRAGMA page_size')
    [ -n "$page" ] && [ -n "$size" ]
    dd if=/dev/zero of="$KB_DB" bs="$size" seek=$((page - 1)) count=1 conv=notrunc 2>/dev/null
}

@test "a statement that fails mid-brief fails the brief: exit 1, a clear error, no -o file" {
    damage_table claims
    for args in "acme" "--topic cloud" "--compare acme globex"; do
        # shellcheck disable=SC2086
        run "$KB" brief $args --as-of 2026-11-28 -o out.md
        [ "$status" -eq 1 ]
        [[ "$output" == *"malformed"* ]]
        [ ! -e out.md ]
        # shellcheck disable=SC2086
        run "$KB" brief $args --as-of 2026-11-28
        [ "$status" -eq 1 ]
        [[ "$output" != *"# "* ]]
    done
}

@test "a table dropped behind kb's back fails the brief with a clear error and no -o file" {
    sqlite3 "$KB_DB" 'DROP TABLE citations'
    run "$KB" brief acme --as-of 2026-11-28 -o out.md
    [ "$status" -eq 1 ]
    [[ "$output" == *"no such table: citations"* ]]
    [ ! -e out.md ]
    run "$KB" brief --format html acme --as-of 2026-11-28
    [ "$status" -eq 1 ]
    [[ "$output" != *"<html"* ]]
}
