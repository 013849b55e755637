#!/usr/bin/env bats
# Help, the man page, install and completion.

load helpers

ROOT="$BATS_TEST_DIRNAME/../.."

@test "kb help, kb help COMMAND and kb COMMAND --help, with examples" {
    run "$KB" help
    [ "$status" -eq 0 ]
    for c in init load ingest extract search show brief sql rm export check reindex stats schema help; do
        [[ "$output" == *"  $c "* ]] || { echo "missing $c"; false; }
        run "$KB" help "$c"
        [ "$status" -eq 0 ]
        [[ "$output" == *"usage: kb"* && "$output" == *"Examples:"*"kb $c"* ]] || { echo "$c: $output"; false; }
        [ "$("$KB" "$c" --help)" = "$output" ]
        run "$KB" help
    done
}

@test "a mistyped command or option says what was meant, exit 2" {
    setup_base
    run "$KB" serch meta
    [ "$status" -eq 2 ]
    [[ "$output" == *"did you mean 'search'?"* ]]
    run "$KB" breif meta
    [[ "$output" == *"did you mean 'brief'?"* ]]
    run "$KB" stats --formt json
    [ "$status" -eq 2 ]
    [[ "$output" == *"kb help stats"* ]]
}

@test "the man page is rendered from Markdown and reads well" {
    [ -s "$ROOT/${KB_BUILD:-build}/kb.1" ] || "$KB" help --man > "$BATS_TEST_TMPDIR/kb.1"
    page="$ROOT/${KB_BUILD:-build}/kb.1"
    [ -s "$page" ] || page="$BATS_TEST_TMPDIR/kb.1"
    run head -1 "$page"
    [[ "$output" == ".TH KB 1 "* ]]
    command -v man >/dev/null || skip "man is not installed"
    run env MANWIDTH=80 man -l "$page"
    [ "$status" -eq 0 ]
    for word in NAME SYNOPSIS COMMANDS OPTIONS ENVIRONMENT FILES "EXIT STATUS" KB_DB NO_COLOR; do
        [[ "$output" == *"$word"* ]] || { echo "missing $word"; false; }
    done
    for c in init load ingest extract search show brief sql rm export check reindex stats schema; do
        [[ "$output" == *"   $c"* ]] || { echo "missing command $c"; false; }
    done
}

@test "make install into a DESTDIR, run from elsewhere, make uninstall removes exactly that" {
    dest="$BATS_TEST_TMPDIR/root"
    make -s -C "$ROOT" install DESTDIR="$dest" PREFIX=/usr BUILD="${KB_BUILD:-build}" >/dev/null
    [ -x "$dest/usr/bin/kb" ]
    [ -s "$dest/usr/share/man/man1/kb.1" ]
    [ -s "$dest/usr/share/bash-completion/completions/kb" ]
    mkdir "$BATS_TEST_TMPDIR/elsewhere" && cd "$BATS_TEST_TMPDIR/elsewhere"
    run "$dest/usr/bin/kb" --db here.db init
    [ "$status" -eq 0 ]
    run "$dest/usr/bin/kb" --db here.db stats --format json
    [[ "$output" == *'"claims":0'* ]]
    make -s -C "$ROOT" uninstall DESTDIR="$dest" PREFIX=/usr >/dev/null
    [ -z "$(find "$dest" -type f)" ]
}

@test "bash completion completes commands, options and slugs" {
    setup_base
    "$KB" load "$FIXTURES/mini" >/dev/null
    mkdir -p bin && ln -sf "$KB" bin/kb
    run env PATH="$PWD/bin:$PATH" bash -c "
        source '$ROOT/kb/cli/kb.bash'
        COMP_WORDS=(kb se); COMP_CWORD=1; _kb; echo \"\${COMPREPLY[*]}\"
        COMP_WORDS=(kb search --ki); COMP_CWORD=2; _kb; echo \"\${COMPREPLY[*]}\"
        COMP_WORDS=(kb brief ac); COMP_CWORD=2; _kb; echo \"\${COMPREPLY[*]}\""
    [ "${lines[0]}" = "search" ]
    [ "${lines[1]}" = "--kind" ]
    [[ "${lines[2]}" == *"acme"* && "${lines[2]}" == *"acme-retreat"* ]]
}

@test "colors: never when piped or with NO_COLOR; --color=always wins" {
    setup_base
    "$KB" load "$FIXTURES/mini" >/dev/null
    run "$KB" search retreat
    [ "$status" -eq 0 ]
    [[ "$output" == *retreat* && "$output" != *$'\033'* ]]
    run env NO_COLOR=1 "$KB" --color=always search retreat
    [[ "$output" == *$'\033['* ]]
    run "$KB" --color=never search retreat
    [ "$status" -eq 0 ]
    [[ "$output" == *retreat* && "$output" != *$'\033'* ]]
    run "$KB" --color=sometimes stats
    [ "$status" -eq 2 ]
}

@test "a mistyped option names the closest one; a missing value says so" {
    setup_base
    run "$KB" stats --formt json
    [ "$status" -eq 2 ]
    [[ "$output" == *"unknown option '--formt'; did you mean '--format'?"* ]]
    run "$KB" search cloud --limt 3
    [ "$status" -eq 2 ]
    [[ "$output" == *"did you mean '--limit'?"* ]]
    run "$KB" brief --as-of
    [ "$status" -eq 2 ]
    [[ "$output" == *"--as-of needs a value"* ]]
}
