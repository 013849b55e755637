#!/usr/bin/env bats
# Text printed for people never carries a control sequence from the data: a
# clipboard write (OSC 52), a link (OSC 8), a cleared screen (CSI 2J), a C1
# CSI. kb stores none from now on, but an older base, or plain SQL, may hold
# them; show, search, sql and brief print them escaped, \x1b, in every format.

load helpers

# OSC 52 (set the clipboard), OSC 8 (a link), CSI 2J (clear the screen) with
# ESC, and CSI 2J again with the one-character C1 CSI, U+009B.
HOSTILE="char(27)||']52;c;aGk='||char(7)||' osc '||char(27)||']8;;http://x.test/'||char(27)||'\\ clear '||char(27)||'[2J c1 '||char(155)||'2J'"
ESCAPED='\x1b]52;c;aGk=\x07 osc \x1b]8;;http://x.test/\x1b\ clear \x1b[2J c1 \x9b2J'

setup() {
    setup_base
    "$KB" load "$FIXTURES/mini" >/dev/null
    # as a base made before kb mended such text, or written by another tool
    sqlite3 "$KB_DB" "PRAGMA recursive_triggers = ON;
      UPDATE entities SET description = 'zapped ' || $HOSTILE WHERE slug = 'acme';
      UPDATE claims SET statement = 'Acme zapped ' || $HOSTILE WHERE slug = 'acme-cloud-report';
      UPDATE sources SET title = 'Acme zapped ' || $HOSTILE WHERE slug = 'daily-acme';"
}

# Fails when the text holds a control character other than tab and newline:
# C0, DEL, or C1 (U+0080-U+009F as UTF-8). The CRs before a line's end are
# CSV's CRLF, or the terminal's.
refute_controls() {
    if printf '%s' "$1" | sed 's/\r*$//' | LC_ALL=C grep -qP '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]'; then
        echo "raw control characters in: $(printf '%s' "$1" | od -c | head -20)"
        return 1
    fi
}

# Runs a command with its standard output on a terminal (a pseudo-terminal
# made by script(1)); its output in $output, as run leaves it.
# script(1) runs the command with $SHELL, /bin/sh when it is unset (as in
# CI); printf %q quotes for bash, so bash must be the shell it runs.
run_on_terminal() {
    run env SHELL="$BASH" script -qec "$(printf '%q ' "$@")" /dev/null
}

# Fails unless the text is well-formed UTF-8: a lone byte 0x9B is CSI
# to a terminal that reads bytes.
refute_lone_csi() {
    if printf '%s' "$1" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1; then
        return 0
    fi
    echo "not UTF-8: $(printf '%s' "$1" | od -c | head -20)"
    return 1
}

@test "kb show prints control characters from the base escaped, in text" {
    for slug in acme acme-cloud-report daily-acme; do
        run "$KB" show "$slug"
        [ "$status" -eq 0 ]
        refute_controls "$output"
        [[ "$output" == *"zapped $ESCAPED"* ]]
    done
}

@test "kb show --format json keeps control characters as JSON escapes, none raw" {
    run "$KB" show --format json acme
    [ "$status" -eq 0 ]
    refute_controls "$output"
    [[ "$output" == *'\u001b]52;c;aGk=\u0007'* ]]
    [[ "$output" == *'\u009b2J'* ]]
    # the JSON still says exactly what the base holds
    [ "$(printf '%s' "$output" | jq -r .description)" = "$(sqlite3 "$KB_DB" "SELECT description FROM entities WHERE slug = 'acme'")" ]
}

@test "kb search prints control characters from the base escaped, in every format" {
    for fmt in text md json; do
        run "$KB" search --format "$fmt" zapped
        [ "$status" -eq 0 ]
        refute_controls "$output" || { echo "format $fmt"; false; }
        [[ "$output" == *zapped* ]]
    done
    run "$KB" search zapped
    [[ "$output" == *"Acme zapped \x1b]52;c;aGk=\x07"* ]]
    # CSV keeps each value whole for programs, and escapes it on a terminal
    run_on_terminal "$KB" search --format csv zapped
    [ "$status" -eq 0 ]
    refute_controls "$output"
    [[ "$output" == *"Acme zapped \x1b]52;c;aGk=\x07"* ]]
}

@test "kb search in color writes no escape sequence but its own colors" {
    run "$KB" search --color=always zapped
    [ "$status" -eq 0 ]
    [[ "$output" == *$'\e[1m'* ]]
    # every ESC left is one of kb's SGR codes
    stripped=$(printf '%s' "$output" | sed 's/\x1b\[[0-9;]*m//g')
    refute_controls "$stripped"
    [[ "$stripped" == *'\x1b[2J'* ]]
}

@test "kb sql prints control characters escaped in text and md, on a terminal in csv and tsv, and as JSON escapes in json" {
    q="SELECT description FROM entities WHERE slug = 'acme'"
    for fmt in text md json; do
        run "$KB" sql --format "$fmt" "$q"
        [ "$status" -eq 0 ]
        refute_controls "$output" || { echo "format $fmt"; false; }
    done
    for fmt in text csv tsv md json; do
        run_on_terminal "$KB" sql --format "$fmt" "$q"
        [ "$status" -eq 0 ]
        refute_controls "$output" || { echo "format $fmt"; false; }
    done
    run_on_terminal "$KB" sql --format csv --no-header "$q"
    [[ "$output" == *"zapped $ESCAPED"* ]]
    run "$KB" sql --format md "$q"
    [[ "$output" == *'&#27;\[2J'* ]]
    [[ "$output" == *'&#155;2J'* ]]
    # what goes to a program is the value whole
    [ "$("$KB" sql --format csv --no-header "$q" | tr -d '\r')" = "$(sqlite3 "$KB_DB" "$q")" ]
}

@test "kb sql escapes control characters that SQL itself makes, in values and column names" {
    run "$KB" sql "SELECT char(27) || '[2J' AS \"a$(printf '\033')]52;c;eA==$(printf '\a')\", char(155) || '2J' AS b, cast(x'9b41' AS text) AS c"
    [ "$status" -eq 0 ]
    refute_controls "$output"
    refute_lone_csi "$output"
    [[ "$output" == *'a\x1b]52;c;eA==\x07'* ]]
    [[ "$output" == *'\x1b[2J'* ]]
    [[ "$output" == *'\x9b2J'* ]]
    for fmt in csv tsv md json; do
        run_on_terminal "$KB" sql --format "$fmt" "SELECT char(27) || '[2J' AS \"$(printf '\033')x\", cast(x'9b41' AS text) AS y"
        [ "$status" -eq 0 ]
        refute_controls "$output" || { echo "format $fmt"; false; }
        refute_lone_csi "$output" || { echo "format $fmt"; false; }
    done
}

@test "kb brief carries no control character from the base, in Markdown or HTML" {
    for fmt in md html; do
        run "$KB" brief --format "$fmt" acme
        [ "$status" -eq 0 ]
        refute_controls "$output" || { echo "format $fmt"; false; }
        [[ "$output" == *zapped* ]]
    done
    "$KB" brief --format html -o brief.html acme 2>/dev/null
    refute_controls "$(cat brief.html)"
}

@test "kb's messages name a slug with control characters escaped" {
    run "$KB" show $'acme\e[2J\e]52;c;eA==\a'
    [ "$status" -eq 2 ]
    refute_controls "$output"
    [[ "$output" == *"'acme\x1b[2J\x1b]52;c;eA==\x07'"* ]]
}
