#!/usr/bin/env bash
# Issue 11's socket figure: `vigil queue` per message, process start included, judged through
# `vigil serve --socket` (the warm daemon) against judged in the door's own process
# (VIGIL_SOCKET=""), both with the Native AOT binary and a required private clamd
# (scripts/clamd.sh) in the control directory's `scanners`. The message is bench/queue.sh's clean
# 10 KB text mail; qmail-queue is a stand-in that reads fd 0 and fd 1 (the hand-off is real).
# farm-bench runs the two commands in turn (A B A B ...) and gives the median and the ratio
# pair by pair, so a machine whose load drifts hits both alike.
#
# usage: bench/socket.sh [--runs N] [--no-publish]
# env:   VIGIL_BENCH_QMAILQUEUE (another qmail-queue, e.g. /bin/true: no shell per hand-off; the
#        byte-for-byte check is then skipped), VIGIL (a vigil binary; default: scripts/publish.sh into artifacts/vigil, then that),
#        VIGIL_BENCH_TMP (default /tmp/vigil-bench-socket),
#        VIGIL_CLAMD_DIR (default /tmp/vigil-bench-socket-clamd), VIGIL_CLAMD_PORT (default 3321)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="${VIGIL_BENCH_TMP:-/tmp/vigil-bench-socket}"
export VIGIL_CLAMD_DIR="${VIGIL_CLAMD_DIR:-/tmp/vigil-bench-socket-clamd}"
export VIGIL_CLAMD_PORT="${VIGIL_CLAMD_PORT:-3321}"
runs=40
publish=true
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs="$2"; shift ;;
        --no-publish) publish=false ;;
        *) echo "usage: bench/socket.sh [--runs N] [--no-publish]" >&2; exit 2 ;;
    esac
    shift
done
command -v farm-bench >/dev/null || { echo "bench/socket.sh: needs farm-bench" >&2; exit 1; }

if [[ -z "${VIGIL:-}" ]]; then
    if $publish || [[ ! -x "$root/artifacts/vigil/vigil" ]]; then
        "$root/scripts/publish.sh" >&2
    fi
    VIGIL="$root/artifacts/vigil/vigil"
fi

rm -rf "$tmp"
mkdir -p "$tmp/control"
msg="$tmp/clean10k.eml"
{
    printf 'From: alice@example.org\nTo: bob@example.net\nSubject: quarterly figures\n'
    printf 'Date: Sat, 21 Nov 2026 12:00:00 +0000\nMessage-ID: <bench.10k@example.org>\nMIME-Version: 1.0\n'
    printf 'Content-Type: text/plain; charset=us-ascii\n\n'
    for i in $(seq 0 199); do
        printf 'Line %04d of the report: revenue, costs and the outlook for the next quarter.\n' "$i"
    done
} > "$msg.full"
head -c 10239 "$msg.full" > "$msg"
printf '\n' >> "$msg"
rm -f "$msg.full"
env="$tmp/envelope"
printf 'Falice@example.org\0Tbob@example.net\0\0' > "$env"
standin="$tmp/qmail-queue"
printf '#!/bin/sh\ncat > "%s/handoff.message" && cat <&1 > "%s/handoff.envelope"\n' "$tmp" "$tmp" > "$standin"
chmod 755 "$standin"

"$root/scripts/clamd.sh" install >&2
"$root/scripts/clamd.sh" start >/dev/null
serve_pid=""
cleanup() {
    [[ -n "$serve_pid" ]] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null
    "$root/scripts/clamd.sh" stop >&2 || true
}
trap cleanup EXIT
qq="${VIGIL_BENCH_QMAILQUEUE:-$standin}"
printf 'quarantine=%s\nqmailqueue=%s\n' "$tmp/quarantine" "$qq" > "$tmp/control/options"
printf 'clamd tcp:127.0.0.1:%s\n' "$VIGIL_CLAMD_PORT" > "$tmp/control/scanners"

sock="$tmp/vigil.sock"
"$VIGIL" serve --control "$tmp/control" --socket "$sock" >"$tmp/serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 1 100); do [[ -S "$sock" ]] && break; sleep 0.1; done
[[ -S "$sock" ]] || { echo "bench/socket.sh: vigil serve did not open $sock:" >&2; cat "$tmp/serve.log" >&2; exit 1; }

# One checked run each way: exit 0, the message handed on byte for byte, the daemon asked or not.
for way in "$sock" ""; do
    rm -f "$tmp/handoff.message"
    VIGIL_SOCKET="$way" "$VIGIL" queue --control "$tmp/control" 1<"$env" <"$msg" 2>"$tmp/check.stderr" || {
        echo "bench/socket.sh: vigil queue exited $?:" >&2; cat "$tmp/check.stderr" >&2; exit 1; }
    [[ "$qq" != "$standin" ]] || cmp -s "$msg" "$tmp/handoff.message" || { echo "bench/socket.sh: the handed-on message differs" >&2; exit 1; }
    if grep -q "local socket" "$tmp/check.stderr"; then echo "bench/socket.sh: the door did not use the socket:" >&2; cat "$tmp/check.stderr" >&2; exit 1; fi
done
answered=$(grep -c "socket .* recipient(s)" "$tmp/serve.log" || true)

echo "machine: $(nproc) cores, load before $(cut -d' ' -f1-3 /proc/loadavg); vigil: $VIGIL; clamd: $(clamd --version)"
echo "message: $msg ($(stat -c %s "$msg") bytes), A = through the socket, B = in-process"
farm-bench -n "$runs" --warmup 3 --timeout 600 \
    --vs "sh -c 'VIGIL_SOCKET= exec \"$VIGIL\" queue --control \"$tmp/control\" 1<\"$env\" <\"$msg\" 2>/dev/null'" \
    -- sh -c "VIGIL_SOCKET=\"$sock\" exec \"$VIGIL\" queue --control \"$tmp/control\" 1<\"$env\" <\"$msg\" 2>/dev/null"
after=$(grep -c "socket .* recipient(s)" "$tmp/serve.log" || true)
echo "daemon answered $((after - answered)) of the timed and warm-up socket runs"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
