#!/usr/bin/env bash
# Milter throughput with Postfix: smtp-source -> private Postfix (scripts/postfix.sh) -> virtual
# Maildir delivery, (a) without a milter, (b) with Vigil's milter (Vigil.Bench milter-serve) and
# the control directory given (default: none, the built-in policy, no virus scanner).
# usage: bench/milter.sh [MESSAGES] [SESSIONS] [CONTROL_DIR]      (root; Release build of bench/)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-2000}; S=${2:-10}; CONTROL=${3:-}
BENCH=bench/Vigil.Bench/bin/Release/net10.0/Vigil.Bench
MPORT=18891; PPORT=12591
run() { # run LABEL MILTER
  export VIGIL_POSTFIX_DIR=/tmp/vigil-milter-bench-$1 VIGIL_POSTFIX_PORT=$PPORT VIGIL_POSTFIX_MILTER=$2
  rm -rf "$VIGIL_POSTFIX_DIR"; scripts/postfix.sh start >/dev/null 2>&1
  smtp-source -c -s "$S" -m 50 -l 4096 -f s@client.test -t alice@example.test 127.0.0.1:$PPORT >/dev/null  # warm-up
  local t0 t1; t0=$(date +%s.%N)
  smtp-source -s "$S" -m "$N" -l 4096 -f s@client.test -t alice@example.test 127.0.0.1:$PPORT
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" -v n="$N" -v l="$1" -v s="$S" 'BEGIN{printf "%s: %d messages, %d sessions: %.2f s, %.0f msg/s accepted\n", l, n, s, b-a, n/(b-a)}'
  local box=$VIGIL_POSTFIX_DIR/mail/example.test/alice/new
  for _ in $(seq 1 300); do [ "$(find "$box" -type f 2>/dev/null | wc -l)" -ge $((N + 50)) ] && break; sleep 0.1; done
  echo "  delivered: $(find "$box" -type f 2>/dev/null | wc -l) of $((N + 50)) (warm-up included); X-Vigil-Status in $(grep -l '^X-Vigil-Status:' -r "$box" 2>/dev/null | wc -l)"
  scripts/postfix.sh stop >/dev/null 2>&1; rm -rf "$VIGIL_POSTFIX_DIR"
}
run no-milter ""
"$BENCH" milter-serve $MPORT --seconds 600 ${CONTROL:+--control "$CONTROL"} > /tmp/vigil-milter-bench.log 2>&1 &
pid=$!; trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/$MPORT) 2>/dev/null && break; sleep 0.1; done
run vigil-milter "inet:127.0.0.1:$MPORT"
