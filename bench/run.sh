#!/usr/bin/env bash
# Runs the four performance targets against the published vigil binary, then the in-process
# harness, and prints a table. Big generated files go to the cache or /tmp, never the repository.
#
#   (a) SpamAssassin corpus, 6,046 messages: `taskset -c 0 vigil scan --json DIR`  >= 5,000 msg/s
#   (b) 50 MB base64 attachment: whole `vigil scan` on one core                     >= 300 MB/s
#   (c) 500 MB message: peak RSS of `vigil scan` (/usr/bin/time -v)                  <  150 MB
#   (d) one small message: `vigil scan x.eml` wall median, process start included    <  100 ms
#
# usage: bench/run.sh [--skip-huge] [--no-publish] [--runs N]
# env:   VIGIL_BENCH_CACHE (default ~/.cache/vigil-bench), VIGIL_BENCH_TMP (default /tmp/vigil-bench),
#        VIGIL (a vigil binary to use instead of publishing), and any DOTNET_* setting to try.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${VIGIL_BENCH_CACHE:-$HOME/.cache/vigil-bench}"
tmp="${VIGIL_BENCH_TMP:-/tmp/vigil-bench}"
skip_huge=false
publish=true
runs=5
while [[ $# -gt 0 ]]; do
    case "$1" in
        --skip-huge) skip_huge=true ;;
        --no-publish) publish=false ;;
        --runs) runs="$2"; shift ;;
        *) echo "usage: bench/run.sh [--skip-huge] [--no-publish] [--runs N]" >&2; exit 2 ;;
    esac
    shift
done
mkdir -p "$cache" "$tmp"

# --- tools ---------------------------------------------------------------------------------
for tool in hyperfine /usr/bin/time taskset; do
    if ! command -v "$tool" >/dev/null; then
        echo "run.sh: $tool missing; install with: apt-get install -y hyperfine time util-linux" >&2
    fi
done
have_hyperfine=false
command -v hyperfine >/dev/null && [[ -z "${VIGIL_BENCH_NO_HYPERFINE:-}" ]] && have_hyperfine=true

# median wall seconds of RUNS runs (after WARMUP) of a command; its output is discarded and a
# non-zero exit (1 = something not clean) is not an error.
median_seconds() {
    local warmup="$1" count="$2"
    shift 2
    if $have_hyperfine; then
        local csv="$tmp/hyperfine.csv"
        hyperfine -N -i --style none -w "$warmup" -r "$count" --export-csv "$csv" -- "$(printf '%q ' "$@")" >/dev/null 2>&1
        awk -F, 'NR==2 { print $4 }' "$csv"
    else
        local i t0 t1
        for ((i = 0; i < warmup; i++)); do "$@" >/dev/null 2>&1 || true; done
        for ((i = 0; i < count; i++)); do
            t0=$(date +%s%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s%N)
            echo $((t1 - t0))
        done | sort -n | awk '{ a[NR] = $1 } END { printf "%.6f\n", a[int((NR + 1) / 2)] / 1e9 }'
    fi
}

calc() { awk "BEGIN { printf \"$1\n\", $2 }"; }

# --- inputs and binaries ------------------------------------------------------------------
corpus="$("$root/bench/fetch-corpus.sh" "$cache")"
corpus_count="$(find "$corpus" -type f -name '*.txt' | wc -l)"

if [[ -n "${VIGIL:-}" ]]; then
    vigil="$VIGIL"
elif $publish || [[ ! -x "$root/artifacts/vigil/vigil" ]]; then
    "$root/scripts/publish.sh" >&2
    vigil="$root/artifacts/vigil/vigil"
else
    vigil="$root/artifacts/vigil/vigil"
fi

dotnet build "$root/bench/Vigil.Bench" -c Release -nologo -v quiet >&2
harness="$root/bench/Vigil.Bench/bin/Release/net10.0/Vigil.Bench"

attach="$cache/attach50.eml"
[[ -f "$attach" ]] || "$harness" gen-attachment "$attach" 50 >/dev/null
attach_mb="$(calc '%.1f' "$(stat -c %s "$attach") / 1048576")"

# A plain small message: the corpus's first ham without its mbox "From " line.
small="$tmp/small.eml"
first_ham="$(find "$corpus/easy-ham-1" -type f -name '*.txt' | sort | awk 'NR == 1')"
tail -n +2 "$first_ham" >"$small"

echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "vigil:   $vigil"
echo

# --- (a) corpus ----------------------------------------------------------------------------
a_s="$(median_seconds 1 "$runs" taskset -c 0 "$vigil" scan --json "$corpus")"
a_rate="$(calc '%.0f' "$corpus_count / $a_s")"

# --- (b) 50 MB attachment ------------------------------------------------------------------
b_s="$(median_seconds 1 "$runs" taskset -c 0 "$vigil" scan --json "$attach")"
b_rate="$(calc '%.0f' "$attach_mb / $b_s")"
b_inproc="$(taskset -c 0 "$harness" large "$attach" --warmup 1 --iterations 3 | awk '$1 == "metric" && $2 == "engine_mb_per_s" { printf "%.0f", $3 }')"

# --- (c) 500 MB message --------------------------------------------------------------------
c_rss="skipped"
c_wall=""
if ! $skip_huge; then
    huge="$tmp/huge500.eml"
    [[ -f "$huge" ]] || "$harness" gen-huge "$huge" 500 >/dev/null
    huge_mb="$(calc '%.0f' "$(stat -c %s "$huge") / 1048576")"
    /usr/bin/time -v -o "$tmp/time-huge.txt" taskset -c 0 "$vigil" scan --json "$huge" >"$tmp/huge.json" || true
    c_rss="$(awk -F: '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$tmp/time-huge.txt")"
    c_wall="$(awk '/Elapsed \(wall clock\)/ { print $NF }' "$tmp/time-huge.txt")"
    [[ -n "${KEEP_HUGE:-}" ]] || rm -f "$huge"
fi

# --- (d) one small message -----------------------------------------------------------------
d_s="$(median_seconds 5 $((runs * 6)) "$vigil" scan "$small")"
d_ms="$(calc '%.1f' "$d_s * 1000")"

verdict() { if awk "BEGIN { exit !($1) }"; then echo "pass"; else echo "MISS"; fi; }

printf '%-48s %-14s %-16s %s\n' "target" "goal" "measured" ""
printf '%-48s %-14s %-16s %s\n' "(a) corpus, $corpus_count msgs, 1 core, --json" ">= 5000 msg/s" "$a_rate msg/s" "$(verdict "$a_rate >= 5000")"
printf '%-48s %-14s %-16s %s\n' "(b) ${attach_mb} MB message (50 MB base64), 1 core" ">= 300 MB/s" "$b_rate MB/s" "$(verdict "$b_rate >= 300")"
printf '%-48s %-14s %-16s %s\n' "    same, in-process engine (warm)" "" "$b_inproc MB/s" ""
if $skip_huge; then
    printf '%-48s %-14s %-16s %s\n' "(c) 500 MB message, peak RSS" "< 150 MB" "skipped" ""
else
    printf '%-48s %-14s %-16s %s\n' "(c) ${huge_mb} MB message, peak RSS (wall $c_wall)" "< 150 MB" "$c_rss MB" "$(verdict "$c_rss < 150")"
fi
printf '%-48s %-14s %-16s %s\n' "(d) one small message, wall median" "< 100 ms" "$d_ms ms" "$(verdict "$d_ms < 100")"
echo
echo "in-process throughput and phase split (one core):"
taskset -c 0 "$harness" throughput "$corpus" --warmup 2 --iterations "$runs" | grep -v '^metric'
