#!/usr/bin/env bats
# Hostile text in the base comes out of every --format of every command as
# the same text: a JSON parser, an RFC 4180 reader and cmark-gfm each read
# back exactly what the base holds, and no Markdown element, link or HTML of
# the text's making appears.

load helpers
bats_require_minimum_version 1.5.0

# cmark-gfm's reading of Markdown: the texts of its blocks and cells, and the
# nodes kb never means to write (tests/test_md.c, built by make test)
MD_READER="$BATS_TEST_DIRNAME/../../${KB_BUILD:-build}/tests/test_md"

HOSTILE=(
    $'zebra | pipe | cell'
    $'zebra *stars* _under_ `code` **bold** ~~strike~~'
    $'<script>alert("zebra")</script> <b onclick="x()">b</b>'
    $'[zebra](javascript:alert(1)) ![i](http://e.example/i.png)'
    $'zebra line one\nline two\r\nthree'
    $'zebra\ttab and "quotes", commas, \'single\''
    $'zebra controls \x01\x07\x1b[31m red \x7f'
    $'# zebra heading'
    $'1. zebra list'
    $'- zebra bullet'
    $'> zebra quote'
    $' zebra leading and trailing '
    $'zebra &amp; &lt;b&gt; &#65; back\\slash \\*'
)

setup() {
    setup_base
    "$KB" load "$FIXTURES/mini" >/dev/null
    [ -x "$MD_READER" ]
    run "$KB" sql --write \
        --param name=$'Zebra | *Co* <i>x</i>\ttab' --param desc=$'1. zebra [x](javascript:y)\nmore' \
        "INSERT INTO entities(slug, kind, name, description) VALUES ('zebra-co', 'company', :name, :desc)"
    [ "$status" -eq 0 ]
    run "$KB" sql --write --param title=$'zebra <script>x</script> | "t", *i*' \
        "INSERT INTO sources(slug, source_type, title, publisher, url) VALUES
         ('zebra-src', 'article', :title, 'Pub & <Co>', 'javascript:alert(1)')"
    [ "$status" -eq 0 ]
    local i=0
    for h in "${HOSTILE[@]}"; do
        run "$KB" sql --write --param slug="zebra-$i" --param text="$h" \
            "INSERT INTO claims(slug, subject_id, topic, claim_kind, stance, statement, asserted_by, as_of)
             VALUES (:slug, (SELECT id FROM entities WHERE slug = 'zebra-co'), 'zebra', 'report',
                     'bullish', :text, :text, '2026-01-01')"
        [ "$status" -eq 0 ]
        run "$KB" sql --write --param slug="zebra-$i" --param text="$h" \
            "INSERT INTO citations(claim_id, source_id, quote) VALUES
             ((SELECT id FROM claims WHERE slug = :slug), (SELECT id FROM sources WHERE slug = 'zebra-src'), :text)"
        [ "$status" -eq 0 ]
        i=$((i + 1))
    done
}

# reads: FORMAT (json, csv, tsv, md-cells, md-text) and the output on stdin;
# the texts that must come back are what the base holds for SQL on argv.
parses_back() {
    local format=$1 sql=$2 out
    out=$(mktemp "$BATS_TEST_TMPDIR/out.XXXXXX")
    cat > "$out"
    [ -s "$out" ]
    python3 - "$format" "$KB_DB" "$sql" "$out" "$MD_READER" <<'PY'
import csv, io, json, sqlite3, subprocess, sys
fmt, db, sql, path, reader = sys.argv[1:]
want = [r[0] for r in sqlite3.connect(db).execute(sql) if r[0] is not None]
assert want, "nothing to look for"
raw = open(path, "rb").read().decode("utf-8")

def strings(v):
    if isinstance(v, str):
        yield v
    elif isinstance(v, dict):
        for x in v.values():
            yield from strings(x)
    elif isinstance(v, list):
        for x in v:
            yield from strings(x)

if fmt == "json":
    got = set(strings(json.loads(raw)))
elif fmt == "csv":
    got = {f for row in csv.reader(io.StringIO(raw, newline=""), strict=True) for f in row}
    assert raw.endswith("\r\n"), "records end with CRLF"
elif fmt == "tsv":
    got = {f for line in raw.split("\n") for f in line.split("\t")}
    want = [w.replace("\t", " ").replace("\r", " ").replace("\n", " ") for w in want]
elif fmt.startswith("md"):
    r = json.loads(subprocess.run([reader, "--texts"], input=raw.encode(), capture_output=True,
                                  check=True).stdout)
    assert r["bad"] == [], "Markdown of the text's making: %r" % r["bad"]
    got = r["texts"]
else:
    sys.exit("unknown format " + fmt)

for w in want:
    if fmt == "md-text":
        ok = any(w in t for t in got)
    else:
        ok = w in got
    if not ok:
        sys.exit("%s: %r did not come back (got %r)" % (fmt, w, sorted(got)[:40]))
PY
}

