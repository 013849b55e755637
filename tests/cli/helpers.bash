# Shared by the CLI tests. $KB is the binary under test (make test sets it).
: "${KB:=$BATS_TEST_DIRNAME/../../build/kb}"
FIXTURES="$BATS_TEST_DIRNAME/../fixtures"
DATA="$BATS_TEST_DIRNAME/../../data"

setup_base() {
    cd "$BATS_TEST_TMPDIR"
    export KB_DB="$BATS_TEST_TMPDIR/kb.db"
    unset NO_COLOR
    "$KB" init 2>/dev/null
}

# A fingerprint of everything the base holds, to show that nothing changed.
base_digest() {
    sqlite3 "${1:-$KB_DB}" .dump | sha256sum | cut -d' ' -f1
}

# Checks every FTS index and the file itself.
assert_integrity() {
    local db="${1:-$KB_DB}"
    [ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ]
    for t in entities_fts sources_fts claims_fts debates_fts; do
        sqlite3 "$db" "INSERT INTO $t($t, rank) VALUES ('integrity-check', 1)"
    done
}

count() {
    sqlite3 "$KB_DB" "SELECT count(*) FROM $1"
}

# Tests that run thousands of kb processes or huge inputs are skipped under
# valgrind (make valgrind), where each run is ten to fifty times slower; the
# sanitizer build (make asan) runs them all.
skip_if_valgrind() {
    [ -z "${KB_VALGRIND:-}" ] || skip "too slow under valgrind; make asan runs it"
}

# Fails unless grep reads its file and finds no matching line: status 1. (A bare
# "! grep" on a line that is not a test's last never fails: errexit ignores it.)
refute_grep() {
    run grep "$@"
    [ "$status" -eq 1 ] || { echo "expected no match: grep $* (status $status) ${output:0:300}"; return 1; }
}
