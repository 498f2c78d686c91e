#!/usr/bin/env bash
# Every target of docs/PERFORMANCE.md for the Native AOT vigil against the ReadyToRun one, in one
# run, each command of a pair timed back to back by hyperfine (same minutes, same load):
#
#   queue    `vigil queue` of a clean 10 KB message, clamd required, hand-off to a qmail-queue
#            stand-in, process start included                                 goal <= 10 ms median
#   deliver  `vigil deliver` (dot-qmail) of the same message, clamd required  goal <= 10 ms median
#   qhpsi    `vigil scan -` of the same message (QHPSI door, clamd required)
#   small    `vigil scan small.eml`, one small message, policy only           goal <=  6 ms median
#   corpus   `taskset -c 0 vigil scan --json CORPUS` (6,046 messages)         goal >= 5,000 msg/s
#   attach   `taskset -c 0 vigil scan --json attach50.eml` (67.5 MB)          goal >= 300 MB/s
#   huge     peak RSS of `vigil scan --json huge500.eml` (505 MB)             goal < 150 MB
#   regex    `vigil queue` with a realistic control directory (bench/control-regex: 43 policy
#            regexes), no scanner, once with regexengine=backtracking, once nonbacktracking
#
# The private clamd is bench/queue.sh's (scripts/clamd.sh, its own dir and port).
#
# usage: bench/aot-vs-r2r.sh [--runs N] [--no-publish] [--skip-huge] [--only LIST]
#   LIST: comma-separated names from above (default all)
# env:   VIGIL_AOT, VIGIL_R2R (binaries; default: publish both), VIGIL_BENCH_CACHE
#        (~/.cache/vigil-bench), VIGIL_BENCH_TMP (/tmp/vigil-bench-aot), VIGIL_CLAMD_DIR, VIGIL_CLAMD_PORT
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${VIGIL_BENCH_CACHE:-$HOME/.cache/vigil-bench}"
tmp="${VIGIL_BENCH_TMP:-/tmp/vigil-bench-aot}"
export VIGIL_CLAMD_DIR="${VIGIL_CLAMD_DIR:-/tmp/vigil-bench-queue-clamd}"
export VIGIL_CLAMD_PORT="${VIGIL_CLAMD_PORT:-3320}"
runs=30
publish=true
skip_huge=false
only="queue,deliver,qhpsi,small,corpus,attach,huge,regex"
usage="usage: bench/aot-vs-r2r.sh [--runs N] [--no-publish] [--skip-huge] [--only LIST]"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs="$2"; shift ;;
        --no-publish) publish=false ;;
        --skip-huge) skip_huge=true ;;
        --only) only="$2"; shift ;;
        *) echo "$usage" >&2; exit 2 ;;
    esac
    shift
done
wants() { [[ ",$only," == *",$1,"* ]]; }
for tool in hyperfine /usr/bin/time taskset python3; do
    command -v "$tool" >/dev/null || { echo "aot-vs-r2r.sh: needs $tool (apt-get install hyperfine time util-linux python3)" >&2; exit 1; }
done
rm -rf "$tmp"
mkdir -p "$tmp" "$cache"

aot="${VIGIL_AOT:-$root/artifacts/vigil/vigil}"
r2r="${VIGIL_R2R:-$tmp/../vigil-bench-r2r/vigil}"
if $publish && [[ -z "${VIGIL_AOT:-}" ]]; then "$root/scripts/publish.sh" >&2; fi
if $publish && [[ -z "${VIGIL_R2R:-}" ]]; then "$root/scripts/publish.sh" --r2r -o "$(dirname "$r2r")" >&2; fi
for b in "$aot" "$r2r"; do [[ -x "$b" ]] || { echo "aot-vs-r2r.sh: no binary at $b (drop --no-publish)" >&2; exit 1; }; done

# --- inputs -----------------------------------------------------------------------------------
msg="$tmp/clean10k.eml"
{
    printf 'From: alice@example.org\nTo: bob@example.net\nSubject: quarterly figures\n'
    printf 'Date: Sat, 21 Nov 2026 12:00:00 +0000\nMessage-ID: <bench.10k@example.org>\nMIME-Version: 1.0\n'
    printf 'Content-Type: text/plain; charset=us-ascii\n\n'
    for ((i = 0; i < 200; i++)); do
        printf 'Line %04d of the report: revenue, costs and the outlook for the next quarter.\n' "$i"
    done
} >"$msg.full"
head -c 10239 "$msg.full" >"$msg"
printf '\n' >>"$msg"
rm -f "$msg.full"
envelope="$tmp/envelope"
printf 'Falice@example.org\0Tbob@example.net\0\0' >"$envelope"
standin="$tmp/qmail-queue"
printf '#!/bin/sh\ncat > "%s/handoff.message" && cat <&1 > "%s/handoff.envelope"\n' "$tmp" "$tmp" >"$standin"
chmod 755 "$standin"

