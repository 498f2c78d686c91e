#!/usr/bin/env bash
# Milter throughput with Postfix (issue 11), in the format of bench/gateway.sh: the C# load tool
# (`Vigil.Bench load`) sends the same SpamAssassin corpus messages with 1, 10 and 100 sessions in
# flight to two private Postfix instances (scripts/postfix.sh, delivering to Maildirs):
#   postfix        no milter
#   postfix-vigil  smtpd_milters = `vigil serve --milter` (the Native AOT binary) judging with a
#                  private clamd, statusheader=yes (X-Vigil-Status inserted in every message)
# round after round in one run. Latency is Postfix's: from taking the message until its reply to
# the dot (the milter answers before that reply); delivery goes on behind. Peak RSS and CPU per
# message of the Postfix processes (the master's children), of vigil and of clamd.
#
# usage: bench/milter-load.sh [--rounds R] [--sessions 1,10,100] [--count N] [--per-session M] [--no-publish] [--corpus DIR]  (root)
# Environment: VIGIL (another vigil binary).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
rounds=3 sessions=1,10,100 count=1000 per_session=20 publish=1 corpus=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) rounds=$2; shift ;;
        --sessions) sessions=$2; shift ;;
        --count) count=$2; shift ;;
        --per-session) per_session=$2; shift ;;
        --no-publish) publish=0 ;;
        --corpus) corpus=$2; shift ;;
        *) sed -n '2,14p' "$0" >&2; exit 2 ;;
    esac
    shift
done
[[ $(id -u) -eq 0 ]] || { echo "milter-load.sh: run as root (Postfix and clamd)" >&2; exit 2; }

work=${VIGIL_BENCH_TMP:-/tmp/vigil-bench}/milter-load
rm -rf "$work"; mkdir -p "$work/control" "$work/q"
export VIGIL_CLAMD_DIR=$work/clamd VIGIL_CLAMD_CONF_EXTRA="DisableCache yes" VIGIL_CLAMD_PORT=3343
MILTER_PORT=18893 PLAIN_PORT=12593 MILTERED_PORT=12594
BENCH=bench/Vigil.Bench/bin/Release/net10.0/Vigil.Bench

if [[ -n ${VIGIL:-} ]]; then vigil=$VIGIL; publish=0; else vigil=$root/artifacts/vigil/vigil; fi
if [[ $publish == 1 ]]; then scripts/publish.sh >&2; fi
[[ -x $vigil ]] || { echo "milter-load.sh: no vigil at $vigil (scripts/publish.sh)" >&2; exit 2; }
dotnet build bench/Vigil.Bench/Vigil.Bench.csproj -c Release -v q -nologo >&2
[[ -n $corpus ]] || corpus=$(bench/fetch-corpus.sh)

vigil_pid=""
cleanup() {
    set +e
    [[ -n $vigil_pid ]] && kill "$vigil_pid" 2>/dev/null && while kill -0 "$vigil_pid" 2>/dev/null; do sleep 0.1; done
    VIGIL_POSTFIX_DIR=$work/pf-plain scripts/postfix.sh stop
    VIGIL_POSTFIX_DIR=$work/pf-milter scripts/postfix.sh stop
    scripts/clamd.sh stop
}
trap cleanup EXIT
wait_port() { for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "milter-load.sh: port $1 not up" >&2; return 1; }

scripts/clamd.sh install >&2
scripts/postfix.sh install >&2
sock=$(scripts/clamd.sh start) || { echo "milter-load.sh: a real clamd is required" >&2; exit 2; }
clamd_pid=$(cat "$work/clamd/clamd.pid")

printf 'quarantine=%s\nstatusheader=yes\n' "$work/q" > "$work/control/options"
"$vigil" serve --control "$work/control" --milter 127.0.0.1:$MILTER_PORT --clamd "unix:$sock" > "$work/vigil.log" 2>&1 & vigil_pid=$!
wait_port $MILTER_PORT

VIGIL_POSTFIX_DIR=$work/pf-plain VIGIL_POSTFIX_PORT=$PLAIN_PORT scripts/postfix.sh start >&2
VIGIL_POSTFIX_DIR=$work/pf-milter VIGIL_POSTFIX_PORT=$MILTERED_PORT VIGIL_POSTFIX_MILTER=inet:127.0.0.1:$MILTER_PORT \
    scripts/postfix.sh start >&2
plain_pid=$(sed 1q "$work/pf-plain/spool/pid/master.pid" | tr -d ' ')
milter_pid=$(sed 1q "$work/pf-milter/spool/pid/master.pid" | tr -d ' ')

results=$work/results.txt; : > "$results"
common=(--sessions "$sessions" --per-session "$per_session" --count "$count")
for r in $(seq 1 "$rounds"); do
    echo "== round $r of $rounds, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    "$BENCH" load "smtp:127.0.0.1:$PLAIN_PORT" "$corpus" "${common[@]}" --label postfix \
        --watch "postfix:$plain_pid" | tee -a "$results" >&2
    "$BENCH" load "smtp:127.0.0.1:$MILTERED_PORT" "$corpus" "${common[@]}" --label postfix-vigil \
        --watch "postfix:$milter_pid" --watch "vigil:$vigil_pid" --watch "clamd:$clamd_pid" | tee -a "$results" >&2
done

box=$work/pf-milter/mail/example.test/alice/new
levels=$(echo "$sessions" | tr ',' '\n' | wc -l)
expected=$(( (100 + count * levels) * rounds ))   # the load tool's warm-up of 100 included
for _ in $(seq 1 600); do
    [[ $(find "$box" -type f | wc -l) -ge $expected ]] && break; sleep 0.1
done
echo
echo "milter throughput: $rounds round(s), corpus $corpus, vigil $vigil, load at the end $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
echo "delivered with the milter: $(find "$box" -type f | wc -l) of $expected (warm-ups included), X-Vigil-Status in $(grep -l '^X-Vigil-Status:' -r "$box" | wc -l)"
grep '^result' "$results" | awk -v extra=vigil -f bench/load-table.awk
