#!/usr/bin/env bats
# The build: what it needs is named, and it follows its own folder.

load helpers

ROOT="$BATS_TEST_DIRNAME/../.."

@test "a missing library is named as the Debian package to install, before anything is compiled" {
    run make -s -C "$ROOT" BUILD="$BATS_TEST_TMPDIR/b" \
        NEEDED_HEADERS="sqlite3.h:libsqlite3-dev nosuch/none.h:libnosuch-dev"
    [ "$status" -ne 0 ]
    [[ "$output" == *"the build needs these Debian packages: libnosuch-dev"* ]]
    [[ "$output" == *"apt-get install -y libnosuch-dev"* ]]
    [[ "$output" != *"libsqlite3-dev"* ]]
    [ ! -e "$BATS_TEST_TMPDIR/b/obj" ]
}

@test "header dependencies come from the compiler" {
    d="$ROOT/${KB_BUILD:-build}/obj/kb/utf8.d"
    [ -s "$d" ]
    grep -q 'include/kb/utf8.h' "$d"
    grep -q '^include/kb/utf8.h:' "$d"   # -MP: a removed header does not break the build
}

@test "every target follows BUILD: nothing is written to another folder" {
    run make -n -C "$ROOT" BUILD=elsewhere/b all test asan valgrind fuzz-run bench clean
    [ "$status" -eq 0 ]
    [[ "$output" == *"elsewhere/b/kb"* ]]
    run grep -E '(^|[ =/"])build/' <<<"$output"
    [ "$status" -eq 1 ] || { echo "$output"; false; }
}

@test "one list of Debian packages, read by the Makefile and by CI" {
    run make -n -C "$ROOT" deps
    [ "$status" -eq 0 ]
    n=0
    while read -r p; do
        [ -n "$p" ] || continue
        [[ "$output" == *" $p "* || "$output" == *" $p;"* ]] || { echo "make deps lacks $p"; false; }
        n=$((n + 1))
    done < <(sed 's/#.*//' "$ROOT/.ci/packages")
    [ "$n" -ge 10 ]
    grep -q '\.ci/packages' "$ROOT/.ci/run"
}
