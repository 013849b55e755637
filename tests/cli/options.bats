#!/usr/bin/env bats
# Options are declared once, in each command's table: the parsing, kb help,
# the completion and the man page all say the same options.

load helpers

ROOT="$BATS_TEST_DIRNAME/../.."

commands() {
    "$KB" help | awk '/^Commands:/ {on = 1; next} on && /^  [a-z]/ {print $1} /^$/ && on {on = 0}'
}

# Every option of every command's table but help's, a line each:
# command, option, and its values ("a|b|c") or placeholder, tab-separated.
table_options() {
    for c in $(commands); do
        [ "$c" = help ] || "$KB" help --options "$c" | sed "s/^/$c\t/"
    done
}

# The long options of a command's table (kb's own for "kb").
long_options() {
    if [ "$1" = kb ]; then "$KB" help --options; else "$KB" help --options "$1"; fi |
        cut -f1 | grep -- '^--'
}

@test "every command has an option table that kb help --options prints" {
    run commands
    [ "${#lines[@]}" -ge 15 ]
    run "$KB" help --options search
    [ "$status" -eq 0 ]
    [[ "$output" == *$'--kind\tentity|company|model|asset|claim|debate|source'* ]]
    [[ "$output" == *$'-n\tN'* ]]
    run "$KB" help --options nosuch
    [ "$status" -eq 2 ]
}

@test "every option in each table is in kb help CMD" {
    n=0
    for c in $(commands) kb; do
        if [ "$c" = kb ]; then help=$("$KB" help); else help=$("$KB" help "$c"); fi
        for o in $(long_options "$c"); do
            [[ "$help" == *"$o"* ]] || { echo "kb help $c lacks $o"; false; }
            n=$((n + 1))
        done
    done
    [ "$n" -ge 50 ]
}

@test "every option in each table is in the completion" {
    setup_base
    mkdir -p bin && ln -sf "$KB" bin/kb
    n=0
    for c in $(commands) kb; do
        if [ "$c" = kb ]; then words="kb --"; cword=1; else words="kb $c --"; cword=2; fi
        got=$(env PATH="$PWD/bin:$PATH" bash -c "
            source '$ROOT/kb/cli/kb.bash'
            COMP_WORDS=($words); COMP_CWORD=$cword; _kb; echo \" \${COMPREPLY[*]} \"")
        for o in $(long_options "$c"); do
            [[ "$got" == *" $o "* ]] || { echo "completion of kb $c lacks $o: $got"; false; }
            n=$((n + 1))
        done
    done
    [ "$n" -ge 50 ]
}

@test "the completion offers an option's values from its table" {
    setup_base
    mkdir -p bin && ln -sf "$KB" bin/kb
    run env PATH="$PWD/bin:$PATH" bash -c "
        source '$ROOT/kb/cli/kb.bash'
        COMP_WORDS=(kb show --kind ''); COMP_CWORD=3; _kb; echo \"\${COMPREPLY[*]}\"
        COMP_WORDS=(kb sql --format ''); COMP_CWORD=3; _kb; echo \"\${COMPREPLY[*]}\"
        COMP_WORDS=(kb --color ''); COMP_CWORD=2; _kb; echo \"\${COMPREPLY[*]}\""
    [ "${lines[0]}" = "entity claim debate source" ]
    [ "${lines[1]}" = "text csv tsv json md" ]
    [ "${lines[2]}" = "auto always never" ]
}

