#!/usr/bin/env bash
# The second parser (issue 13): what `second-parser=on` (MimeKit as an ambiguity detector) catches
# that Vigil alone passes, what it costs, and whether it gives any verdict on real ham.
#
# 1. Catch: `vigil scan --json` with second-parser=off and =on over the hostile and real corpora
#    in ../shared/corpora and the SpamAssassin public corpus (bench/fetch-corpus.sh): per set the
#    messages, those clean when off and not clean when on (what it blocks that Vigil passed),
#    eicar.com or .zip names found only when on, and mails with a parser-disagreement finding.
# 2. Cost: the 4,150 SpamAssassin ham messages, ROUNDS rounds of off and on in turn (pairs in one
#    run, so the machine's load hits both alike); CPU time (user+sys) and wall time per round and
#    msg/s of CPU; the load average at the start.
#
# usage: bench/second-parser.sh [--rounds N]      VIGIL=/path/to/vigil to measure another build
#        (default: artifacts/vigil/vigil, the AOT binary, else the Release build)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=5
[[ "${1:-}" == "--rounds" ]] && rounds="$2"
vigil="${VIGIL:-}"
if [[ -z "$vigil" ]]; then
    if [[ -x "$root/artifacts/vigil/vigil" ]]; then vigil="$root/artifacts/vigil/vigil"
    else vigil="$(ls -d "$root"/src/Vigil/bin/Release/*/ | head -1)vigil"; fi
fi
[[ -x "$vigil" ]] || { echo "second-parser.sh: no vigil at $vigil (scripts/publish.sh or dotnet build -c Release)" >&2; exit 2; }
corpora="$root/../shared/corpora"
sa="$("$root/bench/fetch-corpus.sh")"
tmp="${VIGIL_BENCH_TMP:-/tmp/vigil-bench}/second-parser"
rm -rf "$tmp" && mkdir -p "$tmp/off" "$tmp/on"
echo "second-parser=off" > "$tmp/off/options"
echo "second-parser=on" > "$tmp/on/options"
# hide-filename is judged with the .zip ban its corpus is about.
for m in off on; do mkdir -p "$tmp/$m-zip"; cp "$tmp/$m/options" "$tmp/$m-zip/"; echo '\.zip$' > "$tmp/$m-zip/badfilenames"; done

echo "vigil: $vigil"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "## Catch"
printf '%-34s %6s %12s %14s %14s %12s\n' set mails "off->on" "payload-only-on" "name-only-on" disagree
catch() {
    local name="$1" control="$2"; shift 2
    "$vigil" scan --json --control "$tmp/$control" "$@" > "$tmp/$name.off.json" 2>/dev/null || true
    "$vigil" scan --json --control "$tmp/${control/off/on}" "$@" > "$tmp/$name.on.json" 2>/dev/null || true
    python3 - "$name" "$tmp/$name.off.json" "$tmp/$name.on.json" <<'PY'
import json, sys
name, off, on = sys.argv[1:]
def load(p):
    r = {}
    for line in open(p):
        o = json.loads(line); r[o["path"]] = o
    return r
a, b = load(off), load(on)
def names(o): return {n for p in o["parts"] for n in [p.get("filename")] + (p.get("names") or []) if n}
changed = [p for p in a if a[p]["verdict"] == "clean" and b.get(p, {}).get("verdict", "clean") != "clean"]
payload = [p for p in a if "eicar.com" not in names(a[p]) and "eicar.com" in names(b.get(p, a[p]))]
zipname = [p for p in a if not any(n.lower().endswith(".zip") for n in names(a[p])) and any(n.lower().endswith(".zip") for n in names(b.get(p, a[p])))]
disagree = [p for p in b if any(f["rule"] == "format:parser-disagreement" for f in b[p]["findings"])]
print(f"{name:34s} {len(a):6d} {len(changed):12d} {len(payload):14d} {len(zipname):14d} {len(disagree):12d}")
for p in changed:
    print(f"    off->on: {p}: {[f['rule'] for f in b[p]['findings']][:4]}")
PY
}
catch hide-content-sample off "$corpora/mime-is-broken/hide-content-sample"
catch hide-filename off-zip "$corpora/mime-is-broken/hide-filename"
catch mimekit-messages off "$corpora/mimekit/messages"
catch mailparser off "$corpora/mailparser"
catch cpython-email off "$corpora/cpython-email"
catch spamassassin-tdata off "$corpora/spamassassin"
catch sa-ham off "$sa/easy-ham-1" "$sa/easy-ham-2" "$sa/hard-ham-1"
catch sa-spam off "$sa/spam-1" "$sa/spam-2"

echo
echo "## Cost: 4,150 SpamAssassin ham, $rounds rounds of off and on in turn"
ham=("$sa/easy-ham-1" "$sa/easy-ham-2" "$sa/hard-ham-1")
n=$(find "${ham[@]}" -type f | wc -l)
for r in $(seq 1 "$rounds"); do
    for m in off on; do
        /usr/bin/time -f "$m %U %S %e" -o "$tmp/time" "$vigil" scan --json --control "$tmp/$m" "${ham[@]}" > /dev/null 2>&1 || true
        cat "$tmp/time" >> "$tmp/times"
    done
done
python3 - "$tmp/times" "$n" <<'PY'
import sys, statistics
rows = [l.split() for l in open(sys.argv[1]) if l.split()[:1] in (["off"], ["on"])]
n = int(sys.argv[2])
for m in ("off", "on"):
    cpu = [float(u) + float(s) for k, u, s, e in rows if k == m]
    wall = [float(e) for k, u, s, e in rows if k == m]
    print(f"{m:4s} CPU median {statistics.median(cpu):.2f} s ({n / statistics.median(cpu):,.0f} msg/s of CPU), wall median {statistics.median(wall):.2f} s, CPU per round {', '.join(f'{c:.2f}' for c in cpu)}")
off = statistics.median([float(u) + float(s) for k, u, s, e in rows if k == "off"])
on = statistics.median([float(u) + float(s) for k, u, s, e in rows if k == "on"])
print(f"on costs {100 * (on - off) / on:.0f} % of off's msg/s (CPU), {on / off:.2f}x the CPU")
PY
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