needs_clamd=false
for t in queue deliver qhpsi; do wants $t && needs_clamd=true; done
control="$tmp/control"
mkdir -p "$control"
printf 'quarantine=%s\nqmailqueue=%s\n' "$tmp/quarantine" "$standin" >"$control/options"
if $needs_clamd; then
    "$root/scripts/clamd.sh" install >&2
    trap '"$root/scripts/clamd.sh" stop >&2 || true' EXIT
    sock="$("$root/scripts/clamd.sh" start)"
    printf 'clamd unix:%s required\n' "$sock" >"$control/scanners"
fi

# A realistic control directory for the regex figure: subject, file-name, header and type rules
# of the kind the seeds' sites kept, every line a regex the policy builds.
for engine in backtracking nonbacktracking; do
    mkdir -p "$tmp/control-$engine"
    cp "$root/bench/control-regex/"* "$tmp/control-$engine/"
    printf 'quarantine=%s\nqmailqueue=%s\nregexengine=%s\n' "$tmp/quarantine" "$standin" "$engine" >"$tmp/control-$engine/options"
done

small="$tmp/small.eml"
if wants small || wants corpus; then
    corpus="$("$root/bench/fetch-corpus.sh" "$cache")"
    corpus_count="$(find "$corpus" -type f -name '*.txt' | wc -l)"
    tail -n +2 "$(find "$corpus/easy-ham-1" -type f -name '*.txt' | sort | head -1)" >"$small"
fi
harness="$root/bench/Vigil.Bench/bin/Release/net10.0/Vigil.Bench"
if wants attach || { wants huge && ! $skip_huge; }; then
    dotnet build "$root/bench/Vigil.Bench" -c Release -nologo -v quiet >&2
fi
attach="$cache/attach50.eml"
wants attach && { [[ -f "$attach" ]] || "$harness" gen-attachment "$attach" 50 >/dev/null; }

# Every door run checked once per build before it is timed: the exit code and the hand-off.
queue_cmd() { echo "sh -c 'exec \"$1\" queue --control \"$2\" 1<\"$envelope\" <\"$msg\" 2>/dev/null'"; }
deliver_cmd() {
    echo "env SENDER=alice@example.org RECIPIENT=bob@example.net LOCAL=bob HOST=example.net USER=bob HOME=$tmp DTLINE='Delivered-To: bob@example.net' sh -c 'exec \"$1\" deliver --control \"$control\" <\"$msg\" 2>/dev/null'"
}
check() {
    local what="$1" cmd="$2" want="$3" rc=0
    rm -f "$tmp/handoff.message"
    bash -c "$cmd" >/dev/null 2>"$tmp/check.err" || rc=$?
    [[ $rc -eq $want ]] || { echo "aot-vs-r2r.sh: $what exited $rc, not $want:" >&2; cat "$tmp/check.err" >&2; exit 1; }
}

echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), load before $(cut -d' ' -f1-3 /proc/loadavg)"
echo "AOT:     $aot ($(stat -c %s "$aot") bytes)"
echo "R2R:     $r2r"
echo "runs:    $runs per command (door and small-message rows), after 3 warm-ups"
echo

results="$tmp/results.tsv"
: >"$results"
# pair NAME WARMUP RUNS AOT_CMD R2R_CMD: medians (and least, user, sys) of both into results.tsv
pair() {
    local name="$1" warm="$2" n="$3"
    hyperfine -N -i --style none -w "$warm" -r "$n" --export-json "$tmp/$name.json" \
        -n "$name AOT" "$4" -n "$name R2R" "$5" >/dev/null 2>"$tmp/$name.err" || { cat "$tmp/$name.err" >&2; exit 1; }
    python3 - "$tmp/$name.json" >>"$results" <<'EOF'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("\t".join([r["command"], f"{r['median']:.6f}", f"{r['min']:.6f}", f"{r['user']:.6f}", f"{r['system']:.6f}"]))
EOF
}

if wants queue; then
    for b in "$aot" "$r2r"; do
        check "queue ($b)" "$(queue_cmd "$b" "$control")" 0
        cmp -s "$msg" "$tmp/handoff.message" || { echo "aot-vs-r2r.sh: the handed-on message differs" >&2; exit 1; }
    done
    pair queue 3 "$runs" "$(queue_cmd "$aot" "$control")" "$(queue_cmd "$r2r" "$control")"
