#!/bin/sh
# bench/gennews.sh - writes a deterministic corpus of short news documents
# as JSONL, for the event store's ingest benchmark and tests.
#
# Usage: sh bench/gennews.sh DOCS [SEED] > corpus.jsonl
#
# Each document is 3 to 6 sentences: one or two "Country verb Country"
# events ("Chile accused Peru of ..."), a quoted or plain filler sentence,
# and a closing line, dated over 2023-2024 and attributed to one of a few
# outlets.  Every tenth document is a wire copy of the one before it (same
# text with another outlet's dateline), so near-duplicate linking is
# exercised too.  Random numbers come from a Park-Miller generator written
# out in awk, so mawk and gawk write the same bytes.  Reads nothing.

set -eu

if [ $# -lt 1 ]; then
    echo "usage: sh bench/gennews.sh DOCS [SEED]" >&2
    exit 2
fi

LC_ALL=C awk -v total="$1" -v seed="${2:-20240410}" '
function rnd(k) {
    seed = (seed * 16807) % 2147483647
    return int(seed / 2147483647 * k)
}
function pick(arr, n) { return arr[rnd(n)] }
function event(    a, b) {
    a = pick(country, nc); b = pick(country, nc)
    while (b == a) b = pick(country, nc)
    return a " " pick(verb, nv) " " b pick(tail, nt) "."
}
BEGIN {
    nc = split("China Russia Japan India Brazil Chile Peru Kenya Egypt Turkey Iran Iraq " \
               "Germany France Italy Spain Poland Ukraine Canada Mexico Argentina Nigeria " \
               "Ghana Vietnam Indonesia Australia Pakistan Israel Jordan Qatar", tmp, " ")
    for (i = 1; i <= nc; i++) country[i - 1] = tmp[i]
    nv = split("met with;accused;signed an agreement with;warned;visited;" \
               "imposed sanctions on;criticized;praised;threatened;condemned;hosted;" \
               "sent humanitarian aid to;rejected a proposal from;called for talks with;" \
               "expelled diplomats from;thanked;blamed", tmp, ";")
    for (i = 1; i <= nv; i++) verb[i - 1] = tmp[i]
    nt = split(";; on Tuesday; on Monday; in a statement; after weeks of tension;" \
               " during a visit to the capital; late on Friday; at a regional summit", tmp, ";")
    for (i = 1; i <= nt; i++) tail[i - 1] = tmp[i]
    nf = split("Markets were calm on Monday.;Analysts expect further talks next month.;" \
               "Officials declined to comment.;The meeting was held behind closed doors.;" \
               "Prices rose by 3.5 per cent in March.;Heavy rain delayed several flights.;" \
               "The statement gave no further details.;Trade between the two has doubled.", tmp, ";")
    for (i = 1; i <= nf; i++) filler[i - 1] = tmp[i]
    no = split("Harbour Ledger;Pacific Wire;Steppe Courier;Lagoon Times;Andes Daily", tmp, ";")
    for (i = 1; i <= no; i++) outlet[i - 1] = tmp[i]
    for (d = 1; d <= total; d++) {
        if (d % 10 == 0 && d > 1) {          # a wire copy of the previous story
            printf "{\"id\":\"news-%06d\",\"date\":\"%s\",\"source\":\"%s\",\"text\":\"%s %s\"}\n",
                   d, date, pick(outlet, no), "(Agencies)", text
            continue
        }
        date = sprintf("%04d-%02d-%02d", 2023 + rnd(2), 1 + rnd(12), 1 + rnd(28))
        text = event()
        if (rnd(2)) text = text " " event()
        text = text " " pick(filler, nf) " " pick(filler, nf)
        if (rnd(2)) text = text " " pick(filler, nf)
        printf "{\"id\":\"news-%06d\",\"date\":\"%s\",\"source\":\"%s\",\"text\":\"%s\"}\n",
               d, date, pick(outlet, no), text
    }
}'
