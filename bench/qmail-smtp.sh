#!/usr/bin/env bash
# Issue 13's throughput figure on a real qmail: Postfix's smtp-source against qmail-smtpd under
# tcpserver, for (a) plain qmail, (b) QMAILQUEUE=vigil-queue judging in the door's own process
# (VIGIL_SOCKET="") and (c) the same wrapper with `vigil serve --socket` judging. Each case gets
# its own tcpserver port with its own tcprules cdb, so the three run interleaved round by round
# (a b c a b c ...) and a load that drifts hits all alike; the medians per case are printed.
#
# Needs: a qmail installed in QMAILDIR with qmail-send running and delivering locally, the qmail
# users (qmaild, nofiles), `vigil install --qmail --apply` done (QMAILDIR/bin/vigil-queue, group
# vigil), a clamd in /etc/vigil/scanners, ucspi-tcp, daemontools (softlimit), smtp-source
# (scripts/postfix.sh). Without a qmail it says so and exits 0 (CI has none).
#
# usage: bench/qmail-smtp.sh QMAILDIR [--rounds N] [--messages N] [--to ADDR] [--sessions "1 4"]
#   e.g. bench/qmail-smtp.sh /var/qmail --rounds 3 --messages 300 --to qtest@test.local
set -euo pipefail

qmaildir="${1:-}"
if [[ -z "$qmaildir" || ! -x "$qmaildir/bin/qmail-smtpd" || ! -x "$qmaildir/bin/qmail-queue" ]]; then
    echo "bench/qmail-smtp.sh: no qmail at '${qmaildir:-(none given)}' (need QMAILDIR/bin/qmail-smtpd): skipped" >&2
    exit 0
fi
shift
rounds=3; messages=300; to="postmaster@$(head -1 "$qmaildir/control/me" 2>/dev/null || hostname)"; sessions="1 4"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) rounds="$2"; shift ;;
        --messages) messages="$2"; shift ;;
        --to) to="$2"; shift ;;
        --sessions) sessions="$2"; shift ;;
        *) echo "usage: bench/qmail-smtp.sh QMAILDIR [--rounds N] [--messages N] [--to ADDR] [--sessions \"1 4\"]" >&2; exit 2 ;;
    esac
    shift
done
for tool in tcpserver tcprules softlimit smtp-source; do
    command -v "$tool" >/dev/null || { echo "bench/qmail-smtp.sh: $tool missing: skipped" >&2; exit 0; }
done
[[ -x "$qmaildir/bin/vigil-queue" ]] || { echo "bench/qmail-smtp.sh: $qmaildir/bin/vigil-queue missing (run vigil install --qmail --apply): skipped" >&2; exit 0; }
vigil="$(sed -n 's/^exec \([^ ]*\) queue.*/\1/p' "$qmaildir/bin/vigil-queue")"
control=/etc/vigil
tmp="${VIGIL_BENCH_TMP:-/tmp/vigil-bench-qmail}"
mkdir -p "$tmp"
sock=/run/vigil-bench/vigil.sock
install -d -m 0750 -g vigil /run/vigil-bench

qmaild="$(id -u qmaild)"
# tcpserver -g sets the only group qmail-smtpd (and the door) gets: the plain case runs as
# nofiles, as qmail's docs say; the Vigil cases as group vigil, which must write the quarantine.
nofiles="$(getent group nofiles | cut -d: -f3)"
vigilgid="$(getent group vigil | cut -d: -f3)"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

rule() { printf '127.:allow,RELAYCLIENT=""%s\n:allow%s\n' "$1" "$1" > "$tmp/$2.rules"; tcprules "$tmp/$2.cdb" "$tmp/$2.tmp" < "$tmp/$2.rules"; }
rule "" plain
rule ",QMAILQUEUE=\"$qmaildir/bin/vigil-queue\",VIGIL_SOCKET=\"\"" inproc
rule ",QMAILQUEUE=\"$qmaildir/bin/vigil-queue\",VIGIL_SOCKET=\"$sock\"" socket

serve() { # port cdb gid
    softlimit -d 200000000 tcpserver -R -H -l localhost -x "$tmp/$2.cdb" -c 40 -u "$qmaild" -g "$3" 127.0.0.1 "$1" "$qmaildir/bin/qmail-smtpd" >"$tmp/$2.log" 2>&1 &
    pids+=($!)
}
serve 2631 plain "$nofiles"
serve 2632 inproc "$vigilgid"
serve 2633 socket "$vigilgid"
"$vigil" serve --control "$control" --socket "$sock" --socket-group vigil >"$tmp/serve.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [[ -S "$sock" ]] && break; sleep 0.2; done
[[ -S "$sock" ]] || { echo "bench/qmail-smtp.sh: vigil serve did not open $sock" >&2; cat "$tmp/serve.log" >&2; exit 1; }
sleep 1

run() { # port sessions -> msg/s
    local t0 t1
    t0=$(date +%s.%N)
    smtp-source -s "$2" -m "$messages" -l 10240 -f a@x -t "$to" "127.0.0.1:$1" >/dev/null 2>&1
    t1=$(date +%s.%N)
    awk -v n="$messages" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", n / (b - a) }'
}
median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "qmail: $qmaildir; vigil: $vigil; $messages messages of 10 KB per run, $rounds rounds; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for s in $sessions; do
    a=""; b=""; c=""
    for r in $(seq "$rounds"); do
        a="$a $(run 2631 "$s")"; b="$b $(run 2632 "$s")"; c="$c $(run 2633 "$s")"
    done
    printf 'sessions %s: plain qmail %s msg/s (runs:%s); QMAILQUEUE=vigil in-process %s (runs:%s); QMAILQUEUE=vigil + vigil serve --socket %s (runs:%s)\n' \
        "$s" "$(echo "$a" | median)" "$a" "$(echo "$b" | median)" "$b" "$(echo "$c" | median)" "$c"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
