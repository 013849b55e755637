#!/usr/bin/env bats
# Parsers and stores in bounded time and memory: what each stores, or how it
# refuses, at its limit. (How their time grows is shown by make bench.)

load helpers

setup() {
    setup_base
}

# n feed items, each with the title given and a link of its own.
same_title_feed() {
    python3 - "$1" "$2" <<'PY'
import sys
n, title = int(sys.argv[1]), sys.argv[2]
items = "".join(f"<item><title>{title}</title><link>https://example.com/{i}</link>"
                f"<description>Item {i}.</description></item>" for i in range(n))
print(f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{items}</channel></rss>')
PY
}

@test "10,001 feed items with one title are all stored, and a rerun adds and loses nothing" {
    skip_if_valgrind
    same_title_feed 10001 "One title" > feed.xml
    run "$KB" ingest feed.xml
    [ "$status" -eq 0 ] || { echo "$output"; false; }
    [ "$(count sources)" -eq 10001 ]
    [ "$(sqlite3 "$KB_DB" 'SELECT count(DISTINCT slug) FROM sources')" -eq 10001 ]
    before=$(base_digest)
    run "$KB" ingest feed.xml
    [ "$status" -eq 0 ] || { echo "$output"; false; }
    [ "$(base_digest)" = "$before" ]
    assert_integrity
}

@test "a slug's numeric suffix goes on from the largest one already stored" {
    same_title_feed 3 "One title" > a.xml
    "$KB" ingest a.xml
    python3 - > b.xml <<'PY'
items = "".join(f"<item><title>One title</title><link>https://example.com/b{i}</link>"
                f"<description>Other {i}.</description></item>" for i in range(2))
print(f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{items}</channel></rss>')
PY
    run "$KB" ingest b.xml
    [ "$status" -eq 0 ] || { echo "$output"; false; }
    [ "$(sqlite3 "$KB_DB" "SELECT group_concat(slug, ' ') FROM (SELECT slug FROM sources ORDER BY id)")" = \
      "example-one-title example-one-title-2 example-one-title-3 example-one-title-4 example-one-title-5" ]
}
