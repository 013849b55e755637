#!/usr/bin/env bats
# Nothing found says so, on stderr, with the close words the indexes hold,
# spelt as the text spells them; the output stays an empty list.

load helpers

setup() {
    setup_base
    "$KB" load "$DATA" >/dev/null
}

@test "a search that finds nothing says so and suggests close words as the text writes them" {
    while IFS='|' read -r query want; do
        run "$KB" search $query
        [ "$status" -eq 0 ] || { echo "kb search $query: $status"; false; }
        [[ "$output" == *"kb: nothing matched '$query' (did you mean $want?)"* ]] ||
            { echo "kb search $query: $output"; false; }
    done <<'CASES'
Zuckerburg|Zuckerberg
microsft capex|Microsoft
Stargte|Stargate
antrhopic|Anthropic
Gemeni|Gemini
CASES
}

@test "nothing found in JSON is still an empty list on stdout, the message on stderr" {
    "$KB" search --format json Zuckerburg > out.json 2> err.txt
    [ "$(cat out.json)" = "[]" ]
    grep -q "nothing matched 'Zuckerburg' (did you mean Zuckerberg?)" err.txt
}

@test "a word close to nothing gets no suggestion, only the message" {
    run "$KB" search zzqqxv
    [ "$status" -eq 0 ]
    [ "$output" = "kb: nothing matched 'zzqqxv'" ]
}

@test "a search that finds something prints no message" {
    run "$KB" search --format csv Zuckerberg
    [ "$status" -eq 0 ]
    [[ "$output" != *"nothing matched"* ]]
    [[ "$output" == *"mark-zuckerberg"* ]]
}
