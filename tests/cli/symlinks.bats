#!/usr/bin/env bats
# Symlinks: a data file or a walked folder cannot make kb read files outside
# what it was given, unless asked with --follow.

load helpers

setup() {
    setup_base
    mkdir -p outside
    echo '<kb><company slug="outer"><name>Outer</name></company></kb>' > outside/b.xml
    mkdir -p notes
    echo 'A note that lives outside the folder given, with words enough.' > notes/n.txt
}

@test "a <text src> symlink to a file outside the data folder is not read, and nothing is loaded" {
    mkdir -p d/texts
    echo '<kb><source slug="s" type="note"><title>t</title><text src="texts/notes.txt"/></source></kb>' > d/x.xml
    ln -s /etc/hostname d/texts/notes.txt
    run "$KB" load d
    [ "$status" -eq 2 ]
    [[ "$output" == *'<text src="texts/notes.txt"> leads to /etc/hostname, outside the data file'*"s folder"* ]]
    [ "$(count sources)" = 0 ]
}

@test "a <text src> symlink that stays inside the data folder is read" {
    mkdir -p d/texts
    echo 'The text, kept one folder up from the link to it.' > d/real.txt
    echo '<kb><source slug="s" type="note"><title>t</title><text src="texts/notes.txt"/></source></kb>' > d/x.xml
    ln -s ../real.txt d/texts/notes.txt
    run "$KB" load d
    [ "$status" -eq 0 ]
    [ "$(sqlite3 "$KB_DB" "SELECT text FROM sources WHERE slug = 's'")" = "The text, kept one folder up from the link to it." ]
}

@test "kb load DIR skips symlinks out of DIR (to a folder, a file, /) with a reason" {
    mkdir -p data/sub
    echo '<kb><company slug="inner"><name>Inner</name></company></kb>' > data/sub/a.xml
    ln -s "$BATS_TEST_TMPDIR/outside" data/ext
    ln -s ../outside/b.xml data/f.xml
    ln -s / data/root
    run timeout 20 "$KB" load data
    [ "$status" -eq 0 ]
    [[ "$output" == *"data/ext: warning: a symlink to $BATS_TEST_TMPDIR/outside, outside the folder given: not followed"* ]]
    [[ "$output" == *"data/f.xml: warning: a symlink to $BATS_TEST_TMPDIR/outside/b.xml, outside the folder given"* ]]
    [[ "$output" == *"data/root: warning: a symlink to /, outside the folder given: not followed"* ]]
    [ "$(sqlite3 "$KB_DB" "SELECT group_concat(slug) FROM entities")" = inner ]
}

@test "kb load --follow reads a folder a symlink leads to outside DIR" {
    mkdir -p data
    echo '<kb><company slug="inner"><name>Inner</name></company></kb>' > data/a.xml
    ln -s "$BATS_TEST_TMPDIR/outside" data/ext
    run "$KB" load --follow data
    [ "$status" -eq 0 ]
    [[ "$output" != *"not followed"* ]]
    [ "$(sqlite3 "$KB_DB" "SELECT group_concat(slug) FROM (SELECT slug FROM entities ORDER BY slug)")" = inner,outer ]
}

@test "symlinks inside the tree are read, a folder reached twice once, and loops still refused" {
    mkdir -p data/sub
    echo '<kb><company slug="inner"><name>Inner</name></company></kb>' > data/sub/a.xml
    ln -s sub data/alias
    ln -s .. data/sub/loop
    run timeout 20 "$KB" load data
    [ "$status" -eq 2 ]
    [[ "$output" == *"loop: error: a directory loop"* ]]
    rm data/sub/loop
    run "$KB" load data
    [ "$status" -eq 0 ]
    [[ "$output" == *"loaded 1 file"* ]]
    [ "$(count entities)" = 1 ]
}

@test "kb ingest DIR refuses symlinks out of DIR with a reason; --follow reads them" {
    mkdir docs
    echo 'A note inside the folder given, with words enough to keep.' > docs/in.txt
    ln -s "$BATS_TEST_TMPDIR/notes" docs/ext
    ln -s / docs/root
    run timeout 20 "$KB" ingest docs
    [ "$status" -eq 1 ]
    [[ "$output" == *"docs/ext: refused: a symlink to $BATS_TEST_TMPDIR/notes, outside the folder given: not followed"* ]]
    [[ "$output" == *"docs/root: refused: a symlink to /, outside the folder given: not followed"* ]]
    [[ "$output" == *"1 stored"* ]]
    rm docs/root
    run "$KB" ingest --follow docs
    [ "$status" -eq 0 ]
    [[ "$output" == *"2 documents: 1 stored, 0 updated, 1 already there"* ]]
}