@test "kb sql: json, csv, tsv and md give back each value as the base holds it" {
    q="SELECT statement FROM claims WHERE slug GLOB 'zebra-*'"
    for f in json csv tsv; do
        "$KB" sql --format "$f" "SELECT slug, statement, asserted_by FROM claims" | parses_back "$f" "$q"
    done
    "$KB" sql --format md "SELECT slug, statement, asserted_by FROM claims" | parses_back md-cells "$q"
    "$KB" sql --format md "SELECT name FROM entities" | parses_back md-cells "SELECT name FROM entities"
}

@test "kb sql --format md writes HTML in a value as text" {
    run "$KB" sql --format md "SELECT '<b>x</b> *y*' AS v"
    [ "$status" -eq 0 ]
    [[ "$output" != *"<b>"* ]]
    printf '%s\n' "$output" | parses_back md-cells "SELECT '<b>x</b> *y*'"
}

@test "JSON stays UTF-8 when the base holds bytes that are not: each bad byte is U+FFFD" {
    run "$KB" sql --write "UPDATE entities SET name = CAST(x'5a6562726120ff636166c3' AS TEXT) WHERE slug = 'zebra-co'"
    [ "$status" -eq 0 ]
    for out in "$("$KB" sql --format json "SELECT name FROM entities WHERE slug = 'zebra-co'")" \
               "$("$KB" show --format json zebra-co)"; do
        python3 -c '
import json, sys
d = json.loads(sys.argv[1].encode("utf-8", "surrogateescape").decode("utf-8"))
name = d[0]["name"] if isinstance(d, list) else d["name"]
assert name == "Zebra \ufffdcaf\ufffd", repr(name)' "$out"
    done
}

@test "kb search: json, csv and md give back each title as the base holds it" {
    q="SELECT statement FROM claims WHERE slug GLOB 'zebra-*'"
    for f in json csv; do
        "$KB" search --format "$f" --kind claim --limit 100 zebra | parses_back "$f" "$q"
    done
    "$KB" search --format md --kind claim --limit 100 zebra | parses_back md-cells "$q"
    "$KB" search --format json --limit 100 zebra | parses_back json "SELECT title FROM sources WHERE slug = 'zebra-src'"
}

@test "kb show --format json gives back a claim, an entity and a source as the base holds them" {
    for i in "${!HOSTILE[@]}"; do
        "$KB" show --format json "zebra-$i" | parses_back json \
            "SELECT statement FROM claims WHERE slug = 'zebra-$i' UNION ALL SELECT quote FROM citations ci JOIN claims c ON c.id = ci.claim_id WHERE c.slug = 'zebra-$i'"
    done
    "$KB" show --format json zebra-co | parses_back json \
        "SELECT name FROM entities WHERE slug = 'zebra-co' UNION ALL SELECT description FROM entities WHERE slug = 'zebra-co'"
    "$KB" show --format json zebra-src | parses_back json "SELECT title FROM sources WHERE slug = 'zebra-src'"
}

@test "kb brief: every hostile statement comes back as text, and nothing else of its making" {
    q="SELECT statement FROM claims WHERE slug GLOB 'zebra-*' UNION ALL SELECT name FROM entities WHERE slug = 'zebra-co'"
    run "$KB" brief zebra-co --as-of 2026-11-28
    [ "$status" -eq 0 ]
    printf '%s\n' "$output" | parses_back md-text "$q"
    run "$KB" brief --topic zebra --as-of 2026-11-28
    [ "$status" -eq 0 ]
    printf '%s\n' "$output" | parses_back md-text "SELECT statement FROM claims WHERE slug GLOB 'zebra-*'"
    run "$KB" brief --compare zebra-co acme --as-of 2026-11-28
    [ "$status" -eq 0 ]
    printf '%s\n' "$output" | parses_back md-text "SELECT name FROM entities WHERE slug IN ('zebra-co', 'acme')"
    run "$KB" brief --format html zebra-co --as-of 2026-11-28
    [ "$status" -eq 0 ]
    [[ "$output" != *"<script"* && "$output" != *"<i>"* && "$output" != *'href="javascript'* ]]
}

