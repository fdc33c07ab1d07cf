#!/bin/sh
# gen-countries.sh - write data/actors/countries.txt (redline actor format,
# docs/dictionaries.md) from ISO 3166-1 as shipped by Debian's iso-codes
# package plus the hand-written supplement tools/countries-extra.txt.
#
# usage: sh tools/gen-countries.sh [OUT]
#   OUT      where to write (through a temporary file, so a failed run leaves
#            OUT as it was); without it the result goes to stdout.
#   ISO_3166_JSON   environment: the iso-codes JSON file, default
#                   /usr/share/iso-codes/json/iso_3166-1.json
#   COUNTRIES_EXTRA environment: the supplement, default
#                   tools/countries-extra.txt (relative to the repository)
#
# What it does, for every ISO entry: alpha_3 becomes the code; name,
# official_name and common_name become names, rewritten into the forms news
# text uses ("Korea, Republic of" -> "Republic of Korea", "Holy See (Vatican
# City State)" -> "Holy See", a leading "the" dropped).  Every name, ISO or
# supplement, also gets its plain-ASCII spelling ("Côte d'Ivoire" -> "Cote
# d'Ivoire") and "St."/"St" spellings of "Saint".  A name is listed once per
# code; a name given to two codes stops the script (ambiguous names are
# settled in the supplement, see its header).  Output is sorted by code; for
# each code the ISO line comes first, then the supplement's lines in order.
#
# It must not need anything but POSIX sh, awk and sort (no jq, no python),
# and must not touch any file but OUT.  Errors read "file:line: message".
set -eu

here=$(dirname "$0")
json=${ISO_3166_JSON:-/usr/share/iso-codes/json/iso_3166-1.json}
extra=${COUNTRIES_EXTRA:-$here/countries-extra.txt}
out=${1:-}

[ -r "$json" ] || { echo "gen-countries: cannot read $json (apt-get install iso-codes)" >&2; exit 1; }
[ -r "$extra" ] || { echo "gen-countries: cannot read $extra" >&2; exit 1; }

version=unknown
if command -v dpkg-query >/dev/null 2>&1; then
    version=$(dpkg-query -W -f '${Version}' iso-codes 2>/dev/null) || version=unknown
    [ -n "$version" ] || version=unknown
fi

tmp=${TMPDIR:-/tmp}/gen-countries.$$
trap 'rm -f "$tmp.rows" "$tmp.out"' EXIT
trap 'exit 1' INT TERM

# Pass 1: read both files, emit "CODE<TAB>SEQ<TAB>line" rows (SEQ orders the
# lines of one code), then sort them by code.
LC_ALL=C awk -v json="$json" -v extra="$extra" '
function fail(file, line, msg) {
    printf "%s:%d: %s\n", file, line, msg > "/dev/stderr"
    failed = 1
    exit 1
}
function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }

# The plain-ASCII spelling of a name (Latin letters with diacritics only).
function fold(s,    i) {
    for (i = 1; i <= nfold; i++)
        if (index(s, fold_from[i])) gsub(fold_from[i], fold_to[i], s)
    return s
}
# What makes two names the same: case, a leading "the", blanks.
function key(s) {
    s = toupper(s)
    gsub(/[ \t]+/, " ", s)
    sub(/^THE /, "", s)
    return s
}
# ISO spellings -> news spellings.
function iso_form(s,    head, tail) {
    gsub(/ *\([^()]*\)/, "", s)
    if (s ~ /^[^,]+, [^,]+$/) {
        head = s; sub(/, .*/, "", head)
        tail = s; sub(/^[^,]*, /, "", tail)
        if (tail ~ / of$/ || tail ~ / of the$/ || tail !~ / /) s = tail " " head
    }
    sub(/^[Tt]he /, "", s)
    return trim(s)
}

