#!/usr/bin/env bats
# Junk is refused, not stored: data and binary files whatever their name or
# the header they carry, and pages whose only text is navigation.

load helpers

setup() { setup_base; }

@test "a JSON file is refused with a reason, and nothing is stored" {
    echo '{"title": "x", "items": [1, 2, 3], "text": "Some words for a note"}' > data.json
    printf '[\n  {"id": 1},\n  {"id": 2}\n]\n' > list.txt
    run "$KB" ingest data.json list.txt
    [ "$status" -eq 1 ]
    [[ "$output" == *"data.json: refused: JSON data, not a document kb reads"* ]]
    [[ "$output" == *"list.txt: refused: JSON data"* ]]
    [ "$(count sources)" -eq 0 ]
    # a note that merely begins with a bracket is a note
    printf '[Draft] Notes on capex from the call.\n' > draft.txt
    run "$KB" ingest draft.txt
    [ "$status" -eq 0 ]
    [[ "$output" == *"1 stored"* ]]
}

@test "a binary file with a misleading header or name is refused, naming what it is" {
    printf 'PK\003\004<html><body><p>Looks like a page, with words enough</p></body></html>' > fake.html
    printf '%%PDF-1.7\n<html><body><p>An article in a PDF</p></body></html>\n' > report.html
    printf '\211PNG\r\n\032\n<rss version="2.0"></rss>' > feed.xml
    printf 'SQLite format 3\000 plus text' > notes.txt
    run "$KB" ingest fake.html report.html feed.xml notes.txt
    [ "$status" -eq 1 ]
    [[ "$output" == *"fake.html: refused: a binary file: a ZIP archive (as .docx, .xlsx and .epub files are)"* ]]
    [[ "$output" == *"report.html: refused: a binary file: a PDF file"* ]]
    [[ "$output" == *"feed.xml: refused: a binary file: a PNG image"* ]]
    [[ "$output" == *"notes.txt: refused: a binary file: an SQLite database"* ]]
    [ "$(count sources)" -eq 0 ]
}

@test "a page whose only text is navigation is refused, and a short article is kept" {
    cat > nav.html <<'HTML'
<html><head><title>Home</title></head><body><nav><ul><li><a href="/">Home</a></li>
<li><a href="/menu">menu</a></li></ul></nav><div>menu</div></body></html>
HTML
    cat > short.html <<'HTML'
<html><head><title>Brief</title></head><body><article><p>Meta raised its capex guidance.</p></article></body></html>
HTML
    run "$KB" ingest nav.html short.html
    [ "$status" -eq 1 ]
    [[ "$output" == *"nav.html: refused: an HTML page with no article text (only 'menu')"* ]]
    [[ "$output" == *"1 stored"* ]]
    [ "$(count sources)" -eq 1 ]
}
