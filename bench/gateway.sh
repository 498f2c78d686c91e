#!/usr/bin/env bash
# Gateway throughput (issue 11, "Measured"): the same SpamAssassin corpus messages, with 1, 10 and
# 100 sessions in flight, sent by the C# load tool (`Vigil.Bench load`: smtp-source sends one
# file only) to
#   vigil    `vigil serve --smtp` (the Native AOT binary) -> smtp-sink, judging with the private clamd
#   amavisd  amavisd-new (scripts/amavis.sh, virus checks only) -> smtp-sink, on the same clamd
#   ceiling  that clamd alone, doing clamd's share of the gateway's work: for each message the
#            INSTREAM requests Vigil's default clamd mode (`both`) sends for it (the raw message
#            and its transfer-encoded or expanded parts, found beforehand by Vigil's own analysis,
#            untimed), side by side, one connection per request as clamdscan --stream does;
#   ceiling-session  the same requests over at most ten kept-open zIDSESSION connections, as
#            Vigil keeps them: the cheaper way for clamd, so the stricter ceiling;
#            VIGIL_BENCH_CEILING_RAW=1 adds "ceiling-raw", the raw message alone
# round after round in one run (the targets take turns, so load that changes falls on all of
# them; vigil, vigil-b and the ceiling even block by block: `--blocks K` cuts each level into K
# slices that they send in turns, A B, B A..., and the ratio vigil/ceiling is also given as the
# median over every pair of blocks a few seconds apart, the figure that drifts least); prints the
# median over the rounds of msg/s, p50/p99 latency per message, peak RSS and CPU ms per message
# of each server and clamd, and the ratios to the goals (>= 10x amavisd-new, within 10 % of the
# ceiling).
#
# --pin: clamd alone on the last core, everything else (vigil, amavisd, smtp-sink, the load tool)
# on the others, for the ceiling too: whether the gateway holds clamd back when it does not take
# clamd's CPU (on shared cores the ratio also counts the gateway's own CPU against clamd's).
#
# usage: bench/gateway.sh [--rounds R] [--sessions 1,10,100] [--count N] [--amavis-count N]
#                         [--per-session M] [--blocks K] [--pin] [--no-publish] [--no-amavis] [--corpus DIR]   (root)
# Environment: VIGIL (another vigil binary), VIGIL_B (a second vigil binary, "vigil-b", measured
# in the same rounds on the same control directory: before/after a change; VIGIL_B_CLAMD_MODE
# gives it a clamd mode of its own, e.g. VIGIL_B=artifacts/vigil/vigil VIGIL_B_CLAMD_MODE=raw), VIGIL_AMAVIS_CHILDREN (amavisd's children, default 4),
# VIGIL_BENCH_CEILING_RAW (1: also the ceiling of the raw message alone, the figure before 2026-12-07),
# VIGIL_BENCH_CLAMD_MODE (raw|entities|both: Vigil's clamd mode through a scanners file; default:
# `--clamd`, i.e. both), VIGIL_BENCH_SERVE_EXTRA (more lines for the control directory's `serve` file).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
rounds=3 sessions=1,10,100 count=2000 amavis_count=400 per_session=20 blocks=10 pin=0 publish=1 amavis=1 corpus=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) rounds=$2; shift ;;
        --sessions) sessions=$2; shift ;;
        --count) count=$2; shift ;;
        --amavis-count) amavis_count=$2; shift ;;
        --per-session) per_session=$2; shift ;;
        --blocks) blocks=$2; shift ;;
        --pin) pin=1 ;;
        --no-publish) publish=0 ;;
        --no-amavis) amavis=0 ;;
        --corpus) corpus=$2; shift ;;
        *) sed -n '2,31p' "$0" >&2; exit 2 ;;
    esac
    shift
done
[[ $(id -u) -eq 0 ]] || { echo "gateway.sh: run as root (clamd and amavisd drop to their users)" >&2; exit 2; }

