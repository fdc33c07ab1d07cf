#!/bin/sh
# tests/dash/chromium.sh - a real headless Chromium loads the dashboard,
# served by `redline serve` from the fixture store, and the report file;
# the test reads the DOM Chromium built (--dump-dom), i.e. what a person
# sees: the network, a dyad chart with bars, the highlighted spans of an
# event, the quotations by speaker, and the articles carrying <script> shown
# as text.  That the scripts did not run is checked with a marker: each
# would set data-xss on <body>; a control page proves the marker works.
#
# Prints "ok WHAT" per check and "FAIL WHAT" on failure; exits 0 only when
# all passed.  Skips (exit 0, "SKIP ...") when chromium is not installed.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
REDLINE=${REDLINE:-$ROOT/build/redline}
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$CHROMIUM" ]; then
    echo "SKIP chromium.sh: chromium not installed (apt-get install chromium)"
    exit 0
fi
. "$ROOT/tests/dash/lib.sh"
W=$(mktemp -d "${TMPDIR:-/tmp}/redline-chromium.XXXXXX")
trap 'rm -rf "$W"' EXIT
dash_mkdb "$W/store.db" || exit 1
dash_start "$W/store.db" || exit 1

SANDBOX=
[ "$(id -u)" -eq 0 ] && SANDBOX=--no-sandbox   # root cannot use the sandbox
failed=0
# dom URL OUT: the DOM after the page loaded (scripts, had any run, included)
dom() {
    timeout 90 "$CHROMIUM" --headless $SANDBOX --disable-gpu --no-first-run \
        --disable-extensions --user-data-dir="$W/profile" --dump-dom "$1" \
        > "$2" 2> "$W/chromium.err"
    if [ ! -s "$2" ]; then
        echo "FAIL chromium printed no DOM for $1:"
        tail -n 5 "$W/chromium.err"
        failed=1
    fi
}
# check WHAT FILE TEXT...: FILE contains every TEXT (fixed strings)
check() {
    what=$1 f=$2
    shift 2
    for want in "$@"; do
        if ! grep -q -F -e "$want" "$f"; then
            echo "FAIL $what: no '$want'"
            failed=1
            return
        fi
    done
    echo "ok   $what"
}
# safe WHAT FILE: no <script> element, no javascript: link, no marker
safe() {
    if grep -q -i '<script' "$2"; then
        echo "FAIL $1: a script element is in the DOM"
        failed=1
    elif grep -q -i 'href="javascript:' "$2"; then
        echo "FAIL $1: a javascript: URL became a link"
        failed=1
    elif grep -q '<body[^>]*data-xss' "$2"; then
        echo "FAIL $1: a script ran (body has data-xss)"
        failed=1
    else
        echo "ok   $1"
    fi
}

# The control: the same marker script, unescaped, does run in this browser.
printf '<!DOCTYPE html><html><body><p>control</p><script>document.body.setAttribute("data-xss","1")</script></body></html>\n' \
    > "$W/control.html"
dom "file://$W/control.html" "$W/control.dom"
if grep -q '<body[^>]*data-xss="1"' "$W/control.dom"; then
    echo "ok   control: an unescaped script runs and sets the marker"
else
    echo "FAIL control: the marker script did not run; the XSS checks would prove nothing"
    failed=1
fi

U=$DASH_URL
dom "$U/" "$W/net.dom"
check "network: an SVG with country nodes and dyad edges" "$W/net.dom" \
    '<svg class="network"' 'data-country="CHN"' 'data-dyad="CHN-USA"' \
    'CHN – USA: 5 events, mean Goldstein -1.0' '>RUS</text>'
check "network: top dyads and alerts" "$W/net.dom" 'RUS-UKR escalation' '<td>5</td>'

dom "$U/dyad?a=CHN&b=USA" "$W/dyad.dom"
check "dyad CHN-USA: a timeline with cooperation and conflict bars" "$W/dyad.dom" \
    '<svg class="timeline"' '<rect class="coop"' '<rect class="conflict"' \
    'week of 2024-03-18: 1 cooperation' 'week of 2024-04-15: 2 conflict' \
    '5 events: 2 cooperation, 3 conflict' \
    'Officials in Zürich said <mark class="src" title="source">China</mark>’s envoy <mark class="trg" title="trigger">met</mark> <mark class="tgt" title="target">American diplomats</mark> on Monday.'

dom "$U/events?country=UKR" "$W/events.dom"
check "events: source, trigger and target spans highlighted" "$W/events.dom" \
    '<mark class="src" title="source">Ukraine</mark> <mark class="trg" title="trigger">accused</mark> <mark class="tgt" title="target">Russia</mark>' \
    '<code class="rule">data/cameo.verbs.txt:'
