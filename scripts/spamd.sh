#!/usr/bin/env bash
# A private SpamAssassin spamd for Vigil's tests and first runs: Debian's spamassassin with the
# rules the package ships, no network tests (-L, no DNS, no Bayes), on 127.0.0.1 only.
#
# usage: scripts/spamd.sh install|start|stop|status
#   install  apt-get install spamassassin spamd spamc when spamd is missing (needs root)
#   start    start spamd (as debian-spamd when run as root), wait for PONG; when ours already
#            runs, just say so. Prints the address, e.g. tcp:127.0.0.1:7831
#   stop     stop the spamd this script started (by its pid) and wait for it to go
#   status   say whether it runs; exit 0 when it answers PING, 1 otherwise
#
# Environment: VIGIL_SPAMD_DIR (run dir, default /tmp/vigil-spamd), VIGIL_SPAMD_PORT (TCP port on
# 127.0.0.1, default 7831). Nothing outside the run dir is written except by `install`.
set -euo pipefail

DIR=${VIGIL_SPAMD_DIR:-/tmp/vigil-spamd}
PORT=${VIGIL_SPAMD_PORT:-7831}
PIDFILE=$DIR/spamd.pid
RUNUSER=debian-spamd
SPAMD=$(command -v spamd || echo /usr/sbin/spamd)

say() { echo "spamd.sh: $*" >&2; }
# shellcheck source=lib/peer.sh
. "$(dirname "$0")/lib/peer.sh"

have_spamd() { [ -x "$SPAMD" ]; }

install() {
  if have_spamd; then
    say "spamd is installed ($SPAMD)"
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    say "cannot install spamassassin: not root (run as root, or apt-get install spamassassin spamd spamc)"
    return 1
  fi
  # Debian 12 splits the daemon (spamd) and the client (spamc) from the rules (spamassassin).
  # Wait for the dpkg lock: other installs (clamd) may run at the same time.
  apt_install spamd spamassassin spamd spamc || return 1
  SPAMD=$(command -v spamd || echo /usr/sbin/spamd)
  have_spamd || { say "spamassassin installed but no spamd binary found"; return 1; }
  say "installed $("$SPAMD" --version 2>/dev/null | head -n 1 || echo spamd)"
}

# PING over TCP with bash's /dev/tcp: no client program needed. Succeeds on "SPAMD/1.x 0 PONG".
ping_spamd() {
  (
    exec 3<>"/dev/tcp/127.0.0.1/$PORT" || exit 1
    printf 'PING SPAMC/1.5\r\n\r\n' >&3
    reply=""
    IFS= read -r -t 2 reply <&3 || true
    case "$reply" in SPAMD/*" 0 PONG"*) exit 0 ;; *) exit 1 ;; esac
  ) 2>/dev/null
}

running_pid() {
  local pid
  pid=$(cat "$PIDFILE" 2>/dev/null) || return 1
  # spamd is a perl script: its comm is "spamd" (or perl on some systems); check the cmdline too.
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q spamd && echo "$pid"
}

start() {
  local pid
  if pid=$(running_pid); then
    say "spamd already running (pid $pid)"
    echo "tcp:127.0.0.1:$PORT"
    return 0
  fi
  if ! have_spamd; then
    say "spamd is not installed: run 'scripts/spamd.sh install' as root (Debian: spamassassin spamd)"
    return 1
  fi
  if ping_spamd; then
    say "port 127.0.0.1:$PORT already answers PING but not from our spamd; set VIGIL_SPAMD_PORT"
    return 1
  fi
  mkdir -p "$DIR/home"
  # spamd must not run as root; as root we drop to the package's own user. setpriv execs (no
  # fork), so $! is the spamd master itself and stop can kill it by pid.
  local as=()
  if [ "$(id -u)" -eq 0 ]; then
    getent passwd "$RUNUSER" >/dev/null || { say "user $RUNUSER is missing (is the spamd package installed properly?)"; return 1; }
    chown -R "$RUNUSER:" "$DIR"
    as=(setpriv "--reuid=$RUNUSER" "--regid=$RUNUSER" --init-groups)
  fi
  # -L: local tests only; the --cf lines keep DNS and Bayes off (no network here, no state).
  "${as[@]}" env HOME="$DIR/home" "$SPAMD" \
    --listen="127.0.0.1:$PORT" --allowed-ips=127.0.0.1 \
    -L -x --max-children=4 --min-children=1 \
    --helper-home-dir="$DIR/home" \
    --syslog="$DIR/spamd.log" \
    --cf='dns_available no' --cf='use_bayes 0' --cf='bayes_auto_learn 0' \
    >"$DIR/stdout.log" 2>&1 &
  pid=$!
  echo "$pid" > "$PIDFILE"
  for _ in $(seq 1 600); do            # up to 60 s for PONG (0.7 s seen here)
    if ping_spamd; then
      say "spamd up (pid $pid, $("$SPAMD" --version 2>/dev/null | head -n 1), tcp:127.0.0.1:$PORT)"
      echo "tcp:127.0.0.1:$PORT"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  say "spamd did not answer PING within 60 s; its output:"
  cat "$DIR/stdout.log" "$DIR/spamd.log" >&2 2>/dev/null || true
  kill "$pid" 2>/dev/null || true
  rm -f "$PIDFILE"
  return 1
}

stop() { stop_peer spamd; }

status() {
  local pid
  if pid=$(running_pid) && ping_spamd; then
    say "spamd running (pid $pid), tcp:127.0.0.1:$PORT"
    return 0
  fi
  say "spamd not running (run dir $DIR)"
  return 1
}

peer_main "$@"
