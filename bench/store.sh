#!/usr/bin/env bash
# Issue 12's store figures, SQLite and PostgreSQL in the same run:
#  1. write rate (rows/s), in process: `Vigil.Bench store-write` (the store's Insert in the
#     writer's batches of 500 rows, then the StoreWriter observer end to end) into a new SQLite
#     file and into a throwaway PostgreSQL database;
#  2. door latency with the store off against on: the Native AOT `vigil queue` on a clean 10 KB
#     message (qmail-queue replaced by /bin/true), farm-bench running A B A B so the machine's
#     drift hits both alike: store=sqlite:… against store=off, then store=postgres://… against
#     store=off;
#  3. the same door pairs with `vigil serve --socket` running on each control directory (the
#     daemon judges and, sharing the door's store and node, writes the rows: the door opens no
#     database), which is how issue 12 has the per-process doors append.
# PostgreSQL is a cluster of this script's own (Debian's postgresql-15, scripts/postgres.sh
# installs it), initdb'd into the temp directory as the postgres user on a free loopback port,
# fsync off (a throwaway), stopped and removed at the end. The load average is printed with the
# figures: the box is shared, quote medians and the paired ratio.
#
# usage: bench/store.sh [--rows N] [--runs N] [--no-publish]
# env:   VIGIL (a Native AOT vigil; default: scripts/publish.sh into artifacts/vigil, then that),
#        VIGIL_BENCH_TMP (default /tmp/vigil-bench-store)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="${VIGIL_BENCH_TMP:-/tmp/vigil-bench-store}"
rows=100000
runs=30
publish=true
usage="usage: bench/store.sh [--rows N] [--runs N] [--no-publish]"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rows) rows="$2"; shift ;;
        --runs) runs="$2"; shift ;;
        --no-publish) publish=false ;;
        *) echo "$usage" >&2; exit 2 ;;
    esac
    shift
done
command -v farm-bench >/dev/null || { echo "bench/store.sh: needs farm-bench" >&2; exit 1; }
pgbin=/usr/lib/postgresql/15/bin
[[ -x $pgbin/initdb ]] || "$root/scripts/postgres.sh" install >&2

if [[ -z "${VIGIL:-}" ]]; then
    if $publish || [[ ! -x "$root/artifacts/vigil/vigil" ]]; then
        "$root/scripts/publish.sh" >&2
    fi
    VIGIL="$root/artifacts/vigil/vigil"
fi

dotnet build "$root/bench/Vigil.Bench/Vigil.Bench.csproj" -c Release -v q -nologo >&2
bench="$root/bench/Vigil.Bench/bin/Release/net10.0/Vigil.Bench.dll"

rm -rf "$tmp"
mkdir -p "$tmp/pg" "$tmp/off" "$tmp/sqlite" "$tmp/postgres" "$tmp/write" "$tmp/data"
chown postgres:postgres "$tmp/pg"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
pg() { runuser -u postgres -- "$@"; }
pg "$pgbin/initdb" -D "$tmp/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
pg "$pgbin/pg_ctl" -D "$tmp/pg/data" -l "$tmp/pg/server.log" -w start \
    -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$tmp/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
trap 'pg "$pgbin/pg_ctl" -D "$tmp/pg/data" -m fast -w stop >/dev/null 2>&1 || true' EXIT
pg "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U postgres vigil
url="postgres://postgres@127.0.0.1:$port/vigil"

# The message: 10,240 bytes of plain text mail (LF, as qmail-smtpd passes it), and its envelope.
msg="$tmp/clean10k.eml"
{
    printf 'From: alice@example.org\nTo: bob@example.net\nSubject: quarterly figures\n'
    printf 'Date: Sat, 21 Nov 2026 12:00:00 +0000\nMessage-ID: <bench.10k@example.org>\nMIME-Version: 1.0\n'
    printf 'Content-Type: text/plain; charset=us-ascii\n\n'
    for i in $(seq 0 199); do printf 'Line %04d of the report: revenue, costs and the outlook for the next quarter.\n' "$i"; done
} > "$msg.full"
head -c 10239 "$msg.full" > "$msg"
printf '\n' >> "$msg"
env="$tmp/envelope"
printf 'Falice@example.org\0Tbob@example.net\0\0' > "$env"
for kind in off sqlite postgres; do
    case $kind in
        off) store=off ;;
        sqlite) store="sqlite:$tmp/data/store.db" ;;
        postgres) store="$url" ;;
    esac
    printf 'store=%s\nquarantine=%s\nqmailqueue=/bin/true\n' "$store" "$tmp/data/quarantine-$kind" > "$tmp/$kind/options"