check "events: the article's <script> shown as text" "$W/events.dom" \
    "Protesters wrote &lt;script&gt;document.body.setAttribute('data-xss','1');alert(1)&lt;/script&gt; as" \
    '&lt;img src=x onerror=alert(2)&gt;' 'Evil "Wire" &lt;b&gt;bold&lt;/b&gt;'
safe "events: no script ran" "$W/events.dom"
if grep -q 'href="javascript:' "$W/events.dom"; then
    echo "FAIL events: a javascript: URL became a link"
    failed=1
else
    echo "ok   events: a javascript: URL is not a link"
fi

dom "$U/quotes" "$W/quotes.dom"
check "quotations by speaker" "$W/quotes.dom" \
    '>Wang Wenbin</a> <code>CHNGOV</code> <span class="meta">2 quotations</span>' \
    '<blockquote>We reject these groundless accusations</blockquote>' \
    '>Antony Blinken</a>' \
    "Mallory &lt;script&gt;document.body.setAttribute('data-xss','3')&lt;/script&gt;"
safe "quotations: no script ran" "$W/quotes.dom"

dom "$U/search?q=%3Cscript%3E" "$W/search.dom"
check "search for <script>: found, shown as text" "$W/search.dom" \
    'value="&lt;script&gt;"' "&lt;script&gt;document.body.setAttribute('data-xss','2')"
safe "search: no script ran" "$W/search.dom"

"$REDLINE" report --db "$W/store.db" -o "$W/report.html" || { echo "FAIL report: exit $?"; failed=1; }
dom "file://$W/report.html" "$W/report.dom"
check "report: network, dyad timelines, events, quotations, alerts in one file" "$W/report.dom" \
    '<svg class="network"' 'href="#dyad-CHN-USA"' 'id="dyad-CHN-USA"' '<rect class="conflict"' \
    '<mark class="trg" title="trigger">accused</mark>' '<blockquote>We reject these groundless accusations</blockquote>' \
    'RUS-UKR escalation'
safe "report: no script ran" "$W/report.dom"
if grep -q -e 'src="http' -e 'href="/' "$W/report.html"; then
    echo "FAIL report: refers to a server path or loads something from outside"
    failed=1
else
    echo "ok   report: self-contained"
fi

# The real pipeline: tests/dash/xss.jsonl (hostile title, text, id, source,
# URL and quotation) and the store example corpus, coded and stored by
# redline ingest with the example watch rules, then served.
dash_stop || { echo "FAIL server exit status after SIGTERM"; failed=1; }
"$REDLINE" ingest -q --no-progress --db "$W/ingested.db" --rules "$ROOT/examples/redlines.rules" \
    "$ROOT/tests/dash/xss.jsonl" "$ROOT/examples/store-corpus.jsonl" > /dev/null ||
    { echo "FAIL redline ingest: exit $?"; failed=1; }
dash_start "$W/ingested.db" || exit 1
U=$DASH_URL
dom "$U/events?country=UKR" "$W/ing-events.dom"
check "ingested store: the event's spans highlighted, its <script> shown as text" "$W/ing-events.dom" \
    '<mark class="src" title="source">Ukraine</mark> <mark class="trg" title="trigger">accused</mark> <mark class="tgt" title="target">Russia</mark> of shelling &lt;script&gt;document.body.setAttribute("data-xss","1")&lt;/script&gt; near Kharkiv.' \
    '&lt;script&gt;document.body.setAttribute("data-xss","t")&lt;/script&gt; <mark class="src" title="source">Ukraine</mark>' \
    'xss-&lt;b&gt;1&lt;/b&gt;' 'Evil &lt;i&gt;Wire&lt;/i&gt;'
safe "ingested store, events: no script ran" "$W/ing-events.dom"
dom "$U/quotes" "$W/ing-quotes.dom"
check "ingested store: the quotation list, its <img> shown as text" "$W/ing-quotes.dom" \
    '>Dmytro Kuleba</a>' '<blockquote>We will answer &lt;img src=x onerror=alert(5)&gt;</blockquote>'
safe "ingested store, quotations: no script ran" "$W/ing-quotes.dom"
dom "$U/" "$W/ing-net.dom"
check "ingested store: network, and the alerts redline watch raised" "$W/ing-net.dom" \
    'data-dyad="CHN-RUS"' 'data-dyad="CHN-USA"' 'Beijing arms Moscow'
timeout 90 "$CHROMIUM" --headless $SANDBOX --disable-gpu --no-first-run --hide-scrollbars \
    --user-data-dir="$W/profile" --window-size=1200,1400 --screenshot="$W/shot.png" \
    "$U/" > /dev/null 2>&1
if [ -s "$W/shot.png" ]; then echo "ok   screenshot taken"; else echo "FAIL screenshot"; failed=1; fi

dash_stop || { echo "FAIL server exit status after SIGTERM"; failed=1; }
if [ $failed -eq 0 ]; then echo "chromium: all checks passed"; fi
exit $failed
