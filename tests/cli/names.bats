#!/usr/bin/env bats
# A name is as good as a slug: every command that takes an entity accepts its
# slug, its name or any alias, in any case.

load helpers

setup() {
    setup_base
    "$KB" load "$DATA" >/dev/null
}

# Every name and alias of the starter data, as "slug<TAB>name" lines.
names() {
    sqlite3 -separator $'\t' kb.db \
        "SELECT slug, name FROM entities UNION SELECT e.slug, a.alias FROM aliases a
         JOIN entities e ON e.id = a.entity_id ORDER BY 1, 2"
}

@test "every name and alias of the starter data finds its entity in show, in any case" {
    n=0
    while IFS=$'\t' read -r slug name; do
        for as in "$name" "${name^^}" "${name,,}"; do
            run "$KB" show --format json "$as"
            [ "$status" -eq 0 ] || { echo "kb show '$as': $output"; false; }
            [[ "$output" == *"\"id\": \"$slug\""* || "$output" == *"\"id\":\"$slug\""* ]] ||
                { echo "kb show '$as' is not $slug: ${output:0:200}"; false; }
        done
        n=$((n + 1))
    done < <(names)
    [ "$n" -ge 140 ]
}

@test "every alias of the starter data finds its entity in brief and search --entity" {
    n=0
    while IFS=$'\t' read -r slug alias; do
        want=$(sqlite3 kb.db "SELECT name FROM entities WHERE slug = '$slug'")
        run "$KB" brief "$alias"
        [ "$status" -eq 0 ] || { echo "kb brief '$alias': $output"; false; }
        [ "${lines[0]}" = "# $want" ] || { echo "kb brief '$alias': ${lines[0]}"; false; }
        run "$KB" search --format csv --entity "$alias" a
        [ "$status" -eq 0 ] || { echo "kb search --entity '$alias': $output"; false; }
        n=$((n + 1))
    done < <(sqlite3 -separator $'\t' kb.db \
        "SELECT e.slug, a.alias FROM aliases a JOIN entities e ON e.id = a.entity_id")
    [ "$n" -ge 50 ]
}

@test "kb brief google is Alphabet's brief, and --compare takes names" {
    run "$KB" brief google
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "# Alphabet" ]
    run "$KB" brief --compare meta amazon microsoft google
    [ "$status" -eq 0 ]
    [[ "${lines[0]}" == "# Meta, Amazon, Microsoft and Alphabet compared" ]]
    run "$KB" brief --compare Facebook AWS
    [ "$status" -eq 0 ]
    [[ "${lines[0]}" == "# Meta and Amazon compared" ]]
}

@test "kb search --entity takes a name, and one that names nothing is an error" {
    run "$KB" search --format csv --entity google capex
    [ "$status" -eq 0 ]
    [[ "$output" == *"alphabet-capex-2026-guidance"* ]]
    run "$KB" search --entity gogle capex
    [ "$status" -eq 2 ]
    [[ "$output" == *"no entity 'gogle' (did you mean 'alphabet' (Google)?)"* ]]
}

@test "suggestions come from slugs, names and aliases alike" {
    run "$KB" show zuckerburg
    [ "$status" -eq 2 ]
    [[ "$output" == *"'mark-zuckerberg' (Zuckerberg)"* ]]
    run "$KB" brief Microsft
    [ "$status" -eq 2 ]
    [[ "$output" == *"did you mean 'microsoft'"* ]]
}

@test "a name two entities share is refused with both listed" {
    cat > twins.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<kb>
  <company slug="twin-one"><name>Twin One</name><alias>Twins</alias></company>
  <company slug="twin-two"><name>Twin Two</name><alias>twins</alias></company>
</kb>
XML
    "$KB" load twins.xml >/dev/null
    for cmd in "show Twins" "brief Twins" "rm Twins" "search --entity Twins twin"; do
        # shellcheck disable=SC2086
        run "$KB" $cmd
        [ "$status" -eq 2 ] || { echo "kb $cmd: $status $output"; false; }
        [[ "$output" == *"'Twins' names 2 entities: 'twin-one' (company), 'twin-two' (company)"* ]] ||
            { echo "kb $cmd: $output"; false; }
    done
    [ "$(count entities)" -ge 2 ]
    run "$KB" show "twin one"
    [ "$status" -eq 0 ]
    [[ "$output" == *"twin-one"* ]]
}

@test "kb rm takes a name, and removes only the entity it names" {
    before=$(count entities)
    run "$KB" rm --cascade "Mark Zuckerberg"
    [ "$status" -eq 0 ]
    [[ "$output" == *"removed entity mark-zuckerberg"* || "$output" == *"mark-zuckerberg"* ]]
    [ "$(count entities)" -eq $((before - 1)) ]
    [ "$(sqlite3 kb.db "SELECT count(*) FROM entities WHERE slug = 'mark-zuckerberg'")" = 0 ]
}

@test "kb show --kind entity takes a name, and other kinds do not" {
    run "$KB" show --kind entity Facebook
    [ "$status" -eq 0 ]
    [[ "$output" == "company meta"* ]]
    run "$KB" show --kind claim Facebook
    [ "$status" -eq 2 ]
    [[ "$output" == *"no claim 'Facebook'"* ]]
}

@test "a query word that names an entity matches its other names" {
    run "$KB" search --format csv --limit 50 facebook capex
    [ "$status" -eq 0 ]
    [[ "$output" == *"claim,meta-capex-2025-guidance,"* ]]
    run "$KB" search --format csv --limit 50 google capex
    [ "$status" -eq 0 ]
    [[ "$output" == *"claim,alphabet-capex-2026-guidance,"* ]]
    run "$KB" search --format csv --limit 50 '"meta platforms"' capex
    [ "$status" -eq 0 ]
    [[ "$output" == *"meta-capex-2025-guidance"* ]]
    # excluded under every name
    run "$KB" search --format csv --limit 50 capex -facebook
    [ "$status" -eq 0 ]
    [[ "$output" != *"meta-capex-2025-guidance"* ]]
    [[ "$output" == *"alphabet-capex-2026-guidance"* ]]
}

@test "a name of several words typed without quotes is read as the one name" {
    run "$KB" search --format csv --limit 50 meta platforms capex
    [ "$status" -eq 0 ]
    [[ "$output" == *"claim,meta-capex-2025-guidance,"* ]]
    run "$KB" search --format csv Mark Zuckerberg
    [ "$status" -eq 0 ]
    [ "$(sed -n 2p <<<"$output" | cut -d, -f2)" = mark-zuckerberg ]
}
