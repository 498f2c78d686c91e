#!/usr/bin/env bash
# Issue 4's scanner figures against a private clamd (scripts/clamd.sh, its own run dir and port so
# it never meets the tests' clamd):
#   overhead:    Vigil.Bench clamd-overhead, sequential, SpamAssassin corpus + clamav-testfiles mails:
#                (a) raw INSTREAM with ClamdClient, a connect per message, and (a') the same over one
#                clamd session, vs MessageScanner in (b) raw, (c) entities, (d) both, interleaved in
#                blocks of 250 messages. Goal: (b) <= 1.2 x (a), paired per round.
#   concurrency: Vigil.Bench clamd-concurrency, messages/s with 1, 4 and 16 scans in flight and the
#                CPU use of vigil + clamd (200 % = both cores of this machine).
# clamd is stopped at the end (also on failure).
#
# usage: bench/scanners.sh [--iterations N] [--warmup N]
# env:   VIGIL_BENCH_CACHE (default ~/.cache/vigil-bench), VIGIL_BENCH_TMP (default /tmp/vigil-bench),
#        VIGIL_CLAMD_DIR (default /tmp/vigil-bench-clamd), VIGIL_CLAMD_PORT (default 3319)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${VIGIL_BENCH_CACHE:-$HOME/.cache/vigil-bench}"
tmp="${VIGIL_BENCH_TMP:-/tmp/vigil-bench}"
export VIGIL_CLAMD_DIR="${VIGIL_CLAMD_DIR:-/tmp/vigil-bench-clamd}"
export VIGIL_CLAMD_PORT="${VIGIL_CLAMD_PORT:-3319}"
iterations=3
warmup=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --iterations) iterations="$2"; shift ;;
        --warmup) warmup="$2"; shift ;;
        *) echo "usage: bench/scanners.sh [--iterations N] [--warmup N]" >&2; exit 2 ;;
    esac
    shift
done
mkdir -p "$cache" "$tmp"

corpus="$("$root/bench/fetch-corpus.sh" "$cache")"
dotnet build "$root/bench/Vigil.Bench" -c Release -nologo -v quiet >&2
harness="$root/bench/Vigil.Bench/bin/Release/net10.0/Vigil.Bench"

testmails="$tmp/clamav-testfile-mails"
rm -rf "$testmails"
"$harness" gen-testfile-mails "$testmails" >/dev/null

"$root/scripts/clamd.sh" install >&2
trap '"$root/scripts/clamd.sh" stop >&2 || true' EXIT
"$root/scripts/clamd.sh" start >/dev/null
sock="$VIGIL_CLAMD_DIR/clamd.sock"
pid="$(cat "$VIGIL_CLAMD_DIR/clamd.pid")"

echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "clamd:   $(clamd --version), pid $pid, unix:$sock, MaxThreads $(awk '$1 == "MaxThreads" { print $2 }' "$VIGIL_CLAMD_DIR/clamd.conf" | grep . || echo '10 (clamd default)')"
echo

out="$tmp/scanners-overhead.txt"
"$harness" clamd-overhead "$corpus" "$testmails" --clamd "unix:$sock" --clamd-pid "$pid" \
    --warmup "$warmup" --iterations "$iterations" | tee "$out" | grep -v '^metric'
echo
out2="$tmp/scanners-concurrency.txt"
"$harness" clamd-concurrency "$corpus" "$testmails" --clamd "unix:$sock" --clamd-pid "$pid" \
    --concurrency 1,4,16 --warmup "$warmup" --iterations "$iterations" | tee "$out2" | grep -v '^metric'

metric() { awk -v m="$2" '$1 == "metric" && $2 == m { print $3 }' "$1"; }
verdict() { if awk "BEGIN { exit !($1) }"; then echo "pass"; else echo "MISS"; fi; }
ratio="$(metric "$out" overhead_raw_ratio_paired)"
plain="$(metric "$out" requests_both_plain_text)"
c1="$(metric "$out2" concurrency_1_msgs_per_s)"
c16="$(metric "$out2" concurrency_16_msgs_per_s)"
cpu16="$(metric "$out2" concurrency_16_cpu_percent)"
echo
printf '%-52s %-12s %-14s %s\n' "target" "goal" "measured" ""
printf '%-52s %-12s %-14s %s\n' "raw mode wall time / plain INSTREAM (paired median)" "<= 1.2" "$(printf '%.2f' "$ratio")" "$(verdict "$ratio <= 1.2")"
printf '%-52s %-12s %-14s %s\n' "    same, ratio of medians / of least times" "" "$(printf '%.2f / %.2f' "$(metric "$out" overhead_raw_ratio_median)" "$(metric "$out" overhead_raw_ratio_least)")" ""
printf '%-52s %-12s %-14s %s\n' "    raw / INSTREAM over one session (paired)" "" "$(printf '%.2f' "$(metric "$out" overhead_raw_ratio_paired_session)")" ""
printf '%-52s %-12s %-14s %s\n' "    entities / both mode (paired)" "" "$(printf '%.2f / %.2f' "$(metric "$out" overhead_entities_ratio_paired)" "$(metric "$out" overhead_both_ratio_paired)")" ""
printf '%-52s %-12s %-14s %s\n' "both mode: plain text parts sent again" "0" "$plain" "$(verdict "$plain == 0")"
printf '%-52s %-12s %-14s %s\n' "16 in flight: CPU of vigil + clamd (2 cores = 200%)" "~200%" "$(printf '%.0f%%' "$cpu16")" "$(verdict "$cpu16 >= 180")"
printf '%-52s %-12s %-14s %s\n' "    msg/s at 1 / 16 in flight (both mode)" "" "$(printf '%.0f / %.0f' "$c1" "$c16")" ""
