#!/usr/bin/env bats
# Backups that restore: kb export leaves exactly the new export or nothing,
# and what kb stores is what its own grammar loads.

load helpers
bats_require_minimum_version 1.5.0

setup() { setup_base; }

# No directory kb made for its own work is left beside the export.
assert_no_temp_dir() {
    run bash -c "ls -A '$BATS_TEST_TMPDIR' | grep -c kb-export"
    [ "$output" = 0 ] || { ls -A "$BATS_TEST_TMPDIR"; return 1; }
}

# Counts of what a base holds, one line.
counts() {
    sqlite3 "$1" "SELECT (SELECT count(*) FROM entities), (SELECT count(*) FROM sources),
        (SELECT count(*) FROM claims), (SELECT count(*) FROM citations),
        (SELECT count(*) FROM debates), (SELECT count(*) FROM relations),
        (SELECT count(*) FROM aliases)"
}

# Exports the base into backup, loads it into a fresh base, and checks that
# both hold as many things of each kind.
assert_restores() {
    run "$KB" export -o backup
    [ "$status" -eq 0 ] || { echo "$output"; return 1; }
    rm -f fresh.db fresh.db-wal fresh.db-shm
    "$KB" --db fresh.db init 2>/dev/null
    run "$KB" --db fresh.db load backup
    [ "$status" -eq 0 ] || { echo "$output"; return 1; }
    [ "$(counts fresh.db)" = "$(counts kb.db)" ]
}

# Fails when any text the base holds has a control character other than tab
# and newline, a C1 control, or ill-formed UTF-8.
assert_clean_base() {
    sqlite3 "$1" .dump > dump.sql
    iconv -f UTF-8 -t UTF-8 dump.sql > /dev/null
    # .dump writes a control character inside a value as char(N) or as itself
    refute_grep -P '[\x01-\x08\x0B\x0C\x0E-\x1F\x7F]|\xC2[\x80-\x9F]' dump.sql
    refute_grep -E "char\((1|2|3|4|5|6|7|8|11|12|14|15|16|17|18|19|2[0-9]|3[01]|127)[,)]" dump.sql
}

@test "an export into an earlier export leaves exactly the new one: what was removed does not come back" {
    "$KB" load "$FIXTURES/mini" >/dev/null
    "$KB" export -o backup 2>/dev/null
    [ -f backup/relations.xml ]
    run "$KB" rm --cascade globex
    [ "$status" -eq 0 ]
    run "$KB" export -o backup
    [ "$status" -eq 0 ]
    [ ! -e backup/relations.xml ]
    refute_grep -rq 'slug="globex"' backup
    assert_no_temp_dir
    assert_restores
    [ "$(sqlite3 fresh.db "SELECT count(*) FROM entities WHERE slug = 'globex'")" = 0 ]
}

@test "an export is marked by its manifest, which lists every file it wrote" {
    "$KB" load "$FIXTURES/mini" >/dev/null
    "$KB" export -o backup 2>/dev/null
    head -1 backup/kb-export.txt | grep -q '^kb export 1'
    (cd backup && find . -type f ! -name kb-export.txt | sed 's|^\./||' | sort) > found
    tail -n +2 backup/kb-export.txt | sort > listed
    diff found listed
}

@test "export refuses a non-empty directory it did not make, and touches nothing in it" {
    "$KB" load "$FIXTURES/mini" >/dev/null
    mkdir mine && echo "my own notes" > mine/notes.txt
    run "$KB" export -o mine
    [ "$status" -eq 1 ]
    [[ "$output" == *"mine: is not empty and is no earlier export"* ]]
    [ "$(ls -A mine)" = notes.txt ]
    [ "$(cat mine/notes.txt)" = "my own notes" ]
    assert_no_temp_dir
    # a file of one's own in an earlier export is named, clean, and kept
    "$KB" export -o backup 2>/dev/null
    touch backup/$'evil\e]0;x\a.txt'
    run "$KB" export -o backup
    [ "$status" -eq 1 ]
    [[ "$output" == *"holds 'evil ]0;x .txt', which kb export did not write"* ]]
    [ -e backup/$'evil\e]0;x\a.txt' ]
}

@test "export refuses an earlier export that holds a file of someone else's, naming it" {
    "$KB" load "$FIXTURES/mini" >/dev/null
    "$KB" export -o backup 2>/dev/null
    echo "<kb/>" > backup/claims/mine.xml
    before=$(cd backup && find . -type f -exec sha256sum {} + | sort)
    run "$KB" export -o backup
    [ "$status" -eq 1 ]
    [[ "$output" == *"holds 'claims/mine.xml', which kb export did not write"* ]]
    [ "$(cd backup && find . -type f -exec sha256sum {} + | sort)" = "$before" ]
    assert_no_temp_dir
}

