#!/usr/bin/env bats
# Crashes and concurrent use lose nothing.

load helpers

ROOT="$BATS_TEST_DIRNAME/../.."

setup() {
    setup_base
    "$KB" load "$DATA" >/dev/null
}

corpus() {   # corpus N: N generated pages under ./pages-N
    [ -d "pages-$1" ] || python3 "$ROOT/tests/bench/gen_corpus.py" "gen-$1" "$1" && mv "gen-$1/pages" "pages-$1"
}

@test "kill -9 during kb ingest, ten times: the base stays sound, nothing reported stored is lost, a rerun completes with no duplicates" {
    skip_if_valgrind
    corpus 3000
    for round in 1 2 3 4 5 6 7 8 9 10; do
        "$KB" ingest -v --batch 200 pages-3000 > "out-$round" 2>/dev/null &
        pid=$!
        sleep "0.$((RANDOM % 9 + 1))"
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        assert_integrity
        # every source reported stored is there
        grep '^stored' "out-$round" | awk '{print $2}' > reported || true
        if [ -s reported ]; then
            while read -r slug; do
                [ "$(sqlite3 kb.db "SELECT count(*) FROM sources WHERE slug = '$slug'")" = 1 ] || { echo "lost $slug"; false; }
            done < reported
        fi
    done
    run "$KB" ingest pages-3000
    [ "$status" -eq 0 ]
    [ "$(sqlite3 kb.db "SELECT count(*) FROM sources WHERE origin = 'ingested'")" = 3000 ]
    [ "$(sqlite3 kb.db "SELECT count(DISTINCT url) FROM sources WHERE origin = 'ingested'")" = 3000 ]
    assert_integrity
    run "$KB" check --quiet
    [ "$status" -eq 0 ]
}

@test "kill -9 during kb load: all or nothing" {
    skip_if_valgrind
    rm -f kb.db*
    "$KB" init 2>/dev/null
    empty=$(base_digest)
    "$KB" --db full.db init 2>/dev/null
    "$KB" --db full.db load "$DATA" >/dev/null
    full=$(base_digest full.db)
    for round in 1 2 3 4 5 6 7 8 9 10; do
        rm -f kb.db*
        "$KB" init 2>/dev/null
        "$KB" load "$DATA" >/dev/null 2>&1 &
        pid=$!
        sleep "0.0$((RANDOM % 9))"
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        assert_integrity
        now=$(base_digest)
        [ "$now" = "$empty" ] || [ "$now" = "$full" ] || { echo "round $round: half-loaded"; false; }
    done
}

@test "searches, briefs and SQL reads run while an ingest writes: none sees a locked base" {
    skip_if_valgrind
    corpus 2000
    "$KB" ingest --batch 100 pages-2000 > ingest.out 2>&1 &
    writer=$!
    fails=0
    while kill -0 "$writer" 2>/dev/null; do
        "$KB" search --format json cloud > /dev/null 2> err || { cat err; fails=$((fails + 1)); }
        "$KB" brief meta --as-of 2026-11-28 > /dev/null 2> err || { cat err; fails=$((fails + 1)); }
        "$KB" sql --format csv "SELECT count(*) FROM sources; SELECT count(*) FROM sources_fts WHERE sources_fts MATCH 'capacity'" > /dev/null 2> err || { cat err; fails=$((fails + 1)); }
    done
    wait "$writer"
    [ "$fails" -eq 0 ]
    refute_grep -qi "locked" ingest.out
    assert_integrity
}

@test "two writers at once wait for each other instead of failing" {
    skip_if_valgrind
    corpus 2000
    mkdir a b
    mv pages-2000/000 a/ && mv pages-2000/001 b/
    "$KB" ingest --batch 50 a > a.out 2>&1 &
    p1=$!
    "$KB" ingest --batch 50 b > b.out 2>&1 &
    p2=$!
    wait "$p1"
    wait "$p2"
    grep -q "1000 stored" a.out
    grep -q "1000 stored" b.out
    [ "$(sqlite3 kb.db "SELECT count(*) FROM sources WHERE origin = 'ingested'")" = 2000 ]
    assert_integrity
}