work=${VIGIL_BENCH_TMP:-/tmp/vigil-bench}/gateway
clamd_dir=$work/clamd
rm -rf "$work"; mkdir -p "$work/control" "$work/q"
export VIGIL_CLAMD_DIR=$clamd_dir VIGIL_CLAMD_CONF_EXTRA="DisableCache yes" VIGIL_CLAMD_PORT=3342
SMTP_PORT=12535 SMTP_PORT_B=12536 SINK_PORT=10035 AMAVIS_PORT=10034
BENCH=bench/Vigil.Bench/bin/Release/net10.0/Vigil.Bench

if [[ -n ${VIGIL:-} ]]; then vigil=$VIGIL; publish=0; else vigil=$root/artifacts/vigil/vigil; fi
if [[ $publish == 1 ]]; then scripts/publish.sh >&2; fi
[[ -x $vigil ]] || { echo "gateway.sh: no vigil at $vigil (scripts/publish.sh)" >&2; exit 2; }
dotnet build bench/Vigil.Bench/Vigil.Bench.csproj -c Release -v q -nologo >&2
[[ -n $corpus ]] || corpus=$(bench/fetch-corpus.sh)

pids=()
cleanup() {
    set +e
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${pids[@]}"; do while kill -0 "$p" 2>/dev/null; do sleep 0.1; done; done
    if [[ $amavis == 1 ]]; then VIGIL_AMAVIS_DIR=$work/amavis scripts/amavis.sh stop; fi
    scripts/clamd.sh stop
}
trap cleanup EXIT
wait_port() { for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "gateway.sh: port $1 not up" >&2; return 1; }

scripts/clamd.sh install >&2
sock=$(scripts/clamd.sh start) || { echo "gateway.sh: a real clamd is required" >&2; exit 2; }
clamd_pid=$(cat "$clamd_dir/clamd.pid")
# on=(taskset ...) runs the rest away from clamd's core with --pin; empty otherwise
on=()
if [[ $pin == 1 ]]; then
    last=$(( $(nproc) - 1 ))
    (( last >= 1 )) || { echo "gateway.sh: --pin needs two cores or more" >&2; exit 2; }
    taskset -a -p -c "$last" "$clamd_pid" >/dev/null
    on=(taskset -c "0-$(( last - 1 ))")
fi

"${on[@]}" smtp-sink -u nobody 127.0.0.1:$SINK_PORT 1024 & sink_pid=$!; pids+=($sink_pid)
wait_port $SINK_PORT

echo "quarantine=$work/q" > "$work/control/options"
printf 'maxconnections=2000\nmaxconnectionsperip=2000\n%s\n' "${VIGIL_BENCH_SERVE_EXTRA:-}" > "$work/control/serve"
clamd_arg=(--clamd "unix:$sock")
if [[ -n ${VIGIL_BENCH_CLAMD_MODE:-} ]]; then
    echo "clamd unix:$sock mode=$VIGIL_BENCH_CLAMD_MODE" > "$work/control/scanners"; clamd_arg=()
fi
"${on[@]}" "$vigil" serve --control "$work/control" --smtp 127.0.0.1:$SMTP_PORT --relay 127.0.0.1:$SINK_PORT \
    "${clamd_arg[@]}" > "$work/vigil.log" 2>&1 & vigil_pid=$!; pids+=($vigil_pid)
wait_port $SMTP_PORT
if [[ -n ${VIGIL_B:-} ]]; then
    control_b=$work/control clamd_arg_b=("${clamd_arg[@]}")
    if [[ -n ${VIGIL_B_CLAMD_MODE:-} ]]; then
        control_b=$work/control-b clamd_arg_b=(); cp -r "$work/control" "$control_b"
        echo "clamd unix:$sock mode=$VIGIL_B_CLAMD_MODE" > "$control_b/scanners"
    fi
    "${on[@]}" "$VIGIL_B" serve --control "$control_b" --smtp 127.0.0.1:$SMTP_PORT_B --relay 127.0.0.1:$SINK_PORT \
        "${clamd_arg_b[@]}" > "$work/vigil-b.log" 2>&1 & vigil_b_pid=$!; pids+=($vigil_b_pid)
    wait_port $SMTP_PORT_B
