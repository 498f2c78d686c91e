#!/usr/bin/env bash
# Connection reuse towards the next hop (issue 11): `vigil serve` (the JIT build of
# `dotnet build Vigil.slnx -c Release`, built-in policy, no scanner, so the relay is most of the
# work) -> Postfix's smtp-sink, smtp-source sending 1,000 4 KB messages in 10 sessions after 200
# of warm-up, with relayconnections=10 (the default), 4 and 0 (a connection per message), round
# after round in one run. Prints per run: vigil's CPU ms per message (utime+stime from /proc),
# wall seconds for the 1,000, relay connections opened (the log's "connected" lines, warm-up
# included), and the load average.
#
# usage: bench/relay-reuse.sh [ROUNDS]   (ports 2696-2699 on 127.0.0.1 must be free)
set -euo pipefail
cd "$(dirname "$0")/.."
V=$(pwd)/src/Vigil/bin/Release/net10.0/vigil.dll
[[ -f $V ]] || { echo "bench/relay-reuse.sh: build first (dotnet build Vigil.slnx -c Release)" >&2; exit 1; }
D=$(mktemp -d /tmp/vigil-relay-reuse.XXXXXX)
SINK=2696
smtp-sink -u nobody 127.0.0.1:$SINK 200 & sink=$!
trap 'kill $sink 2>/dev/null; rm -rf "$D"' EXIT
hz=$(getconf CLK_TCK)
cpu() { awk '{print $14+$15}' "/proc/$1/stat"; }
run() { # $1 = relayconnections, $2 = port
  mkdir -p "$D/c$1"; printf 'relayconnections=%s\nmaxconnectionsperip=500\n' "$1" > "$D/c$1/serve"
  dotnet "$V" serve --control "$D/c$1" --smtp "127.0.0.1:$2" --relay "127.0.0.1:$SINK" --hostname gw.bench.test > "$D/log$1" 2>&1 & local p=$!
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null && break; sleep 0.1; done
  smtp-source -s 10 -m 200 -l 4096 -f a@client.test -t b@example.test "127.0.0.1:$2"
  local c0 t0 t1 c1 conns
  c0=$(cpu $p); t0=$(date +%s.%N)
  smtp-source -s 10 -m 1000 -l 4096 -f a@client.test -t b@example.test "127.0.0.1:$2"
  t1=$(date +%s.%N); c1=$(cpu $p)
  conns=$(grep -c "relay 127.0.0.1:$SINK: connected" "$D/log$1" || true)
  kill -TERM $p; wait $p || true
  printf 'relayconnections=%-2s cpu_ms_per_msg=%.2f wall_s=%.2f relay_connections_opened=%s load=%s\n' "$1" \
    "$(echo "($c1-$c0)*1000/$hz/1000" | bc -l)" "$(echo "$t1-$t0" | bc -l)" "$conns" "$(cut -d' ' -f1 /proc/loadavg)"
}
for _ in $(seq "${1:-3}"); do run 10 2697; run 4 2698; run 0 2699; done