@test "every option in each table is in the man page, under its command" {
    # each roff line, after the name of the section it is in
    sections=$("$KB" help --man | awk '
        /^\.SS/ { getline; n = $0; sub(/^\\f\[B\]/, "", n); sub(/\\f\[\].*/, "", n); sec = n; next }
        /^\.SH/ { getline; sec = ($0 == "OPTIONS") ? "kb" : "-"; next }
        { print sec "\t" $0 }')
    n=0
    for c in $(commands) kb; do
        for o in $(long_options "$c"); do
            roff="\\f[B]${o//-/\\-}\\f[]"
            grep -F "$c"$'\t' <<<"$sections" | grep -qF -- "$roff" ||
                { echo "man page: $c lacks $o ($roff)"; false; }
            n=$((n + 1))
        done
    done
    [ "$n" -ge 50 ]
}

@test "every option in each table is accepted by its command" {
    setup_base
    n=0
    while IFS=$'\t' read -r c o arg; do
        value=()
        if [[ $arg == *"|"* ]]; then value=("${arg%%|*}"); elif [ -n "$arg" ]; then value=(x); fi
        run "$KB" "$c" "$o" "${value[@]}" </dev/null
        [[ "$output" != *"unknown option"* && "$output" != *"needs a value"* ]] ||
            { echo "kb $c $o: $output"; false; }
        n=$((n + 1))
    done < <(table_options)
    [ "$n" -ge 50 ]
}

@test "every value an option's table names is accepted" {
    setup_base
    n=0
    while IFS=$'\t' read -r c o arg; do
        [[ $arg == *"|"* && $o == --* ]] || continue
        [ "$o" = --stance ] && continue # values to complete, not a limit
        IFS='|' read -ra values <<<"$arg"
        for v in "${values[@]}"; do
            run "$KB" "$c" "$o" "$v" </dev/null
            [[ "$output" != *"not '$v'"* && "$output" != *"unknown format"* ]] ||
                { echo "kb $c $o $v: $output"; false; }
            n=$((n + 1))
        done
    done < <(table_options)
    [ "$n" -ge 30 ]
}

@test "kb schema --check and kb sql --file are in their usage" {
    run "$KB" help schema
    [[ "$output" == *"--check"* ]]
    run "$KB" help sql
    [[ "$output" == *"-f, --file FILE"* ]]
}

@test "kb --db with no value says --db needs a value, exit 2" {
    run "$KB" --db
    [ "$status" -eq 2 ]
    [[ "$output" == *"--db needs a value"* ]]
    [[ "$output" != *"unknown option"* ]]
    run "$KB" --color
    [ "$status" -eq 2 ]
    [[ "$output" == *"--color needs a value"* ]]
    run "$KB" --frobnicate stats
    [ "$status" -eq 2 ]
    [[ "$output" == *"unknown option '--frobnicate'"* ]]
}

@test "a missing value names the option, long or short" {
    setup_base
    run "$KB" export -o
    [ "$status" -eq 2 ]
    [[ "$output" == *"export: -o needs a value"* ]]
    run "$KB" sql --null
    [ "$status" -eq 2 ]
    [[ "$output" == *"sql: --null needs a value"* ]]
    run "$KB" search acme --limit
    [ "$status" -eq 2 ]
    [[ "$output" == *"search: --limit needs a value"* ]]
}

@test "kb sql --null --write opens the base read-only: --write there is the value of --null" {
    setup_base
    # a write-ahead log left by a writer that did not close: a read-write
    # handle checkpoints it away on closing, a read-only one leaves it
    leave_wal() {
        python3 -c "
import sqlite3, os
c = sqlite3.connect('kb.db'); c.execute('PRAGMA wal_autocheckpoint = 0')
c.execute('CREATE TABLE IF NOT EXISTS t(x)'); c.execute('INSERT INTO t VALUES (1)'); c.commit()
os._exit(0)"
        [ -s kb.db-wal ]
    }
    leave_wal
    run "$KB" sql --null --write "SELECT count(*) FROM t"
    [ "$status" -eq 0 ]
    [ "$output" = $'count(*)\n1' ] || [[ "$output" == *"1"* ]]
    [ -s kb.db-wal ]
    # what writes is refused, as on any read-only run
    run "$KB" sql --null --write "INSERT INTO t VALUES (2)"
    [ "$status" -eq 2 ]
    [ "$(sqlite3 kb.db 'SELECT count(*) FROM t')" = 1 ]
    # --write given as itself does open the base read-write
    leave_wal
    run "$KB" sql --null NULL --write "SELECT count(*) FROM t"
    [ "$status" -eq 0 ]
    [ ! -e kb.db-wal ]
}

@test "kb search keeps -word as a query word and reads its options from its table" {
    setup_base
    "$KB" load "$FIXTURES/mini" >/dev/null
    run "$KB" search --kind source globex -comment
    [ "$status" -eq 0 ]
    [[ "$output" == *"globex-note"* ]]
    run "$KB" search -n 1 acme
    [ "$status" -eq 0 ]
    [ "$(printf '%s\n' "$output" | grep -c '^[a-z]')" -le 1 ]
    run "$KB" search -n1 acme
    [ "$status" -eq 0 ]
    run "$KB" search acme --kind=claim
    [ "$status" -eq 0 ]
    [[ "$output" == claim* ]]
    run "$KB" search acme --limt 3
    [ "$status" -eq 2 ]
    [[ "$output" == *"did you mean '--limit'?"* ]]
}

@test "--help asks for help only as an option, not as another option's value" {
    setup_base
    run "$KB" sql --help
    [ "$status" -eq 0 ]
    [[ "$output" == "kb sql: "* ]]
    run "$KB" sql -h
    [[ "$output" == "kb sql: "* ]]
    run "$KB" sql --format tsv --no-header --null --help "SELECT NULL AS x"
    [ "$status" -eq 0 ]
    [ "$output" = "--help" ]
    run "$KB" search -h
    [[ "$output" == "kb search: "* ]]
    run "$KB" search -- --help
    [ "$status" -eq 0 ]
    [[ "$output" != *"usage:"* ]]
}

@test "the kinds --kind takes are the kinds search reports, named as before" {
    setup_base
    "$KB" load "$FIXTURES/mini" >/dev/null
    run "$KB" search --format json acme
    [ "$status" -eq 0 ]
    kinds=$(grep -o '"kind":"[a-z]*"' <<<"$output" | sort -u | tr '\n' ' ')
    # Roadrunner 1 says no Acme, but Acme developed it
    [ "$kinds" = '"kind":"asset" "kind":"claim" "kind":"company" "kind":"debate" "kind":"model" "kind":"source" ' ]
    for k in company model asset claim debate source; do
        run "$KB" search --format json --kind "$k" acme
        [ "$status" -eq 0 ]
        [ "$(grep -o '"kind":"[a-z]*"' <<<"$output" | sort -u)" = "\"kind\":\"$k\"" ] ||
            { echo "--kind $k: $output"; false; }
    done
    run "$KB" search --kind planet acme
    [ "$status" -eq 2 ]
    [[ "$output" == *"--kind takes entity, company, model, asset, claim, debate or source, not 'planet'"* ]]
}