fi

if [[ $amavis == 1 ]]; then
    scripts/amavis.sh install >&2
    VIGIL_AMAVIS_DIR=$work/amavis VIGIL_AMAVIS_PORT=$AMAVIS_PORT VIGIL_AMAVIS_FORWARD=127.0.0.1:$SINK_PORT \
        VIGIL_AMAVIS_CLAMD="$sock" "${on[@]}" scripts/amavis.sh start >/dev/null
    amavis_pid=$(cat "$work/amavis/amavisd.launcher.pid")
fi

# The fresh daemon's memory with 1,000 idle sessions, before any mail has grown its heap.
idle=$("${on[@]}" "$BENCH" idle "smtp:127.0.0.1:$SMTP_PORT" --sessions 1000 --pid "$vigil_pid" | grep '^idle' || true)
echo "$idle" >&2

results=$work/results.txt; : > "$results"
common=(--sessions "$sessions" --per-session "$per_session")
for r in $(seq 1 "$rounds"); do
    echo "== round $r of $rounds, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    # vigil, the two ceilings and vigil-b in turns, block by block (pair lines: vigil/ceiling,
    # vigil/ceiling-session, vigil/vigil-b)
    targets=("smtp:127.0.0.1:$SMTP_PORT" "clamd:unix:$sock" "clamd-session:unix:$sock") labels=vigil,ceiling,ceiling-session watches=(--watch "vigil:$vigil_pid" --watch "clamd:$clamd_pid" --watch "sink:$sink_pid")
    if [[ -n ${VIGIL_B:-} ]]; then
        targets+=("smtp:127.0.0.1:$SMTP_PORT_B") labels+=,vigil-b watches+=(--watch "vigil-b:$vigil_b_pid")
    fi
    "${on[@]}" "$BENCH" load "${targets[@]}" "$corpus" "${common[@]}" --count "$count" --label "$labels" --blocks "$blocks" \
        "${watches[@]}" | tee -a "$results" >&2
    if [[ $amavis == 1 ]]; then
        "${on[@]}" "$BENCH" load "smtp:127.0.0.1:$AMAVIS_PORT" "$corpus" "${common[@]}" --count "$amavis_count" --label amavisd \
            --watch "amavisd:$amavis_pid" --watch "clamd:$clamd_pid" --watch "sink:$sink_pid" | tee -a "$results" >&2
    fi
    if [[ -n ${VIGIL_BENCH_CEILING_RAW:-} ]]; then
        "${on[@]}" "$BENCH" load "clamd:unix:$sock" "$corpus" "${common[@]}" --count "$count" --label ceiling-raw --requests raw \
            --watch "clamd:$clamd_pid" | tee -a "$results" >&2
    fi
done

echo
echo "gateway throughput: $rounds round(s)${on:+, clamd alone on core $last (--pin)}, corpus $corpus, vigil $vigil ($(stat -c %s "$vigil") bytes)${VIGIL_B:+, vigil-b $VIGIL_B ${VIGIL_B_CLAMD_MODE:+(clamd mode $VIGIL_B_CLAMD_MODE)}}, clamd mode ${VIGIL_BENCH_CLAMD_MODE:-both (--clamd)}, amavisd children ${VIGIL_AMAVIS_CHILDREN:-4}, load at the end $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
echo "vigil log: $(grep -c ': delivered ' "$work/vigil.log" || true) delivered, $(grep -c ': quarantined ' "$work/vigil.log" || true) quarantined, $(grep -c ': deferred ' "$work/vigil.log" || true) deferred, $(grep -c ': rejected ' "$work/vigil.log" || true) rejected"
grep -E '^(result|pair) ' "$results" | awk -v goals=1 -v extra=sink -f bench/load-table.awk
echo "vigil (fresh) with 1,000 idle SMTP sessions: $idle"
