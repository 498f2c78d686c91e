#!/usr/bin/env bash
# Issue 3's door figure: wall time per message of `vigil queue` (the QMAILQUEUE door) for one
# 10 KB clean message, policy only (no scanners configured), process start included, with the
# published ReadyToRun binary; next to `clamdscan -` on the same message against a private clamd
# (scripts/clamd.sh, its own run dir and port), and `vigil scan -` (the QHPSI door) for reference.
#
# Each run is what qmail-smtpd does per message: start the program with the message on fd 0 and
# the envelope on fd 1 (here from files, through `sh -c 'exec ...'`, which every command measured
# pays alike: about 1 ms). vigil hands the clean message to a qmail-queue stand-in (a sh script
# that copies fd 0 and fd 1 to files, so the hand-off is real); the copy is compared with the input
# at the end. hyperfine gives median, least and CPU time over N runs after W warm-ups.
#
# usage: bench/queue.sh [--runs N] [--warmup W] [--no-publish] [--no-clamd]
# env:   VIGIL (a vigil binary; default: scripts/publish.sh into artifacts/vigil, then that),
#        VIGIL_BENCH_TMP (default /tmp/vigil-bench-queue),
#        VIGIL_CLAMD_DIR (default /tmp/vigil-bench-queue-clamd), VIGIL_CLAMD_PORT (default 3320)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="${VIGIL_BENCH_TMP:-/tmp/vigil-bench-queue}"
export VIGIL_CLAMD_DIR="${VIGIL_CLAMD_DIR:-/tmp/vigil-bench-queue-clamd}"
export VIGIL_CLAMD_PORT="${VIGIL_CLAMD_PORT:-3320}"
runs=50
warmup=5
publish=true
clamd=true
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs="$2"; shift ;;
        --warmup) warmup="$2"; shift ;;
        --no-publish) publish=false ;;
        --no-clamd) clamd=false ;;
        *) echo "usage: bench/queue.sh [--runs N] [--warmup W] [--no-publish] [--no-clamd]" >&2; exit 2 ;;
    esac
    shift
done
command -v hyperfine >/dev/null || { echo "bench/queue.sh: needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }

if [[ -z "${VIGIL:-}" ]]; then
    if $publish || [[ ! -x "$root/artifacts/vigil/vigil" ]]; then
        "$root/scripts/publish.sh" >&2
    fi
    VIGIL="$root/artifacts/vigil/vigil"
fi

rm -rf "$tmp"
mkdir -p "$tmp/control"

# The message: 10,240 bytes of plain text mail, the same every time (LF, as qmail-smtpd passes it).
msg="$tmp/clean10k.eml"
{
    printf 'From: alice@example.org\nTo: bob@example.net\nSubject: quarterly figures\n'
    printf 'Date: Sat, 21 Nov 2026 12:00:00 +0000\nMessage-ID: <bench.10k@example.org>\nMIME-Version: 1.0\n'
    printf 'Content-Type: text/plain; charset=us-ascii\n\n'
    i=0
    while :; do
        printf 'Line %04d of the report: revenue, costs and the outlook for the next quarter.\n' "$i"
        i=$((i + 1))
        [[ $i -lt 200 ]] || break
    done
} > "$msg.full"
# Cut from a file, not a pipe: head closing a pipe early would kill the writer (set -o pipefail).
head -c 10239 "$msg.full" > "$msg"
printf '\n' >> "$msg"
rm -f "$msg.full"
env="$tmp/envelope"
printf 'Falice@example.org\0Tbob@example.net\0\0' > "$env"

# A qmail-queue stand-in: reads fd 0 to its end, then fd 1, as qmail-queue does.
standin="$tmp/qmail-queue"
cat > "$standin" <<EOF
#!/bin/sh
cat > "$tmp/handoff.message" && cat <&1 > "$tmp/handoff.envelope"
EOF
chmod 755 "$standin"
printf 'quarantine=%s\nqmailqueue=%s\n' "$tmp/quarantine" "$standin" > "$tmp/control/options"

# One checked run before timing: exit 0 and the message handed on byte for byte.
"$VIGIL" queue --control "$tmp/control" 1<"$env" <"$msg" 2>"$tmp/check.stderr" || {
    echo "bench/queue.sh: vigil queue exited $?:" >&2; cat "$tmp/check.stderr" >&2; exit 1; }
cmp -s "$msg" "$tmp/handoff.message" || { echo "bench/queue.sh: the handed-on message differs" >&2; exit 1; }
rm -f "$tmp/handoff.message" "$tmp/handoff.envelope"

cmds=(-n "vigil queue" "sh -c 'exec \"$VIGIL\" queue --control \"$tmp/control\" 1<\"$env\" <\"$msg\" 2>/dev/null'")
cmds+=(-n "vigil scan - (QHPSI)" "sh -c 'exec \"$VIGIL\" scan --control \"$tmp/control\" - <\"$msg\"'")
if $clamd; then
    "$root/scripts/clamd.sh" install >&2
    trap '"$root/scripts/clamd.sh" stop >&2 || true' EXIT
    "$root/scripts/clamd.sh" start >/dev/null
    cmds+=(-n "clamdscan -" "sh -c 'exec clamdscan --config-file=\"$VIGIL_CLAMD_DIR/clamd.conf\" --no-summary - <\"$msg\"'")
fi

echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), load before $(cut -d' ' -f1-3 /proc/loadavg)"
echo "vigil:   $VIGIL ($("$VIGIL" version 2>/dev/null | head -1))"
$clamd && echo "clamd:   $(clamd --version), unix:$VIGIL_CLAMD_DIR/clamd.sock"
echo "message: $msg ($(stat -c %s "$msg") bytes), $runs runs after $warmup warm-ups each"
echo

json="$tmp/queue.json"
hyperfine -N -w "$warmup" -r "$runs" --export-json "$json" "${cmds[@]}" >"$tmp/hyperfine.txt" 2>&1 || {
    cat "$tmp/hyperfine.txt" >&2; exit 1; }
cmp -s "$msg" "$tmp/handoff.message" || { echo "bench/queue.sh: the handed-on message differs after the runs" >&2; exit 1; }

python3 - "$json" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
print(f"{'command':<22} {'median ms':>10} {'least ms':>9} {'mean ms':>8} {'user ms':>8} {'sys ms':>7}")
for r in results:
    print(f"{r['command']:<22} {r['median']*1e3:>10.1f} {r['min']*1e3:>9.1f} {r['mean']*1e3:>8.1f} {r['user']*1e3:>8.1f} {r['system']*1e3:>7.1f}")
queue = results[0]["median"] * 1e3
print()
print(f"vigil queue median {queue:.1f} ms: {'pass' if queue < 100 else 'MISS'} (goal < 100 ms)")
EOF
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