@test "kb stats --format json parses, every count a number" {
    run "$KB" stats --format json
    [ "$status" -eq 0 ]
    python3 -c 'import json, sys; d = json.loads(sys.argv[1]); assert d["claims"] >= 13 and all(isinstance(v, int) for v in d.values())' "$output"
}

@test "kb check --format json stays JSON when a message quotes hostile text cut inside a character" {
    # a quote the source's text does not hold: check quotes its first 60 bytes,
    # and the 60th falls inside the two bytes of an e with an acute accent
    quote=$'zebra "q", <b>|*x*</b> \\ [y](javascript:z) ----- caf\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9'
    run "$KB" sql --write --param q="$quote" \
        "UPDATE sources SET text = 'something else' WHERE slug = 'zebra-src';
         UPDATE citations SET quote = :q WHERE claim_id = (SELECT id FROM claims WHERE slug = 'zebra-0')"
    [ "$status" -eq 0 ]
    "$KB" check --format json > check.json || true
    python3 - "$quote" check.json <<'PY'
import json, sys
quote, path = sys.argv[1], sys.argv[2]
d = json.load(open(path, encoding="utf-8"))
assert isinstance(d["ok"], bool) and isinstance(d["problems"], list)
mine = [p for p in d["problems"] if p["subject"] == "claim zebra-0" and "quote" in p["message"]]
assert mine, d["problems"]
assert quote[:50] in mine[0]["message"], mine[0]["message"]
PY
}

@test "kb load --format json gives back a hostile file name, and loads hostile text as it was written" {
    mkdir data
    bad=$'data/zebra "q", <b>|*x*\tz.xml'
    printf '<kb><company slug="zz"><name>unclosed</kb>\n' > "$bad"
    run "$KB" load --format json "$bad"
    [ "$status" -eq 2 ]
    printf '%s\n' "${lines[@]}" | grep '^{' | parses_back json "SELECT '$bad'"
    cat > data/ok.xml <<'XML'
<kb><company slug="zebra-xml"><name>Zebra &lt;script&gt; | *x* "q", [y](javascript:z)	tab</name></company></kb>
XML
    "$KB" load --format json data/ok.xml | python3 -c 'import json, sys; assert json.load(sys.stdin)["ok"] is True'
    "$KB" show --format json zebra-xml | parses_back json "SELECT name FROM entities WHERE slug = 'zebra-xml'"
    "$KB" sql --format csv "SELECT name FROM entities" | parses_back csv "SELECT name FROM entities WHERE slug = 'zebra-xml'"
}

@test "kb ingest and kb extract --format json give back hostile names and titles" {
    mkdir in
    cat > "in/page.html" <<'HTML'
<html><head><title>Zebra &lt;script&gt; | *x* "q", [y](javascript:z) &amp;amp;</title></head>
<body><article><h1>Zebra &lt;script&gt; | *x* "q", [y](javascript:z) &amp;amp;</h1>
<p>Zebras are striped. This paragraph is long enough to be the article's text, with | pipes,
*stars*, "quotes", commas and a [link](javascript:alert(1)) that is only text.</p>
<p>A second paragraph, so that the page reads as an article and not as a fragment of one.</p>
</article></body></html>
HTML
    "$KB" extract --format json in/page.html | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["title"] == "Zebra <script> | *x* \"q\", [y](javascript:z) &amp;", d["title"]
assert list(d) == ["title", "byline", "published", "url", "site", "lang", "description", "text"]'
    weird=$'in/zebra "q", <b>|*x*.bin'
    printf '\x00\x01\x02 not a document' > "$weird"
    run "$KB" ingest --format json in
    printf '%s\n' "${lines[@]}" | grep '^{' | parses_back json "SELECT '$weird'"
    "$KB" sql --format json "SELECT title FROM sources WHERE origin = 'ingested'" |
        parses_back json "SELECT title FROM sources WHERE origin = 'ingested'"
    "$KB" search --format md --kind source --limit 100 zebras | parses_back md-cells \
        "SELECT title FROM sources WHERE origin = 'ingested'"
}