# Add name n (and its variants) to output line li of code c.
function add_one(c, li, n, file, line,    k, fk) {
    k = key(n)
    fk = key(fold(n))   # the same name, accents or not, for two codes
    if (k == "") return
    if ((c SUBSEP fk) in dropped) return
    if (fk in owner && owner[fk] != c)
        fail(file, line, "\"" n "\" is named for both " owner[fk] " and " c)
    if ((c SUBSEP k) in listed) return
    listed[c SUBSEP k] = 1
    owner[fk] = c
    out_names[li] = out_names[li] == "" ? n : out_names[li] "; " n
}
function add_name(c, li, n, file, line,    f, s) {
    if (n ~ /[;#:\[\]{}]/) fail(file, line, "name \"" n "\" holds one of ; # : [ ] { }")
    add_one(c, li, n, file, line)
    f = fold(n)
    if (f != n) add_one(c, li, f, file, line)
    if (n ~ /(^| )Saint /) {
        s = n; gsub(/(^| )Saint /, "&@", s); gsub(/Saint @/, "St. ", s)
        add_one(c, li, s, file, line)
        gsub(/St\. /, "St ", s)
        add_one(c, li, s, file, line)
        if (f != n) {
            s = f; gsub(/(^| )Saint /, "&@", s); gsub(/Saint @/, "St. ", s)
            add_one(c, li, s, file, line)
            gsub(/St\. /, "St ", s)
            add_one(c, li, s, file, line)
        }
    }
}
function new_line(c, seq, comment) {
    nlines++
    out_code[nlines] = c
    out_seq[nlines] = seq
    out_names[nlines] = ""
    out_comment[nlines] = comment
    return nlines
}
function json_value(obj, k,    re, v) {
    re = "\"" k "\"[ \t]*:[ \t]*\"[^\"]*\""
    if (!match(obj, re)) return ""
    v = substr(obj, RSTART, RLENGTH)
    sub(/^"[^"]*"[ \t]*:[ \t]*"/, "", v)
    sub(/"$/, "", v)
    return v
}

BEGIN {
    # UTF-8 letters with diacritics found in country and city names.
    nfold = split("à a á a â a ã a ä a å a ā a ă a ą a ç c ć c č c ď d đ d è e é e ê e ë e ē e ė e ę e ě e ğ g ì i í i î i ï i ī i ı i ł l ľ l ñ n ń n ň n ò o ó o ô o õ o ö o ø o ō o ő o ř r ś s ş s š s ș s ť t ţ t ț t ù u ú u û u ü u ū u ů u ű u ý y ÿ y ź z ż z ž z À A Á A Â A Ã A Ä A Å A Ç C Č C É E È E Ê E Í I Î I İ I Ł L Ñ N Ó O Ô O Ö O Ø O Ś S Ş S Š S Ș S Ú U Ü U Ý Y Ž Z ß ss æ ae Æ AE œ oe Œ OE", f, " ")
    nfold = 0
    for (i = 1; i in f; i += 2) { nfold++; fold_from[nfold] = f[i]; fold_to[nfold] = f[i + 1] }

    # The supplement: "CODE: NAME; NAME  # comment", "-CODE: NAME" (drop an
    # ISO name from CODE), "# comment", blank.
    ln = 0
    while ((r = getline l < extra) > 0) {
        ln++
        sub(/\r$/, "", l)
        if (l ~ /^[ \t]*(#|$)/) continue
        cm = ""
        if ((p = index(l, "#")) > 0) { cm = trim(substr(l, p)); l = substr(l, 1, p - 1) }
        l = trim(l)
        if (l !~ /^-?[A-Z][A-Z][A-Z]([A-Z][A-Z][A-Z])*: /)
            fail(extra, ln, "expected \"CODE: NAME; ...\" or \"-CODE: NAME; ...\"")
        p = index(l, ":")
        c = substr(l, 1, p - 1)
        nn = split(substr(l, p + 1), parts, ";")
        for (i = 1; i <= nn; i++) {
            parts[i] = trim(parts[i])
            if (parts[i] == "") fail(extra, ln, "empty name")
        }
        if (c ~ /^-/) {
            c = substr(c, 2)
            for (i = 1; i <= nn; i++) dropped[c SUBSEP key(fold(parts[i]))] = 1
            continue
        }
        nx++
        x_code[nx] = c; x_line[nx] = ln; x_comment[nx] = cm; x_names[nx] = nn
        for (i = 1; i <= nn; i++) x_name[nx, i] = parts[i]
    }
    if (r < 0) fail(extra, 0, "cannot read")
    close(extra)

    # The JSON: objects are flat, values plain strings (iso-codes writes no
    # escapes in this file; one would stop the script rather than be misread).
    js = ""
    ln = 0
    while ((r = getline l < json) > 0) {
        ln++
        if (index(l, "\\")) fail(json, ln, "escaped character in a string: not supported")
        js = js " " l
    }
    if (r < 0) fail(json, 0, "cannot read")
    close(json)
    p = index(js, "\"3166-1\"")
    if (!p) fail(json, 1, "no \"3166-1\" list")
    js = substr(js, p)
    niso = 0
    while (match(js, /\{[^{}]*\}/)) {
        obj = substr(js, RSTART, RLENGTH)
        js = substr(js, RSTART + RLENGTH)
        c = json_value(obj, "alpha_3")
        nm = json_value(obj, "name")
        if (c !~ /^[A-Z][A-Z][A-Z]$/ || nm == "")
            fail(json, 0, "entry without alpha_3 or name: " substr(obj, 1, 80))
        if (c in iso_seen) fail(json, 0, "alpha_3 " c " twice")
        iso_seen[c] = 1
        niso++
        li = new_line(c, 0, "")
        add_name(c, li, iso_form(nm), json, 0)
        v = json_value(obj, "official_name"); if (v != "") add_name(c, li, iso_form(v), json, 0)
        v = json_value(obj, "common_name");   if (v != "") add_name(c, li, iso_form(v), json, 0)
    }
    if (niso < 200) fail(json, 0, "only " niso " entries: not the ISO 3166-1 list?")

    for (j = 1; j <= nx; j++) {
        c = x_code[j]
        li = new_line(c, x_line[j], x_comment[j])
        for (i = 1; i <= x_names[j]; i++) add_name(c, li, x_name[j, i], extra, x_line[j])
    }

    for (li = 1; li <= nlines; li++) {
        if (out_names[li] == "") continue   # everything on it was said already
        s = out_code[li] ": " out_names[li]
        if (out_comment[li] != "") s = s "  " out_comment[li]
        printf "%s\t%06d\t%s\n", out_code[li], out_seq[li], s
    }
    exit 0
}
END { if (failed) exit 1 }
' > "$tmp.rows"

{
    printf '%s\n' \
"# data/actors/countries.txt - countries and territories as actors, in the" \
"# redline actor format (docs/dictionaries.md): \"CODE: NAME; NAME; ...\"." \
"#" \
"# GENERATED by tools/gen-countries.sh; do not edit: change" \
"# tools/countries-extra.txt and run  sh tools/gen-countries.sh data/actors/countries.txt" \
"# For each code the first line is ISO 3166-1 (name, official name, common" \
"# name) from Debian's iso-codes $version, LGPL-2.1-or-later (see NOTICE);" \
"# the lines after it are redline's supplement (names used in news," \
"# demonyms, capitals), whose header explains the judgement calls." \
"#"
    LC_ALL=C sort -t '	' -k1,1 -k2,2n "$tmp.rows" | cut -f3-
} > "$tmp.out"

# The result must be what the loader reads: check every line.
LC_ALL=C awk '
/^#/ || /^[ \t]*$/ { next }
!/^[A-Z][A-Z][A-Z]([A-Z0-9]*)?: [^;]/ { print "gen-countries: bad output line " NR ": " $0 > "/dev/stderr"; bad = 1 }
/; *;|; *$/ { print "gen-countries: empty name on output line " NR > "/dev/stderr"; bad = 1 }
END { exit bad }' "$tmp.out"

if [ -n "$out" ]; then
    cat "$tmp.out" > "$out.tmp.$$" && mv "$out.tmp.$$" "$out"
else
    cat "$tmp.out"
fi
