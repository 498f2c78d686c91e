#!/usr/bin/env bash
# A private clamd for Vigil's tests and first runs: Debian's clamav-daemon with a tiny signature
# database of our own (freshclam needs the internet; these two hashes need nothing).
#
# usage: scripts/clamd.sh install|start|stop|status
#   install  apt-get install clamav-daemon clamdscan (and clamav-testfiles) when clamd is missing
#   start    write the database and clamd.conf under the run dir, start clamd, wait for PONG,
#            print the socket path; when it already runs, just say so
#   stop     stop the clamd this script started (by its pid) and wait for it to go
#   status   say whether it runs; exit 0 when it answers PING, 1 otherwise
#
# Environment: VIGIL_CLAMD_DIR (run dir, default /tmp/vigil-clamd), VIGIL_CLAMD_PORT (TCP port on
# 127.0.0.1, default 3311), VIGIL_CLAMD_CONF_EXTRA (lines appended to clamd.conf, e.g. "DisableCache
# yes" for benchmarks that send the same messages again). Nothing outside the run dir is written
# except by `install`.
set -euo pipefail

DIR=${VIGIL_CLAMD_DIR:-/tmp/vigil-clamd}
PORT=${VIGIL_CLAMD_PORT:-3311}
SOCK=$DIR/clamd.sock
PIDFILE=$DIR/clamd.pid
CLAMD=$(command -v clamd || echo /usr/sbin/clamd)

say() { echo "clamd.sh: $*" >&2; }
# shellcheck source=lib/peer.sh
. "$(dirname "$0")/lib/peer.sh"

have_clamd() { [ -x "$CLAMD" ]; }

install() {
  if have_clamd; then
    say "clamd is installed ($CLAMD)"
  else
    if [ "$(id -u)" -ne 0 ]; then
      say "cannot install clamav-daemon: not root (run as root, or apt-get install clamav-daemon clamdscan)"
      return 1
    fi
    # Debian's postinst would start the packaged daemon; an image's policy-rc.d usually stops
    # that, and the packaged daemon is not ours anyway (we run a private one below).
    apt_install clamd clamav-daemon clamdscan || return 1
    CLAMD=$(command -v clamd || echo /usr/sbin/clamd)
    have_clamd || { say "clamav-daemon installed but no clamd binary found"; return 1; }
    say "installed $("$CLAMD" --version 2>/dev/null || echo clamd)"
  fi
  # Optional: Debian's test programs packed every way clamav knows; tests use them when present.
  if [ ! -d /usr/share/clamav-testfiles ] && [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q clamav-testfiles >/dev/null 2>&1 \
      || say "clamav-testfiles could not be installed (optional; its test is then skipped)"
  fi
}

# PING over TCP with bash's /dev/tcp: no client program needed. Prints the reply.
ping_clamd() {
  # In a subshell so the descriptor and any "connection refused" noise stay inside it.
  (
    exec 3<>"/dev/tcp/127.0.0.1/$PORT" || exit 1
    printf 'zPING\0' >&3
    reply=""
    IFS= read -r -d '' -t 2 reply <&3 || true
    [ "$reply" = "PONG" ]
  ) 2>/dev/null
}

running_pid() {
  local pid
  pid=$(cat "$PIDFILE" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "clamd" ] && echo "$pid"
}

write_config() {
  mkdir -p "$DIR/db" "$DIR/tmp"
  # md5:size:name. The EICAR test file and clamav-testfiles' clam.exe: hashes, not the files.
  cat > "$DIR/db/custom.hdb" <<'EOF'
44d88612fea8a8f36de82e1278abb02f:68:Eicar-Test-Signature
aa15bcf478d165efd2065190eb473bcb:544:ClamAV-Test-File
EOF
  local user=""
  # clamd started as root must drop to an unprivileged user; as any other user it stays itself.
  if [ "$(id -u)" -eq 0 ]; then user="User clamav"; fi
  cat > "$DIR/clamd.conf" <<EOF
Foreground yes
$user
DatabaseDirectory $DIR/db
TemporaryDirectory $DIR/tmp
LogFile $DIR/clamd.log
LogTime yes
LocalSocket $SOCK
LocalSocketMode 666
FixStaleSocket yes
TCPSocket $PORT
TCPAddr 127.0.0.1
StreamMaxLength 10M
MaxFileSize 25M
MaxScanSize 100M
ScanArchive yes
ScanMail yes
SelfCheck 0
${VIGIL_CLAMD_CONF_EXTRA:-}
EOF
  if [ "$(id -u)" -eq 0 ]; then chown -R clamav:clamav "$DIR"; fi
}

start() {
  local pid
  if pid=$(running_pid); then
    say "clamd already running (pid $pid)"
    echo "$SOCK"
    return 0
  fi
  if ! have_clamd; then
    say "clamd is not installed: run 'scripts/clamd.sh install' as root (Debian: clamav-daemon)"
    return 1
  fi
  if [ "$(id -u)" -eq 0 ] && ! getent passwd clamav >/dev/null; then
    say "user clamav is missing (is clamav-daemon installed properly?)"
    return 1
  fi
  if ping_clamd; then
    say "port 127.0.0.1:$PORT already answers PING but not from our clamd; set VIGIL_CLAMD_PORT"
    return 1
  fi
  mkdir -p "$DIR"
  write_config
  "$CLAMD" -c "$DIR/clamd.conf" >"$DIR/stdout.log" 2>&1 &
  pid=$!
  echo "$pid" > "$PIDFILE"
  for _ in $(seq 1 300); do            # up to 30 s for PONG
    if ping_clamd; then
      say "clamd up (pid $pid, $("$CLAMD" --version 2>/dev/null), tcp:127.0.0.1:$PORT)"
      echo "$SOCK"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  say "clamd did not answer PING within 30 s; its output:"
  cat "$DIR/stdout.log" "$DIR/clamd.log" >&2 2>/dev/null || true
  kill "$pid" 2>/dev/null || true
  rm -f "$PIDFILE"
  return 1
}

stop() { stop_peer clamd; }

status() {
  local pid
  if pid=$(running_pid) && ping_clamd; then
    say "clamd running (pid $pid), unix:$SOCK tcp:127.0.0.1:$PORT"
    return 0
  fi
  say "clamd not running (run dir $DIR)"
  return 1
}

peer_main "$@"
