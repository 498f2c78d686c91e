#!/usr/bin/env bash
# A private rspamd for Vigil's tests and first runs: Debian's rspamd with its stock rules, one
# normal worker on 127.0.0.1 (HTTP /checkv2), no controller, proxy or fuzzy worker, no Redis, and
# DNS sent to a dead loopback port so nothing leaves the machine. /etc/rspamd is only read: the
# local config, databases, run files and logs go to the run dir (rspamd's --var).
#
# usage: scripts/rspamd.sh install|start|stop|status
#   install  apt-get install rspamd (without Redis) when it is missing (needs root)
#   start    write the config, start rspamd, wait for /ping (the first start compiles the
#            hyperscan cache: 7 to 35 s here, ~1 s once cached); when ours already runs, just say so.
#            Prints the URL, e.g. http://127.0.0.1:11433
#   stop     stop the rspamd this script started (by its pid) and wait for it to go
#   status   say whether it runs; exit 0 when it answers /ping, 1 otherwise
#
# Environment: VIGIL_RSPAMD_DIR (run dir, default /tmp/vigil-rspamd), VIGIL_RSPAMD_PORT (TCP port
# on 127.0.0.1, default 11433), VIGIL_RSPAMD_DBDIR (rspamd's database dir with the compiled hyperscan
# cache, default the run dir's db/; a dir kept between runs makes later starts take ~1 s).
# Nothing outside those dirs is written except by `install`.
set -euo pipefail

DIR=${VIGIL_RSPAMD_DIR:-/tmp/vigil-rspamd}
PORT=${VIGIL_RSPAMD_PORT:-11433}
DBDIR=${VIGIL_RSPAMD_DBDIR:-$DIR/db}
PIDFILE=$DIR/rspamd.pid
RUNUSER=_rspamd
RSPAMD=$(command -v rspamd || echo /usr/bin/rspamd)

say() { echo "rspamd.sh: $*" >&2; }
# shellcheck source=lib/peer.sh
. "$(dirname "$0")/lib/peer.sh"

have_rspamd() { [ -x "$RSPAMD" ] && [ -f /etc/rspamd/rspamd.conf ]; }

install() {
  if have_rspamd; then
    say "rspamd is installed ($RSPAMD)"
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    say "cannot install rspamd: not root (run as root, or apt-get install --no-install-recommends rspamd)"
    return 1
  fi
  # --no-install-recommends: no redis-server; only Bayes, fuzzy, ratelimit and neural need it.
  apt_install rspamd --no-install-recommends rspamd || return 1
  RSPAMD=$(command -v rspamd || echo /usr/bin/rspamd)
  have_rspamd || { say "rspamd installed but no rspamd binary or /etc/rspamd/rspamd.conf found"; return 1; }
  say "installed $("$RSPAMD" --version 2>/dev/null | head -n 1 || echo rspamd)"
}

# GET /ping over TCP with bash's /dev/tcp: no client program needed. rspamd answers "pong".
ping_rspamd() {
  (
    exec 3<>"/dev/tcp/127.0.0.1/$PORT" || exit 1
    printf 'GET /ping HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
    reply=$(timeout 2 cat <&3 || true)
    case "$reply" in "HTTP/1."*" 200"*pong*) exit 0 ;; *) exit 1 ;; esac
  ) 2>/dev/null
}

running_pid() {
  local pid
  pid=$(cat "$PIDFILE" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "rspamd" ] && echo "$pid"
}

write_config() {
  mkdir -p "$DIR"/{etc/local.d,etc/override.d,run,log} "$DBDIR"
  local O=$DIR/etc/override.d L=$DIR/etc/local.d
  echo "bind_socket = \"127.0.0.1:$PORT\"; count = 1;" > "$O/worker-normal.inc"
  # Only the scanning worker: the others would take fixed ports and are not needed.
  echo 'enabled = false;' > "$O/worker-controller.inc"
  echo 'enabled = false;' > "$O/worker-proxy.inc"
  echo 'enabled = false;' > "$O/worker-fuzzy.inc"
  # Offline: every DNS lookup fails at once on a dead loopback port.
  echo 'dns { nameserver = ["127.0.0.1:1"]; timeout = 0.2s; retransmits = 1; }' > "$L/options.inc"
  # Modules that only look things up over the network; otherwise each scan waits for DNS.
  local m
  for m in dmarc spf dkim rbl fuzzy_check asn; do echo 'enabled = false;' > "$L/$m.conf"; done
  echo 'level = "notice";' > "$L/logging.inc"
  if [ "$(id -u)" -eq 0 ]; then chown -R "$RUNUSER:" "$DIR" "$DBDIR"; fi
}

start() {
  local pid
  if pid=$(running_pid); then
    say "rspamd already running (pid $pid)"
    echo "http://127.0.0.1:$PORT"
    return 0
  fi
  if ! have_rspamd; then
    say "rspamd is not installed: run 'scripts/rspamd.sh install' as root (Debian: rspamd)"
    return 1
  fi
  if ping_rspamd; then
    say "port 127.0.0.1:$PORT already answers /ping but not from our rspamd; set VIGIL_RSPAMD_PORT"
    return 1
  fi
  local as=()
  if [ "$(id -u)" -eq 0 ]; then
    getent passwd "$RUNUSER" >/dev/null || { say "user $RUNUSER is missing (is rspamd installed properly?)"; return 1; }
    as=(-u "$RUNUSER" -g "$RUNUSER")
  fi
  write_config
  "$RSPAMD" -f "${as[@]}" -c /etc/rspamd/rspamd.conf \
    --var=LOCAL_CONFDIR="$DIR/etc" --var=DBDIR="$DBDIR" --var=RUNDIR="$DIR/run" --var=LOGDIR="$DIR/log" \
    >"$DIR/log/stdout.log" 2>&1 &
  pid=$!
  echo "$pid" > "$PIDFILE"
  for _ in $(seq 1 1200); do           # up to 120 s (the first start compiles regexps: 7-35 s here)
    if ping_rspamd; then
      say "rspamd up (pid $pid, $("$RSPAMD" --version 2>/dev/null | head -n 1), http://127.0.0.1:$PORT)"
      echo "http://127.0.0.1:$PORT"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  say "rspamd did not answer /ping within 120 s; its output:"
  tail -n 30 "$DIR/log/stdout.log" "$DIR/log/rspamd.log" >&2 2>/dev/null || true
  kill "$pid" 2>/dev/null || true
  rm -f "$PIDFILE"
  return 1
}

stop() { stop_peer rspamd; }

status() {
  local pid
  if pid=$(running_pid) && ping_rspamd; then
    say "rspamd running (pid $pid), http://127.0.0.1:$PORT"
    return 0
  fi
  say "rspamd not running (run dir $DIR)"
  return 1
}

peer_main "$@"
