#!/usr/bin/env bats
# Nothing is lost on the way in or out: a feed's items are told apart by their
# id, then by URL; the text hash finds copies of one article, never merges
# short texts; what kb stores, its export restores.

load helpers

CORPORA="$BATS_TEST_DIRNAME/../../../shared/corpora"

setup() { setup_base; }

# A feed of four items that share one short description.
boilerplate_feed() {
    cat > "$1" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example Wire</title><link>https://wire.example/</link>
<item><title>Meta opens a data center</title><link>https://wire.example/a</link><description>Read more on our site.</description></item>
<item><title>Amazon raises capex</title><link>https://wire.example/b</link><description>Read more on our site.</description></item>
<item><title>Oracle signs a deal</title><guid isPermaLink="false">item-3</guid><description>Read more on our site.</description></item>
<item><title>Nvidia ships chips</title><guid isPermaLink="false">item-4</guid><description>Read more on our site.</description></item>
</channel></rss>
EOF
}

@test "items that share a short text are as many sources as the feed has items" {
    boilerplate_feed feed.xml
    run "$KB" ingest feed.xml
    [ "$status" -eq 0 ]
    [[ "$output" == *"4 documents: 4 stored"* ]]
    [ "$(count sources)" -eq 4 ]
    # read again: each is found by its id or its URL, none stored twice
    run "$KB" ingest feed.xml
    [ "$status" -eq 0 ]
    [[ "$output" == *"4 documents: 0 stored, 0 updated, 4 already there"* ]]
    [ "$(count sources)" -eq 4 ]
}

@test "a feed item's id is stored and shown, and tells it apart where its text does not" {
    boilerplate_feed feed.xml
    "$KB" ingest feed.xml >/dev/null
    [ "$(sqlite3 kb.db "SELECT count(*) FROM sources WHERE guid IN ('item-3', 'item-4')")" -eq 2 ]
    slug=$(sqlite3 kb.db "SELECT slug FROM sources WHERE guid = 'item-3'")
    run "$KB" show "$slug"
    [ "$status" -eq 0 ]
    [[ "$output" == *"guid               item-3"* ]]
    run "$KB" show --format json "$slug"
    [[ "$output" == *'"guid":"item-3"'* ]]
    # the same item, its title changed: found by its id, updated with --update
    sed -i 's|Oracle signs a deal|Oracle signs a bigger deal|' feed.xml
    run "$KB" ingest --update feed.xml
    [ "$status" -eq 0 ]
    [[ "$output" == *"4 documents: 0 stored, 4 updated"* ]]
    [ "$(count sources)" -eq 4 ]
    [ "$(sqlite3 kb.db "SELECT title FROM sources WHERE guid = 'item-3'")" = "Oracle signs a bigger deal" ]
}

@test "an id that is no URL belongs to its feed: two feeds' item 1 are two sources" {
    for f in one two; do
        cat > "$f.xml" <<EOF
<?xml version="1.0"?>
<rss version="2.0"><channel><title>Feed $f</title>
<item><title>Item of feed $f</title><guid isPermaLink="false">1</guid><description>Read more.</description></item>
</channel></rss>
EOF
    done
    run "$KB" ingest one.xml two.xml
    [ "$status" -eq 0 ]
    [[ "$output" == *"2 stored"* ]]
    # an id that is a URL or a URN is the item's wherever it is read
    cat > three.xml <<'EOF'
<?xml version="1.0"?>
<rss version="2.0"><channel><title>Feed three</title>
<item><title>Shared</title><guid>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</guid><description>Read more.</description></item>
</channel></rss>
EOF
    sed 's/Feed three/Feed four/' three.xml > four.xml
    run "$KB" ingest three.xml four.xml
    [[ "$output" == *"2 documents: 1 stored, 0 updated, 1 already there"* ]]
}

@test "a long text is the same article wherever it is read, a short one is not" {
    words=$(for i in $(seq 1 60); do printf 'word%d ' "$i"; done)
    printf '<html><head><title>Syndicated</title><link rel="canonical" href="https://a.example/story"></head><body><article><p>%s</p></article></body></html>' "$words" > a.html
    sed 's|https://a.example/story|https://b.example/copy|' a.html > b.html
    run "$KB" ingest a.html b.html
    [ "$status" -eq 0 ]
    [[ "$output" == *"2 documents: 1 stored, 0 updated, 1 already there"* ]]
    # a note read again is found by its text and title
    echo 'A short note on capex.' > note.txt
    "$KB" ingest note.txt >/dev/null
    run "$KB" ingest note.txt
    [[ "$output" == *"1 already there"* ]]
    # a second note with the same words under another title is another note
    printf '# Another\n\nA short note on capex.\n' > other.md
    run "$KB" ingest other.md
    [[ "$output" == *"1 stored"* ]]
}