@test "export refuses a file in place of the directory" {
    echo keep > afile
    run "$KB" export -o afile
    [ "$status" -eq 1 ]
    [[ "$output" == *"afile: is not a directory"* ]]
    [ "$(cat afile)" = keep ]
}

@test "export fills an empty directory, and through a symlink replaces the export it leads to" {
    "$KB" load "$FIXTURES/mini" >/dev/null
    mkdir empty
    run "$KB" export -o empty
    [ "$status" -eq 0 ]
    [ -f empty/companies.xml ] && [ -f empty/kb-export.txt ]
    mkdir -p disk && "$KB" export -o disk/backup 2>/dev/null
    ln -s disk/backup link
    "$KB" rm --cascade globex >/dev/null
    run "$KB" export -o link
    [ "$status" -eq 0 ]
    [ -L link ]
    [ ! -e disk/backup/relations.xml ]
    run bash -c "ls -A disk | grep -c kb-export"
    [ "$output" = 0 ]
}

@test "a new export has a new directory's mode, and a replaced one keeps its own" {
    "$KB" load "$FIXTURES/mini" >/dev/null
    (umask 022 && "$KB" export -o backup 2>/dev/null)
    [ "$(stat -c %a backup)" = 755 ]
    chmod 700 backup
    run "$KB" export -o backup
    [ "$status" -eq 0 ]
    [ "$(stat -c %a backup)" = 700 ]
}

@test "a failed export leaves the earlier one as it was and no half of the new one" {
    python3 -c "print('<kb><company slug=\"big\"><name>Big</name><description>' + 'word ' * 40000 + '</description></company></kb>')" > big.xml
    "$KB" export -o backup 2>/dev/null   # an empty base: an export with no data file
    before=$(cd backup && find . -type f -exec sha256sum {} + | sort)
    "$KB" load big.xml >/dev/null
    # companies.xml is larger than the 100 KiB a file may be here
    run bash -c "trap '' XFSZ; ulimit -f 100; '$KB' export -o backup"
    [ "$status" -eq 1 ]
    [[ "$output" == *"backup/companies.xml: write failed: File too large"* ]]
    [[ "$output" != *"wrote"* ]]
    [ "$(cd backup && find . -type f -exec sha256sum {} + | sort)" = "$before" ]
    assert_no_temp_dir
    # and a new directory is not made at all
    run bash -c "trap '' XFSZ; ulimit -f 100; '$KB' export -o new"
    [ "$status" -eq 1 ]
    [ ! -e new ]
    assert_no_temp_dir
}

@test "export fails, naming what, rather than write a file kb load refuses" {
    "$KB" load "$FIXTURES/mini" >/dev/null
    "$KB" export -o backup 2>/dev/null
    before=$(cd backup && find . -type f -exec sha256sum {} + | sort)
    # values no path of kb stores, written behind its back
    run "$KB" sql --write "UPDATE entities SET name = 'Acme' || char(27) || '[2J' WHERE slug = 'acme'"
    [ "$status" -eq 0 ]
    run "$KB" sql --write "UPDATE claims SET as_of = '2023-02-30' WHERE slug = 'acme-retreat'"
    [ "$status" -eq 0 ]
    run "$KB" sql --write "UPDATE sources SET lang = 'not a language' WHERE slug = (SELECT min(slug) FROM sources)"
    [ "$status" -eq 0 ]
    run --separate-stderr "$KB" export -o backup
    [ "$status" -eq 1 ]
    [[ "$stderr" == *"company 'acme': name holds a control character"* ]]
    [[ "$stderr" == *"claim 'acme-retreat': as-of is '2023-02-30', no real date"* ]]
    [[ "$stderr" == *"sources.xml:"*"lang"* ]]
    [[ "$stderr" == *"backup: not exported"*"the directory is as it was"* ]]
    [[ "$stderr" != *$'\e'* ]]
    [ "$(cd backup && find . -type f -exec sha256sum {} + | sort)" = "$before" ]
    run "$KB" export -o new
    [ "$status" -eq 1 ]
    [ ! -e new ]
    assert_no_temp_dir
}

@test "a claim left with no citation behind kb's back stops the export" {
    "$KB" load "$FIXTURES/mini" >/dev/null
    run "$KB" sql --write "DELETE FROM citations WHERE claim_id = (SELECT id FROM claims WHERE slug = 'acme-retreat')"
    [ "$status" -eq 0 ]
    run "$KB" export -o backup
    [ "$status" -eq 1 ]
    [[ "$output" == *"claim 'acme-retreat' has no <cite>"* ]]
    [ ! -e backup ]
    assert_no_temp_dir
}

