#!/usr/bin/env bats
# Read commands never change a base: they neither migrate nor create one, and
# a base on read-only media, where no -wal or -shm file can be made, is read
# as it is; what cannot be read so is refused with a message that says why.

load helpers

setup() {
    setup_base
    "$KB" load "$FIXTURES/mini" >/dev/null
}

# A base as the first version of kb left it, with a claim in it.
old_base() {
    rm -f "$1"*
    sqlite3 "$1" < "$BATS_TEST_DIRNAME/../../schema/001-init.sql"
    sqlite3 "$1" "PRAGMA user_version = 1;
      INSERT INTO entities(slug, kind, name) VALUES ('acme', 'company', 'Acme');
      INSERT INTO sources(slug, source_type, title) VALUES ('s', 'note', 'S');
      INSERT INTO claims(slug, subject_id, topic, claim_kind, stance, statement) VALUES ('c', 1, 't', 'fact', 'neutral', 'x');
      INSERT INTO citations(claim_id, source_id) VALUES (1, 1);"
}

# The read commands, one a line, as kb's arguments.
READS='search acme
show acme
brief acme
sql "SELECT count(*) FROM entities"
stats
export -o out'

# Every file of the folder, with its size and time, to show nothing changed.
folder_state() {
    (cd "$1" && find . -printf '%p %s %T@\n' | sort)
}

# Puts the folder at $1 on read-only media for the command that follows:
# root writes into any folder whatever its mode, so for root it is a
# read-only bind mount in a mount namespace of the command's own; for
# others, a folder without write permission. Skips when neither can be had.
run_read_only() {
    local dir=$1
    shift
    if [ "$(id -u)" -ne 0 ]; then
        chmod a-w "$dir"
        run "$@"
        chmod u+w "$dir"
        return
    fi
    unshare -m true 2>/dev/null || skip "no mount namespace here to make a read-only folder"
    run unshare -m sh -c 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" "$0" && exec "$@"' \
        "$dir" "$@"
}

# A base with the mini fixture in the folder media.
media_base() {
    mkdir media
    "$KB" --db media/kb.db init 2>/dev/null
    "$KB" --db media/kb.db load "$FIXTURES/mini" >/dev/null
}

# A change left in media/kb.db-wal, as a writer killed before its checkpoint
# leaves it: an entity 'walonly'.
change_left_in_wal() {
    sqlite3 media/kb.db ".dbconfig no_ckpt_on_close on" \
        "INSERT INTO entities(slug, kind, name) VALUES ('walonly', 'company', 'Walonly')" >/dev/null
}

@test "read commands refuse an older base with a message to run kb init, and leave it as it was" {
    old_base old.db
    before=$(base_digest old.db)
    state=$(folder_state .)
    while IFS= read -r args; do
        eval "set -- $args"
        run "$KB" --db old.db "$@"
        [ "$status" -eq 1 ] || { echo "kb $args: status $status: $output"; false; }
        [[ "$output" == *"schema version 1, older than this kb's"*"run 'kb init' to upgrade it"* ]] ||
            { echo "kb $args: $output"; false; }
    done <<<"$READS"
    [ "$(sqlite3 old.db 'PRAGMA user_version')" = 1 ]
    [ "$(base_digest old.db)" = "$before" ]
    [ "$(folder_state .)" = "$state" ]
    # kb init upgrades it, and then it is read
    "$KB" --db old.db init 2>/dev/null
    run "$KB" --db old.db stats --format json
    [ "$status" -eq 0 ]
    [[ "$output" == *'"claims":1'* ]]
}

@test "read commands leave an empty file empty and say to run kb init" {
    : > empty.db
    run "$KB" --db empty.db stats
    [ "$status" -eq 1 ]
    [[ "$output" == *"run 'kb init'"* ]]
    [ ! -s empty.db ]
}

@test "read commands on a missing base create no file" {
    mkdir there
    state=$(folder_state there)
    while IFS= read -r args; do
        eval "set -- $args"
        run "$KB" --db there/kb.db "$@"
        [ "$status" -eq 1 ] || { echo "kb $args: status $status"; false; }
        [[ "$output" == *"no such base; run 'kb init' first"* ]]
    done <<<"$READS"
    [ "$(folder_state there)" = "$state" ]
    [ ! -e out ]
}

@test "a base on read-only media is read by every read command" {
    media_base
    [ ! -e media/kb.db-wal ]
    state=$(folder_state media)
    while IFS= read -r args; do
        eval "set -- $args"
        run_read_only media "$KB" --db media/kb.db "$@"
        [ "$status" -eq 0 ] || { echo "kb $args: status $status: $output"; false; }
    done <<<"$READS"
    run_read_only media "$KB" --db media/kb.db search acme
    [[ "$output" == *"Acme Cloud"* ]]
    run_read_only media "$KB" --db media/kb.db sql --format csv --no-header "SELECT count(*) FROM claims"
    [ "$output" = $'2\r' ]
    [ -f out/claims/acme.xml ]
    [ "$(folder_state media)" = "$state" ]
}

@test "a base on read-only media is read with what its -wal holds, when its -shm is there" {
    media_base
    change_left_in_wal
    [ -s media/kb.db-wal ] && [ -e media/kb.db-shm ]
    run_read_only media "$KB" --db media/kb.db sql --format csv --no-header \
        "SELECT name FROM entities WHERE slug = 'walonly'"
    [ "$status" -eq 0 ]
    [ "$output" = $'Walonly\r' ]
}

@test "a base on read-only media whose -wal holds changes it cannot read is refused, not read without them" {
    media_base
    change_left_in_wal
    # copied to the media without its -shm: SQLite would have to make one
    rm media/kb.db-shm
    [ -s media/kb.db-wal ]
    run_read_only media "$KB" --db media/kb.db search acme
    [ "$status" -eq 1 ]
    [[ "$output" == *"media/kb.db: its folder cannot be written"*"-wal"*"holds changes not yet in the base"* ]]
    [[ "$output" != *"Acme Cloud"* ]]
    # where it can be written, the change is there
    run "$KB" --db media/kb.db sql --format csv --no-header "SELECT name FROM entities WHERE slug = 'walonly'"
    [ "$output" = $'Walonly\r' ]
}

@test "a write command on read-only media says the base cannot be written there" {
    mkdir media
    "$KB" --db media/kb.db init 2>/dev/null
    before=$(base_digest media/kb.db)
    run_read_only media "$KB" --db media/kb.db load "$FIXTURES/mini"
    [ "$status" -eq 1 ]
    [[ "$output" == *"media/kb.db: cannot write to it: its folder cannot be written"* ]]
    [[ "$output" == *"read commands"*"can still read it"* ]]
    run_read_only media "$KB" --db media/new.db init
    [ "$status" -eq 1 ]
    [[ "$output" == *"media/new.db: cannot create it"* ]]
    [ ! -e media/new.db ]
    [ "$(base_digest media/kb.db)" = "$before" ]
}

@test "a base on read-only media is read whatever its path holds: spaces, ?, #, %" {
    dir='read only #1?%20 é'
    mkdir "$dir"
    "$KB" --db "$dir/kb.db" init 2>/dev/null
    "$KB" --db "$dir/kb.db" load "$FIXTURES/mini" >/dev/null
    run_read_only "$dir" "$KB" --db "$dir/kb.db" sql --format csv --no-header "SELECT count(*) FROM entities"
    [ "$status" -eq 0 ]
    [ "$output" = $'7\r' ]
}