done
"$VIGIL" store migrate --store "$url" >&2
"$VIGIL" store migrate --store "sqlite:$tmp/data/store.db" >&2
for kind in off sqlite postgres; do
    "$VIGIL" queue --control "$tmp/$kind" 1<"$env" <"$msg" 2>"$tmp/$kind.check" || {
        echo "bench/store.sh: vigil queue ($kind) exited $?:" >&2; cat "$tmp/$kind.check" >&2; exit 1; }
    # Its message log line goes to stderr; a warning (a store it could not write) fails the bench.
    if grep -q '^vigil:' "$tmp/$kind.check"; then echo "bench/store.sh: vigil queue ($kind) said:" >&2; cat "$tmp/$kind.check" >&2; exit 1; fi
done

door() { printf "sh -c 'exec %s queue --control %s 1<%s <%s 2>/dev/null'" "$VIGIL" "$tmp/$1" "$env" "$msg"; }
# The same door asking the daemon of its control directory (VIGIL_SOCKET set: no fallback lookup).
sockdoor() { printf "sh -c 'VIGIL_SOCKET=%s exec %s queue --control %s 1<%s <%s 2>/dev/null'" "$tmp/$1.sock" "$VIGIL" "$tmp/$1" "$env" "$msg"; }
daemons=()
start_daemons() {
    for kind in off sqlite postgres; do
        "$VIGIL" serve --control "$tmp/$kind" --socket "$tmp/$kind.sock" >"$tmp/serve-$kind.log" 2>&1 &
        daemons+=("$!")
    done
    for kind in off sqlite postgres; do
        for _ in $(seq 100); do [[ -S $tmp/$kind.sock ]] && break; sleep 0.1; done
        [[ -S $tmp/$kind.sock ]] || { echo "bench/store.sh: vigil serve ($kind) did not bind its socket:" >&2; cat "$tmp/serve-$kind.log" >&2; exit 1; }
        # One message through it first: it must answer, and (with a store) say it wrote the rows.
        VIGIL_SOCKET=$tmp/$kind.sock "$VIGIL" queue --control "$tmp/$kind" 1<"$env" <"$msg" 2>"$tmp/$kind.sockcheck" || {
            echo "bench/store.sh: vigil queue through the socket ($kind) exited $?:" >&2; cat "$tmp/$kind.sockcheck" >&2; exit 1; }
        if grep -q 'local socket' "$tmp/$kind.sockcheck"; then echo "bench/store.sh: the door did not use the socket ($kind):" >&2; cat "$tmp/$kind.sockcheck" >&2; exit 1; fi
    done
}
stop_daemons() { for p in "${daemons[@]}"; do kill "$p" 2>/dev/null || true; done; wait "${daemons[@]}" 2>/dev/null || true; daemons=(); }
trap 'stop_daemons; pg "$pgbin/pg_ctl" -D "$tmp/pg/data" -m fast -w stop >/dev/null 2>&1 || true' EXIT

echo "== $(date -u +%Y-%m-%dT%H:%MZ), load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
echo "== write rate, SQLite ($rows rows)"
dotnet "$bench" store-write "$tmp/write" --rows "$rows"
echo "== write rate, PostgreSQL ($rows rows)"
dotnet "$bench" store-write "$tmp/write" --rows "$rows" --store "$url"
echo "== door latency: A = store=sqlite, B = store=off"
eval "farm-bench -n $runs --warmup 3 --timeout 600 --vs \"$(door off)\" -- $(door sqlite)"
echo "== door latency: A = store=postgres, B = store=off"
eval "farm-bench -n $runs --warmup 3 --timeout 600 --vs \"$(door off)\" -- $(door postgres)"
start_daemons
echo "== door latency through vigil serve --socket: A = store=sqlite, B = store=off"
eval "farm-bench -n $runs --warmup 3 --timeout 600 --vs \"$(sockdoor off)\" -- $(sockdoor sqlite)"
echo "== door latency through vigil serve --socket: A = store=postgres, B = store=off"
eval "farm-bench -n $runs --warmup 3 --timeout 600 --vs \"$(sockdoor off)\" -- $(sockdoor postgres)"
stop_daemons
for kind in sqlite postgres; do
    grep -c 'rows stored here' "$tmp/serve-$kind.log" | sed "s/^/== rows the $kind daemon wrote for the doors: /"
done
echo "== load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