@test "a feed date past the year 9999 in UTC is kept raw, and the export loads" {
    cat > far.xml <<'XML'
<?xml version="1.0"?><rss version="2.0"><channel><title>Far</title><link>https://far.example/</link>
<item><title>The last second</title><link>https://far.example/last</link>
<pubDate>Fri, 31 Dec 9999 23:59:59 -1200</pubDate><description>Acme said something about the far future of its data centers.</description></item>
<item><title>The first day</title><link>https://far.example/first</link>
<pubDate>Mon, 01 Jan 0001 00:00:00 +0100</pubDate><description>Acme said something about the distant past of its data centers.</description></item>
</channel></rss>
XML
    run "$KB" ingest far.xml
    [ "$status" -eq 0 ]
    [ "$(sqlite3 kb.db "SELECT count(*) FROM sources WHERE published IS NULL AND published_raw = 'Fri, 31 Dec 9999 23:59:59 -1200'")" = 1 ]
    [ "$(sqlite3 kb.db "SELECT count(*) FROM sources WHERE published IS NULL AND published_raw = 'Mon, 01 Jan 0001 00:00:00 +0100'")" = 1 ]
    # given on the command line, such a date is refused
    run "$KB" ingest --published 'Fri, 31 Dec 9999 23:59:59 -1200' --url https://far.example/cli \
        "$FIXTURES/ingest/article.html"
    [ "$status" -eq 2 ]
    [[ "$output" == *"--published 'Fri, 31 Dec 9999 23:59:59 -1200' is not a date kb can read"* ]]
    assert_restores
}

@test "no control character but tab and newline is stored from any path, and the base exports and loads" {
    "$KB" load "$FIXTURES/mini" >/dev/null
    printf 'RFC 9110\n\nSection one.\f\nSection two, after a form feed.\x1b[2J\x07 And a bell.\r\n' > rfc.txt
    printf '# A note\n\nESC \x1b]52;c;aGVsbG8=\x07 in a note, \xc2\x9b2J a C1 CSI, \x7f DEL, \xff bad byte.\n' > note.md
    run "$KB" ingest rfc.txt note.md
    [ "$status" -eq 0 ]
    run "$KB" ingest --publisher $'Pub\xff\x1blisher' --slug opt-values --url 'https://opt.example/a' \
        "$FIXTURES/ingest/article.html"
    [ "$status" -eq 0 ]
    [ "$(sqlite3 kb.db "SELECT publisher FROM sources WHERE slug = 'opt-values'")" = $'Pub\xef\xbf\xbd lisher' ]
    # a data file may carry C1 controls (XML 1.0 allows them) in text and attributes
    mkdir d && printf '<kb><company slug="c1"><name>C1\xc2\x85name</name><alias>al\xc2\x9bias</alias><description>one\xc2\x80two</description></company></kb>\n' > d/c1.xml
    run "$KB" load d
    [ "$status" -eq 0 ]
    [ "$(sqlite3 kb.db "SELECT name FROM entities WHERE slug = 'c1'")" = "C1 name" ]
    assert_clean_base kb.db
    [ "$(sqlite3 kb.db "SELECT count(*) FROM sources WHERE text LIKE '%form feed%' AND instr(text, char(12)) = 0")" = 1 ]
    assert_restores
}

@test "a file's name with ill-formed UTF-8 and ESC is stored clean, and the base exports and loads" {
    mkdir notes
    printf 'A note about Acme in a badly named file.\n' > notes/$'bad\xff\x1b[2Jname.txt'
    run "$KB" ingest notes
    [ "$status" -eq 0 ]
    from=$(sqlite3 kb.db "SELECT ingested_from FROM sources WHERE origin = 'ingested'")
    [[ "$from" == *$'/notes/bad\xef\xbf\xbd [2Jname.txt' ]]
    assert_clean_base kb.db
    assert_restores
}

@test "a blank --publisher stores no publisher, and the base exports and loads" {
    run "$KB" ingest --publisher '' --slug no-publisher "$FIXTURES/ingest/article.html"
    [ "$status" -eq 0 ]
    run "$KB" ingest --publisher $' \t ' --slug blank-publisher --url https://blank.example/n "$FIXTURES/ingest/note.md"
    [ "$status" -eq 0 ]
    [ "$(sqlite3 kb.db "SELECT count(*) FROM sources WHERE publisher IS NULL")" = 2 ]
    assert_restores
}

