#!/usr/bin/env bats
# The starter dataset in data/: it loads, it checks, and it holds the seed story.

load helpers

setup() {
    setup_base
    "$KB" load "$DATA" >/dev/null
}

@test "kb load data/ && kb check passes with no error" {
    run "$KB" check --quiet
    [ "$status" -eq 0 ]
    [[ "$output" == *"0 errors"* ]]
    assert_integrity
}

@test "the landscape is there: companies, models, assets, claims, sources" {
    [ "$(count companies)" -ge 10 ]
    [ "$(count models)" -ge 30 ]
    [ "$(count assets)" -ge 20 ]
    [ "$(count claims)" -ge 45 ]
    [ "$(sqlite3 kb.db 'SELECT count(DISTINCT source_id) FROM citations')" -ge 20 ]
    # every claim is cited
    [ "$(sqlite3 kb.db 'SELECT count(*) FROM claims c WHERE NOT EXISTS (SELECT 1 FROM citations WHERE claim_id = c.id)')" = 0 ]
}

@test "slugs people can guess" {
    for s in meta amazon microsoft alphabet oracle openai anthropic xai nvidia coreweave alibaba \
             llama-3-1 gpt-4o meta-hyperion; do
        [ "$(sqlite3 kb.db "SELECT count(*) FROM entities WHERE slug = '$s'")" = 1 ] || { echo "missing $s"; false; }
    done
    for pair in Google:alphabet AWS:amazon Azure:microsoft Facebook:meta; do
        a=${pair%%:*} e=${pair##*:}
        [ "$(sqlite3 kb.db "SELECT e.slug FROM aliases a JOIN entities e ON e.id = a.entity_id WHERE a.alias = '$a'")" = "$e" ] || { echo "alias $a"; false; }
    done
}

@test "the seed story: the MarketWatch source with its text" {
    [ "$(sqlite3 kb.db "SELECT publisher FROM sources WHERE slug = 'mw-meta-cloud-pivot'")" = MarketWatch ]
    run sqlite3 kb.db "SELECT text FROM sources WHERE slug = 'mw-meta-cloud-pivot'"
    [[ "$output" == *"similar to the path Amazon traveled when AWS grew out of its internal e-commerce infrastructure needs"* ]]
}

@test "the seed story: its claims, each cited with a quote found in the text" {
    # the cloud-venture report and the share rise; Llama's open weights against
    # closed OpenAI and Google; the AWS precedent; the doubt about traction
    for phrase in "cloud-computing venture, sending its shares higher" \
                  "deliberate challenge to closed competitors like OpenAI and Google" \
                  "AWS grew out of its internal e-commerce infrastructure" \
                  "have not achieved the commercial traction"; do
        run sqlite3 kb.db "SELECT count(*) FROM claim_sources WHERE source = 'mw-meta-cloud-pivot' AND quote LIKE '%' || '$phrase' || '%'"
        [ "$output" -ge 1 ] || { echo "no claim quotes: $phrase"; false; }
    done
    run "$KB" check --format json
    [ "$status" -eq 0 ]
    [[ "$output" == *'"warnings"'* ]]
    [[ "$output" != *"quote not found in the text of source 'mw-meta-cloud-pivot'"* ]]
}

@test "the seed story: the debate, expansion or retreat, both sides argued by cited claims" {
    run sqlite3 kb.db "SELECT side, count(claim) FROM debate_arguments WHERE debate = 'meta-cloud-expansion-or-retreat' GROUP BY side ORDER BY side"
    [ "${lines[0]%%|*}" = expansion ] && [ "${lines[0]##*|}" -ge 1 ]
    [ "${lines[1]%%|*}" = retreat ] && [ "${lines[1]##*|}" -ge 1 ]
    # each side has a claim citing the MarketWatch article
    for side in expansion retreat; do
        run sqlite3 kb.db "SELECT count(*) FROM debate_arguments d JOIN claim_sources c ON c.claim = d.claim WHERE d.debate = 'meta-cloud-expansion-or-retreat' AND d.side = '$side' AND c.source = 'mw-meta-cloud-pivot'"
        [ "$output" -ge 1 ]
    done
}

@test "Llama is open weights; OpenAI's and Google's frontier models are closed" {
    [ "$(sqlite3 kb.db "SELECT openness FROM model_landscape WHERE model = 'llama-3-1'")" = open-weights ]
    [ "$(sqlite3 kb.db "SELECT openness FROM model_landscape WHERE model = 'gpt-4o'")" = closed ]
    [ "$(sqlite3 kb.db "SELECT count(*) FROM model_landscape WHERE developer = 'alphabet' AND openness = 'closed'")" -ge 1 ]
}

@test "every source cited is either dated or says where it came from" {
    # the facts file gives no date for many pages: those must at least have a URL
    [ "$(sqlite3 kb.db "SELECT count(*) FROM sources WHERE published IS NULL AND url IS NULL AND slug <> 'mw-meta-cloud-pivot'")" = 0 ]
}

@test "loading the starter data twice changes nothing" {
    before=$(base_digest)
    run "$KB" load "$DATA"
    [[ "$output" == *" 0 added, 0 updated"* ]]
    [ "$(base_digest)" = "$before" ]
}
