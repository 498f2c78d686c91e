#!/usr/bin/env bash
# Compares JIT tiering settings (as DOTNET_* environment variables, which override the
# runtimeconfig) on the three timed targets, all on core 0. Shows median and least wall time and
# the CPU time (user+sys), which suffers least from other load on a shared machine.
#
# usage: bench/tiering.sh [RUNS]   (after bench/run.sh has published vigil and made the inputs)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${VIGIL_BENCH_CACHE:-$HOME/.cache/vigil-bench}"
tmp="${VIGIL_BENCH_TMP:-/tmp/vigil-bench}"
vigil="${VIGIL:-$root/artifacts/vigil/vigil}"
runs="${1:-7}"
corpus="$cache/spamassassin"
attach="$cache/attach50.eml"
small="$tmp/small.eml"
for f in "$vigil" "$corpus" "$attach" "$small"; do
    [[ -e "$f" ]] || { echo "tiering.sh: $f missing; run bench/run.sh first" >&2; exit 2; }
done

variants=(
    "default|"
    "TieredPGO=0|DOTNET_TieredPGO=0"
    "TieredCompilation=0|DOTNET_TieredCompilation=0"
    "TC_QuickJitForLoops=0|DOTNET_TC_QuickJitForLoops=0"
    "TieredPGO=0 TC_QuickJitForLoops=0|DOTNET_TieredPGO=0 DOTNET_TC_QuickJitForLoops=0"
    "TieredPGO=0 TC_QuickJit=0|DOTNET_TieredPGO=0 DOTNET_TC_QuickJit=0"
    "ReadyToRun=0 (JIT everything)|DOTNET_ReadyToRun=0"
)

bench() {
    local label="$1" warmup="$2" count="$3"
    shift 3
    local args=()
    for v in "${variants[@]}"; do
        local name="${v%%|*}" env="${v#*|}"
        args+=(-n "$name" "env $env taskset -c 0 $vigil $*")
    done
    hyperfine -N -i --style none -w "$warmup" -r "$count" --export-csv "$tmp/tiering.csv" "${args[@]}" >/dev/null 2>&1
    echo "$label"
    awk -F, 'NR > 1 { printf "  %-36s median %8.1f ms   min %8.1f ms   cpu %8.1f ms\n", $1, $4 * 1000, $7 * 1000, ($5 + $6) * 1000 }' "$tmp/tiering.csv"
}

echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
bench "(a) scan --json corpus" 1 "$runs" scan --json "$corpus"
bench "(b) scan --json 50 MB attachment" 1 "$runs" scan --json "$attach"
bench "(d) scan one small message" 3 $((runs * 4)) scan "$small"
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