@test "ids, tags and the partial mark survive export and load" {
    boilerplate_feed feed.xml
    "$KB" ingest feed.xml >/dev/null
    sqlite3 kb.db "INSERT INTO source_tags SELECT id, 'AI' FROM sources WHERE guid = 'item-3';
                   INSERT INTO source_tags SELECT id, 'Cloud' FROM sources WHERE guid = 'item-3';
                   UPDATE sources SET partial = 1 WHERE guid = 'item-4'"
    "$KB" export -o out 2>/dev/null
    grep -q '<guid>item-3</guid>' out/ingested/0001.xml
    grep -q '<tag>Cloud</tag>' out/ingested/0001.xml
    grep -q '<partial/>' out/ingested/0001.xml
    "$KB" --db b.db init 2>/dev/null
    run "$KB" --db b.db load out
    [ "$status" -eq 0 ]
    "$KB" --db b.db export -o out2 2>/dev/null
    diff -r out out2
    [ "$(sqlite3 b.db "SELECT group_concat(tag) FROM (SELECT tag FROM source_tags ORDER BY tag)")" = "AI,Cloud" ]
    [ "$(sqlite3 b.db "SELECT guid FROM sources WHERE partial = 1")" = item-4 ]
    # loading again changes nothing; a file without the tags drops them
    run "$KB" --db b.db load out
    [[ "$output" == *"0 added, 0 updated"* ]]
    sed -i '/<tag>/d' out/ingested/0001.xml
    "$KB" --db b.db load out >/dev/null
    [ "$(sqlite3 b.db "SELECT count(*) FROM source_tags")" -eq 0 ]
}

@test "kb search --tag finds the sources of a category, with or without words" {
    boilerplate_feed feed.xml
    "$KB" ingest feed.xml >/dev/null
    sqlite3 kb.db "INSERT INTO source_tags SELECT id, 'Cloud' FROM sources WHERE guid = 'item-3'"
    run "$KB" search --format csv --tag cloud
    [ "$status" -eq 0 ]
    [ "$(tail -n +2 <<<"$output" | wc -l)" -eq 1 ]
    [[ "$output" == *"Oracle signs a deal"* ]]
    run "$KB" search --format csv --tag Cloud read more
    [ "$(tail -n +2 <<<"$output" | wc -l)" -eq 1 ]
    run "$KB" search --format csv read more
    [ "$(tail -n +2 <<<"$output" | wc -l)" -eq 4 ]
    # claims and entities have no tags: a tag leaves them out
    out=$("$KB" search --format json --kind claim --tag cloud read 2>/dev/null)
    [ "$out" = "[]" ]
    run "$KB" search --tag nowhere
    [ "$status" -eq 0 ]
    [[ "$output" == *"no source has the tag 'nowhere'"* ]]
}

@test "a partial source says so in search, in show and in a brief's footnotes" {
    "$KB" load "$FIXTURES/mini" >/dev/null
    sqlite3 kb.db "UPDATE sources SET partial = 1 WHERE slug = 'daily-acme'"
    run "$KB" search --kind source --format json acme
    [[ "$output" == *'"id":"daily-acme"'*'"partial":true'* ]]
    run "$KB" search --kind source acme
    [[ "$output" == *"daily-acme"*"(partial)"* ]]
    run "$KB" show daily-acme
    [[ "$output" == *"partial            yes"* ]]
    run "$KB" brief acme
    [ "$status" -eq 0 ]
    [[ "$output" == *"Partial: the page showed part of the article only."* ]]
}

@test "every real page and feed kb stores, its export loads back and exports the same" {
    [ -d "$CORPORA/extraction/dev" ] || skip "no corpus beside the tree"
    run "$KB" ingest "$CORPORA/extraction/dev/html"
    [ "$status" -eq 0 ]
    run "$KB" ingest "$CORPORA/feeds"
    n=$(count sources)
    [ "$n" -gt 200 ]
    run "$KB" export -o out
    [ "$status" -eq 0 ]
    "$KB" --db b.db init 2>/dev/null
    run "$KB" --db b.db load out
    [ "$status" -eq 0 ]
    [ "$(sqlite3 b.db 'SELECT count(*) FROM sources')" -eq "$n" ]
    "$KB" --db b.db export -o out2 2>/dev/null
    diff -r out out2
    # every stored field of every source, not only what the files show
    q="SELECT slug, source_type, url, title, publisher, author, published, published_raw,
       updated, retrieved, lang, description, text, text_hash, ingested_from, guid, partial
       FROM sources ORDER BY slug"
    [ "$(sqlite3 kb.db "$q" | sha256sum)" = "$(sqlite3 b.db "$q" | sha256sum)" ]
    # languages are BCP 47
    [ "$(sqlite3 b.db "SELECT count(*) FROM sources WHERE lang GLOB '*_*'")" -eq 0 ]
}
