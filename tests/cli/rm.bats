#!/usr/bin/env bats
# kb rm: one thing at a time, refusing while others refer to it.

load helpers

setup() { setup_base; "$KB" load "$FIXTURES/mini" >/dev/null; }

@test "a thing nothing refers to is removed" {
    run "$KB" rm jane-doe
    [ "$status" -eq 0 ]
    [ "$output" = "removed person jane-doe" ]
    [ "$(sqlite3 kb.db "SELECT count(*) FROM entities WHERE slug = 'jane-doe'")" = 0 ]
    assert_integrity
}

@test "a thing others refer to is refused, naming them, and nothing changes" {
    before=$(base_digest)
    run "$KB" rm globex
    [ "$status" -eq 1 ]
    [[ "$output" == *"entity 'globex' is still referred to by 3 things"* ]]
    [[ "$output" == *"model hank-2 (developer)"* ]]
    [[ "$output" == *"claim acme-cloud-report (involves it)"* ]]
    [[ "$output" == *"relation acme competes-with globex"* ]]
    [[ "$output" == *"--cascade"* ]]
    [ "$(base_digest)" = "$before" ]
}

@test "--cascade removes what refers to it, and says what" {
    run "$KB" rm --cascade globex
    [ "$status" -eq 0 ]
    [[ "$output" == *"removed model hank-2"* ]]
    [[ "$output" == *"removed relation acme competes-with globex"* ]]
    [[ "$output" == *"removed company globex"* ]]
    # the claim that only involved it stays, without the link
    [ "$(count claims)" = 2 ]
    [ "$(count claim_entities)" = 0 ]
    assert_integrity
}

@test "removing a source cascades to claims left without a citation" {
    run "$KB" rm --cascade daily-acme
    [ "$status" -eq 0 ]
    [[ "$output" == *"removed claim acme-cloud-report"* ]]
    [[ "$output" != *"removed claim acme-retreat"* ]]
    [[ "$output" == *"removed source daily-acme"* ]]
    [ "$(count claims)" = 1 ]
    run "$KB" check
    [ "$status" -eq 0 ]
}

@test "removing a claim that argues a debate needs --cascade" {
    run "$KB" rm acme-retreat
    [ "$status" -eq 1 ]
    [[ "$output" == *"debate acme-cloud-debate (argues side retreat)"* ]]
    run "$KB" rm --cascade acme-retreat
    [ "$status" -eq 0 ]
    [ "$(count arguments)" = 1 ]
}

@test "an unknown slug names the closest ones, exit 2" {
    before=$(base_digest)
    run "$KB" rm acm
    [ "$status" -eq 2 ]
    [[ "$output" == *"no entity, claim, debate or source 'acm' (did you mean 'acme'"* ]]
    [ "$(base_digest)" = "$before" ]
}

@test "several slugs are removed all or nothing" {
    before=$(base_digest)
    run "$KB" rm jane-doe globex
    [ "$status" -eq 1 ]
    [ "$(base_digest)" = "$before" ]
}

@test "--kind picks among kinds" {
    run "$KB" rm --kind claim acme-dc-1
    [ "$status" -eq 2 ]
    [[ "$output" == *"no claim 'acme-dc-1'"* ]]
    run "$KB" rm --kind entity acme-dc-1
    [ "$status" -eq 0 ]
}

@test "--kind takes only the kinds rm removes, and says which" {
    run "$KB" rm --kind planet acme
    [ "$status" -eq 2 ]
    [[ "$output" == *"--kind takes entity, claim, debate or source, not 'planet'"* ]]
    run "$KB" rm --kind company acme
    [ "$status" -eq 2 ]
}
