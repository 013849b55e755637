#!/usr/bin/env bats
# Output for people: each hit once, with its title and one snippet; text
# output fits the terminal's width; every format marks the matched words
# the same way.

load helpers

setup() {
    setup_base
    "$KB" load "$DATA" >/dev/null
}

@test "a claim hit shows its statement once" {
    run env COLUMNS=400 "$KB" search --kind claim capex
    [ "$status" -eq 0 ]
    statement=$(sqlite3 kb.db "SELECT statement FROM claims WHERE slug = 'meta-capex-2024-outlook'")
    n=0
    for l in "${lines[@]}"; do
        [[ "$l" == *"January 2024 Meta expected"* ]] && n=$((n + 1))
    done
    [ "$n" -eq 1 ]
    [[ "$output" == *"  $statement"* ]]
}

@test "text output fits the width COLUMNS gives, and 80 when nothing does, cut whole characters" {
    cat > wide.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<kb>
  <source slug="wide-title" type="article">
    <title>Überlange Schlagzeile über Rechenzentren — 日本語のとても長い見出しがここに続きます、データセンターについて、さらに続く</title>
    <text>Rechenzentren überall.</text>
  </source>
</kb>
XML
    "$KB" load wide.xml >/dev/null
    for width in 40 60 100; do
        COLUMNS=$width "$KB" search --limit 50 rechenzentren OR capex OR meta > out.txt
        python3 - "$width" out.txt <<'PY'
import sys, unicodedata
width = int(sys.argv[1])
text = open(sys.argv[2], "rb").read().decode("utf-8")  # never cut inside a character
lines = text.splitlines()
assert len(lines) >= 3, lines
def cols(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
for l in lines:
    assert cols(l) <= width, (width, cols(l), l)
assert any(l.endswith("…") for l in lines), lines
PY
    done
    env -u COLUMNS "$KB" search --limit 50 rechenzentren > out.txt
    python3 -c 'import sys; ls=open(sys.argv[1],encoding="utf-8").read().splitlines(); assert ls and max(len(l) for l in ls) <= 80, ls' out.txt
}

@test "every format marks the matched words the same way: ** in md and json, bold on a terminal, none in csv unless asked" {
    run "$KB" search --format json --limit 1 --kind claim guidance
    [[ "$output" == *'"snippet":'*'**guidance**'* ]]
    run "$KB" search --format md --limit 1 --kind claim guidance
    [[ "$output" == *'**guidance**'* ]]
    run "$KB" search --format csv --limit 1 --kind claim guidance
    [[ "$output" != *'**'* ]]
    [[ "$output" == *'guidance'* ]]
    run "$KB" search --format csv --marks --limit 1 --kind claim guidance
    [[ "$output" == *'**guidance**'* ]]
    run "$KB" --color always search --limit 1 --kind claim guidance
    [[ "$output" == *$'\e[1mguidance\e[0m'* ]]
}