@test "an author whose name holds the authors' separator exports and loads" {
    cat > authors.xml <<'XML'
<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Authors</title><link>https://authors.example/</link>
<item><title>One</title><link>https://authors.example/1</link><dc:creator>Ann</dc:creator><dc:creator>Bob; ; Carl</dc:creator><description>Acme said one thing about its data centers.</description></item>
<item><title>Two</title><link>https://authors.example/2</link><dc:creator>; Dan;</dc:creator><description>Acme said another thing about its data centers.</description></item>
</channel></rss>
XML
    run "$KB" ingest authors.xml
    [ "$status" -eq 0 ]
    assert_restores
    [ "$(sqlite3 fresh.db "SELECT count(*) FROM sources WHERE author LIKE '%Carl%'")" = 1 ]
}

@test "a language a page or feed declares is stored as the grammar holds it, or not at all" {
    for l in en_US EN-us English x zh-Hant-TW; do
        printf '<!DOCTYPE html><html lang="%s"><head><title>Page %s</title></head><body><article><p>Acme Cloud said on Tuesday that its new data center in %s would open next year, and Globex said nothing.</p><p>A second paragraph, with enough words in it to make this page an article of its own.</p></article></body></html>' "$l" "$l" "$l" > "page-$l.html"
    done
    cat > feed.xml <<'XML'
<?xml version="1.0"?><rss version="2.0"><channel><title>Lang</title><link>https://lang.example/</link><language>English</language>
<item><title>One</title><link>https://lang.example/1</link><description>Acme said one thing about its data centers.</description></item>
<item xml:lang="pt_BR"><title>Two</title><link>https://lang.example/2</link><description>Acme said another thing about its data centers.</description></item>
</channel></rss>
XML
    run "$KB" ingest page-*.html feed.xml
    [ "$status" -eq 0 ]
    [ "$(sqlite3 kb.db "SELECT group_concat(coalesce(lang, '-'), ' ') FROM (SELECT lang FROM sources ORDER BY slug)")" = \
      "en-US en-us - - zh-Hant-TW - pt-BR" ] || sqlite3 kb.db "SELECT slug, lang FROM sources ORDER BY slug"
    assert_restores
}

@test "every hostile fixture of the test suite, ingested, exports and loads into a fresh base: same counts" {
    skip_if_valgrind
    "$KB" load "$FIXTURES/mini" >/dev/null
    # the hostile pages hostile.bats and text.bats build, made here too
    printf '<!DOCTYPE html><html><head><title>Acme and the script</title><script>alert(1)</script></head><body><article><p onclick="x()">Acme Cloud said on Tuesday that its new data center would open next year\x1b]8;;https://evil.example\x07, and Globex \x1b[2Jsaid nothing.</p><p>More words \xff\xfe about it in a second paragraph, long enough to be an article of its own.</p></article></body></html>' > evil.html
    printf 'Title\x0c\n\nA form feed\x0c and NUL\x00 and ESC\x1b[31m red \x1b[0m and \xc0\xaf overlong.\n' > controls.txt
    mkdir named && printf 'A note in a file whose name is no text.\n' > named/$'\xc0\x1b]0;title\x07.md'
    printf '# Heading \xef\xbf\xbe\n\nNoncharacters \xef\xbf\xbf, a lone surrogate \xed\xa0\x80, a C1 \xc2\x9d end.\n' > noncharacters.md
    cat > far.xml <<'XML'
<?xml version="1.0"?><rss version="2.0"><channel><title>Far</title><link>https://far.example/</link>
<item><title>The last second</title><link>https://far.example/last</link><pubDate>Fri, 31 Dec 9999 23:59:59 -1200</pubDate><description>Far future text about Acme.</description></item>
<item><title>Year zero</title><link>https://far.example/zero</link><pubDate>Sat, 01 Jan 0000 00:00:00 GMT</pubDate><description>Year zero text about Acme.</description></item>
<item><title>&#x85;C1 in a title</title><link>https://far.example/c1</link><pubDate>Tue, 23 Jul 2024 10:30:00 GMT</pubDate><description>A C1 &#x9b;2J control in a feed.</description></item>
</channel></rss>
XML
    run "$KB" ingest "$FIXTURES/ingest" "$FIXTURES/feeds" "$FIXTURES/html" "$FIXTURES/bad" \
        evil.html controls.txt noncharacters.md far.xml named
    [ "$status" -le 1 ]
    [[ "$output" == *"stored"* ]]
    [ "$(sqlite3 kb.db "SELECT count(*) FROM sources WHERE origin = 'ingested'")" -ge 20 ]
    assert_clean_base kb.db
    assert_restores
    assert_clean_base fresh.db
    # and the restored base exports the same files again
    "$KB" --db fresh.db export -o again 2>/dev/null
    diff -r backup again
}
