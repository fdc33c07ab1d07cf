#!/bin/sh
# bench/gencorpus.sh - writes a deterministic synthetic news corpus as JSONL.
#
# Usage: sh bench/gencorpus.sh SENTENCES ACTORFILE... > corpus.jsonl
#
# Sentences are built from templates (subject verb object, passive voice,
# reported speech, negation, filler) over actor names taken from TABARI
# actor dictionaries (the primary phrase of each entry, title-cased) and a
# fixed list of verbs and filler clauses.  About 20 sentences make one
# document {"id","date","text"}.  The random numbers come from a
# Park-Miller generator written out in awk, not awk's rand(), so mawk and
# gawk produce the same bytes.  It reads only its arguments and writes only
# stdout.

set -eu

if [ $# -lt 2 ]; then
    echo "usage: sh bench/gencorpus.sh SENTENCES ACTORFILE..." >&2
    exit 2
fi
n=$1
shift

LC_ALL=C awk -v total="$n" '
function rnd(k) {                       # 0 .. k-1, exact in doubles
    seed = (seed * 16807) % 2147483647
    return int(seed / 2147483647 * k)
}
function pick(arr, cnt) { return arr[rnd(cnt)] }
function title(p,    w, m, i, s, x) {
    m = split(p, w, "_")
    s = ""
    for (i = 1; i <= m; i++) {
        if (w[i] == "") continue
        x = toupper(substr(w[i], 1, 1)) tolower(substr(w[i], 2))
        s = s (s == "" ? "" : " ") x
    }
    return s
}
function actor(    r) {
    r = rnd(10)
    if (r < 5 || npeople == 0) return pick(country, ncountry)
    if (r < 8) return pick(people, npeople)
    if (r == 8) return "officials from " pick(country, ncountry)
    return "the government of " pick(country, ncountry)
}
function cap(s) { return toupper(substr(s, 1, 1)) substr(s, 2) }
function sentence(    r, a, b, c) {
    r = rnd(20)
    a = actor(); b = actor()
    if (r < 9)  return cap(a) " " pick(past, nverb) " " b pick(filler, nfill) "."
    if (r < 11) return pick(country, ncountry) " was " pick(pass, npass) " by " a pick(filler, nfill) "."
    if (r < 14) { c = actor()
                  return cap(a) " said that " b " had " pick(past, nverb) " " c "." }
    if (r < 15) return cap(a) " will not " pick(base, nverb) " " b pick(filler, nfill) "."
    if (r < 16) return cap(a) " could " pick(base, nverb) " " b " next month."
    return pick(plain, nplain)
}
BEGIN {
    seed = 20240410
    # past tense | base form, one verb phrase each
    v = "met with|meet with;attacked|attack;accused|accuse;" \
        "signed an agreement with|sign an agreement with;warned|warn;" \
        "visited|visit;imposed sanctions on|impose sanctions on;" \
        "criticized|criticize;praised|praise;threatened|threaten;" \
        "condemned|condemn;hosted|host;rejected a proposal from|reject a proposal from;" \
        "called for talks with|call for talks with;expelled diplomats from|expel diplomats from;" \
        "negotiated with|negotiate with;arrested|arrest;provided aid to|provide aid to;" \
        "appealed to|appeal to;invaded|invade;thanked|thank;blamed|blame"
    nverb = split(v, tmp, ";")
    for (i = 1; i <= nverb; i++) { split(tmp[i], pair, "|"); past[i-1] = pair[1]; base[i-1] = pair[2] }
    npass = split("attacked;criticized;praised;invaded;accused;warned;visited;condemned", tmp, ";")
    for (i = 1; i <= npass; i++) pass[i-1] = tmp[i]
    f = ";; on Tuesday; on Monday; in a statement; after weeks of tension;" \
        " during a visit to the capital; according to officials; late on Friday;" \
        " over the border dispute; in a telephone call; at the summit"
    nfill = split(f, tmp, ";")
    for (i = 1; i <= nfill; i++) filler[i-1] = tmp[i]
    p = "The talks lasted several hours.;Markets were calm on Monday.;" \
        "Analysts expect further discussions next month.;" \
        "The statement gave no further details.;Prices rose by 3.5 per cent in March.;" \
        "Officials declined to comment.;The meeting was held behind closed doors."
    nplain = split(p, tmp, ";")
    for (i = 1; i <= nplain; i++) plain[i-1] = tmp[i]
}
# Primary phrases of actor entries: a line that starts with a letter; the
# phrase is its first field.  "[ABC]" (three letters) on the line marks a
# country-level entry (but [MNC], [NGO], [IGO] are sectors, not countries).  Names stay to letters, '_' and '-', so no quote
# needs escaping in JSON and no period splits a sentence.
/^[A-Za-z]/ {
    ph = $1
    sub(/_+$/, "", ph)
    if (ph !~ /^[A-Za-z][A-Za-z_-]+$/ || length(ph) < 3 || seen[ph]++) next
    if ($0 ~ /\[[A-Z][A-Z][A-Z]\]/ && $0 !~ /\[(MNC|NGO|IGO)\]/)
        country[ncountry++] = title(ph)
    else people[npeople++] = title(ph)
}
END {
    if (ncountry == 0) { print "gencorpus: no country entries in the actor files" > "/dev/stderr"; exit 1 }
    sents = 0; doc = 0
    while (sents < total) {
        doc++
        k = 20
        if (total - sents < k) k = total - sents
        text = ""
        for (i = 0; i < k; i++) text = text (i ? " " : "") sentence()
        printf "{\"id\":\"bench-%06d\",\"date\":\"%04d-%02d-%02d\",\"text\":\"%s\"}\n",
               doc, 2000 + rnd(25), 1 + rnd(12), 1 + rnd(28), text
        sents += k
    }
}' "$@"
