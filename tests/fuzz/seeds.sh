#!/bin/sh
# Seed corpora for the fuzz targets, from ../shared/corpora, data/ and the
# tests' fixtures (copied into the build tree, never into the repository).
set -eu
out=$1
shared=../shared/corpora
rm -rf "$out"
mkdir -p "$out/extract" "$out/feed" "$out/load" "$out/md" "$out/note" "$out/query" "$out/date"
n=0
for f in "$shared"/extraction/dev/html/*.html tests/fixtures/ingest/*.html; do
    [ -f "$f" ] || continue
    n=$((n + 1)); [ $n -le 60 ] || break
    cp "$f" "$out/extract/$(basename "$f")"
done
find "$shared/feeds" tests/fixtures/feeds tests/fixtures/ingest -name '*.xml' 2>/dev/null | head -400 |
    while read -r f; do cp "$f" "$out/feed/$(echo "$f" | sed "s|^\.\./||" | tr / _)"; done
find data tests/fixtures/mini tests/fixtures/bad -name '*.xml' | while read -r f; do
    cp "$f" "$out/load/$(echo "$f" | tr / _)"; done
for f in tests/fixtures/ingest/*.md tests/fixtures/ingest/*.txt README.md kb/cli/kb.1.md; do
    [ -f "$f" ] && cp "$f" "$out/note/$(echo "$f" | tr / _)"
done
# md: texts separated by NUL bytes (heading, paragraph, bold, italic, four
# cells, the last also a URL's path), from the notes and hostile strings
for f in "$out"/note/*; do cp "$f" "$out/md/$(basename "$f")"; done
m=0
while IFS= read -r t; do
    m=$((m + 1)); printf "$t" > "$out/md/t$m"
done <<'TEXTS'
# Meta\0- a\0**b**\0_c_\0| d |\0e\nf\0 g \0path?a=1&amp;b=2
1. one\0+\ttab\0> quote\0<b>html</b>\0[link](javascript:x)\0![i](y)\0`code`\0~~s~~
    indented\0===\0---\0***\0&#10;&amp;\0\\|\\\0[^1]\0www.example.com x@y.z
\302\240nbsp\0trailing\302\240\0\343\200\200wide\0*\0_\0|\0:\0<>
TEXTS
i=0
while IFS= read -r q; do
    i=$((i + 1)); printf '%s' "$q" > "$out/query/q$i"
done <<'QUERIES'
meta cloud
"open weights" OR closed
llama -behemoth
analy*
fundin* company*
GPT-4 o1-preview AT&T C++ 50%
"unbalanced
- NEAR AND NOT OR
title:x {a b} ^c (d) *
日本語 🦙 Платформы
--kind claim capex
QUERIES
d=0
while IFS= read -r q; do
    d=$((d + 1)); printf '%s' "$q" > "$out/date/d$d"
done <<'DATES'
2024-07-23T10:30:00.123+02:00
Tue, 23 Jul 2024 10:30:00 GMT
Fri, 31 Dec 9999 23:59:59 -1200
Mon, 01 Jan 0001 00:00:00 +0100
Sun, 31 Dec 99 23:59:59 -0000
Tuesday, July 23, 2024
Jul 23rd, 2024 3:15 pm
2024/02/29
9999-12-31T23:59:60Z
0001-01-01
23 July 2024 EDT
DATES
echo "seeds: $(ls "$out/extract" | wc -l) html, $(ls "$out/feed" | wc -l) feeds, $(ls "$out/load" | wc -l) data files, $(ls "$out/md" | wc -l) md, $(ls "$out/note" | wc -l) notes, $i queries, $d dates"
