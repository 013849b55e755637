#!/usr/bin/env bats
# Search understands entities: a query word that names an entity matches the
# things about it as well as the text that names it: the claims whose subject
# it is or that involve it, the debates about it, the models it developed and
# the assets it owns, met by the rest of the query as any hit is.

load helpers

# The ids of the hits of a search, one per line, in order.
ids() {
    "$KB" search --format csv --limit 200 "$@" | tail -n +2 | cut -d, -f2
}

@test "a claim whose subject a query word names is found though its statement names it not" {
    setup_base
    "$KB" load "$DATA" >/dev/null
    # "Mark Zuckerberg said that making a significantly larger investment in
    # AI infrastructure is very likely to be profitable." (subject: Meta)
    run ids facebook infrastructure
    [ "$status" -eq 0 ]
    [[ "$output" == *meta-capex-very-likely-profitable* ]]
    run ids meta infrastructure
    [[ "$output" == *meta-capex-very-likely-profitable* ]]
    # the rest of the query still has to be met
    run ids facebook reception
    [ "$status" -eq 0 ]
    [[ "$output" != *meta-capex-very-likely-profitable* ]]
    # another company's name does not find it
    run ids amazon infrastructure
    [[ "$output" != *meta-capex-very-likely-profitable* ]]
}

@test "a claim that involves an entity is found by that entity's names" {
    setup_base
    "$KB" load "$DATA" >/dev/null
    # Anthropic's Claude 3 launch involves Alphabet, and does not name Google
    run ids google claude
    [ "$status" -eq 0 ]
    [[ "$output" == *anthropic-claude-3-launch* ]]
    run ids alphabet claude
    [[ "$output" == *anthropic-claude-3-launch* ]]
    # it involves Llama 3, which its statement calls "Llama models"
    run ids '"Llama 3"' open source
    [[ "$output" == *meta-llama-open-challenge* ]]
}

@test "what links alone find comes after what the text finds, and in the same order each time" {
    setup_base
    "$KB" load "$DATA" >/dev/null
    run "$KB" search --format csv --limit 200 facebook
    [ "$status" -eq 0 ]
    [[ "$output" == *meta-capex-very-likely-profitable* ]]
    first=$output
    # every hit after the first found by its links alone is found so too:
    # its score is 1, below any hit of the text
    bad=$(python3 -c '
import csv, sys
rows = list(csv.reader(sys.stdin))[1:]
at = [r[1] for r in rows].index("meta-capex-very-likely-profitable")
s = float(rows[at][7])
assert s == 1.0, s
print(sum(1 for r in rows[:at] if float(r[7]) < s) + sum(1 for r in rows[at:] if float(r[7]) > s))
' <<<"$output")
    [ "$bad" = 0 ]
    run "$KB" search --format csv --limit 200 facebook
    [ "$output" = "$first" ]
}

@test "an excluded name excludes what is about it, not only what names it" {
    setup_base
    "$KB" load "$DATA" >/dev/null
    run ids infrastructure
    [[ "$output" == *meta-capex-very-likely-profitable* ]]
    run ids infrastructure -facebook
    [ "$status" -eq 0 ]
    [[ "$output" != *meta-capex-very-likely-profitable* ]]
    [[ "$output" != *meta-* ]]
    [ -n "$output" ]
}

@test "the filters hold for what links find" {
    setup_base
    "$KB" load "$DATA" >/dev/null
    run ids --topic capex facebook
    [ "$status" -eq 0 ]
    [[ "$output" == *meta-capex-very-likely-profitable* ]]
    run ids --topic cloud facebook
    [[ "$output" != *meta-capex-very-likely-profitable* ]]
    [ -n "$output" ]
    run ids --until 2025-06 facebook infrastructure
    [[ "$output" != *meta-capex-very-likely-profitable* ]]
    run ids --kind source facebook infrastructure
    [[ "$output" != *meta-capex-very-likely-profitable* ]]
    run ids --entity meta infrastructure
    [[ "$output" == *meta-capex-very-likely-profitable* ]]
}

@test "a debate about an entity, and a model it developed, are found by its names" {
    setup_base
    cp -r "$FIXTURES/mini" data
    sed -i 's|Is an Acme cloud an expansion or a retreat?|Is selling compute an expansion or a retreat?|' \
        data/claims.xml
    grep -q 'Is selling compute' data/claims.xml
    "$KB" load data >/dev/null
    run ids acme expansion
    [ "$status" -eq 0 ]
    [[ "$output" == *acme-cloud-debate* ]]
    run ids '"ACME Corp"' retreat
    [[ "$output" == *acme-cloud-debate* ]]
    run ids globex expansion
    [[ "$output" != *acme-cloud-debate* ]]
    # Roadrunner 1 is Acme's model, and its name and description say no Acme
    run ids ACME Corp
    [[ "$output" == *roadrunner-1* ]]
    run ids globex
    [[ "$output" != *roadrunner-1* ]]
}

@test "names joined by OR find what is about either" {
    setup_base
    cp -r "$FIXTURES/mini" data
    sed -i 's|Is an Acme cloud an expansion or a retreat?|Is selling compute an expansion or a retreat?|' \
        data/claims.xml
    "$KB" load data >/dev/null
    run ids globex OR acme
    [ "$status" -eq 0 ]
    [[ "$output" == *acme-cloud-debate* ]]
    [[ "$output" == *roadrunner-1* ]]
    # a name among other words of an OR: the words by the text, the name by
    # the text or the links
    run ids zeppelin OR acme expansion
    [[ "$output" == *acme-cloud-debate* ]]
    run ids zeppelin OR selling expansion
    [[ "$output" == *acme-cloud-debate* ]]
    run ids zeppelin OR globex expansion
    [ "$status" -eq 0 ]
    [[ "$output" != *acme-cloud-debate* ]]
    [[ "$output" == *daily-acme* ]]
}