fi
if wants deliver; then
    for b in "$aot" "$r2r"; do check "deliver ($b)" "$(deliver_cmd "$b")" 0; done
    pair deliver 3 "$runs" "$(deliver_cmd "$aot")" "$(deliver_cmd "$r2r")"
fi
if wants qhpsi; then
    qhpsi_cmd() { echo "sh -c 'exec \"$1\" scan --control \"$control\" - <\"$msg\"'"; }
    for b in "$aot" "$r2r"; do check "scan - ($b)" "$(qhpsi_cmd "$b")" 0; done
    pair qhpsi 3 "$runs" "$(qhpsi_cmd "$aot")" "$(qhpsi_cmd "$r2r")"
fi
if wants regex; then
    for engine in backtracking nonbacktracking; do
        for b in "$aot" "$r2r"; do check "queue, $engine policy ($b)" "$(queue_cmd "$b" "$tmp/control-$engine")" 0; done
        pair "regex-${engine:0:6}" 3 "$runs" "$(queue_cmd "$aot" "$tmp/control-$engine")" "$(queue_cmd "$r2r" "$tmp/control-$engine")"
    done
fi
if wants small; then
    pair small 3 "$runs" "$aot scan $small" "$r2r scan $small"
fi
if wants corpus; then
    pair corpus 1 5 "taskset -c 0 $aot scan --json $corpus" "taskset -c 0 $r2r scan --json $corpus"
fi
if wants attach; then
    pair attach 1 5 "taskset -c 0 $aot scan --json $attach" "taskset -c 0 $r2r scan --json $attach"
fi
huge_rss=()
if wants huge && ! $skip_huge; then
    huge="$tmp/huge500.eml"
    "$harness" gen-huge "$huge" 500 >/dev/null
    for b in "$aot" "$r2r"; do
        /usr/bin/time -v -o "$tmp/time-huge.txt" taskset -c 0 "$b" scan --json "$huge" >/dev/null || true
        huge_rss+=("$(awk -F: '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$tmp/time-huge.txt")")
    done
    rm -f "$huge"
fi

python3 - "$results" "${corpus_count:-0}" "$(stat -c %s "$attach" 2>/dev/null || echo 0)" "${huge_rss[@]}" <<'EOF'
import sys
rows = {}
for line in open(sys.argv[1]):
    cmd, med, least, user, sys_ = line.rstrip("\n").split("\t")
    rows[cmd] = (float(med), float(least), float(user), float(sys_))
corpus, attach = int(sys.argv[2]), int(sys.argv[3])
rss = sys.argv[4:]
goals = {"queue": ("<= 10 ms", lambda m: m * 1e3 <= 10), "deliver": ("<= 10 ms", lambda m: m * 1e3 <= 10),
         "small": ("<= 6 ms", lambda m: m * 1e3 <= 6)}
print(f"{'target':<12} {'build':<5} {'median':>12} {'least':>10} {'user+sys ms':>12}  {'AOT/R2R':>7}  goal")
for name in ["queue", "deliver", "qhpsi", "regex-backtr", "regex-nonbac", "small", "corpus", "attach"]:
    if f"{name} AOT" not in rows:
        continue
    a, r = rows[f"{name} AOT"], rows[f"{name} R2R"]
    for build, v in (("AOT", a), ("R2R", r)):
        if name == "corpus":
            shown = f"{corpus / v[0]:,.0f} msg/s"; least = f"{v[1]*1e3:.0f} ms"
            goal = ">= 5000 msg/s " + ("pass" if corpus / v[0] >= 5000 else "MISS")
        elif name == "attach":
            shown = f"{attach / 1048576 / v[0]:.0f} MB/s"; least = f"{v[1]*1e3:.0f} ms"
            goal = ">= 300 MB/s " + ("pass" if attach / 1048576 / v[0] >= 300 else "MISS")
        else:
            shown = f"{v[0]*1e3:.1f} ms"; least = f"{v[1]*1e3:.1f} ms"
            g = goals.get(name)
            goal = f"{g[0]} {'pass' if g[1](v[0]) else 'MISS'}" if g else ""
        ratio = f"{a[0] / r[0]:.2f}" if build == "AOT" else ""
        print(f"{name:<12} {build:<5} {shown:>12} {least:>10} {(v[2] + v[3]) * 1e3:>12.1f}  {ratio:>7}  {goal}")
if rss:
    print(f"{'huge':<12} {'AOT':<5} {rss[0] + ' MB':>12} peak RSS, goal < 150 MB {'pass' if int(rss[0]) < 150 else 'MISS'}")
    print(f"{'huge':<12} {'R2R':<5} {rss[1] + ' MB':>12} peak RSS, goal < 150 MB {'pass' if int(rss[1]) < 150 else 'MISS'}")
EOF
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
