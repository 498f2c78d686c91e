#!/usr/bin/env bash
# A private amavisd-new for the gateway benchmark (bench/gateway.sh): Debian's amavisd-new with a
# config file of its own (-c, so /etc/amavis is not read and nothing in /etc changes), virus
# checks only (SpamAssassin bypassed), scanning with the clamd Vigil uses, forwarding clean mail
# to a next hop (smtp-sink in the benchmark). The tests do not use it.
#
# usage: scripts/amavis.sh install|start|stop|status
#   install  apt-get install amavisd-new when amavisd is missing (needs root)
#   start    write the config under the run dir, start amavisd in the foreground (as amavis),
#            wait until it answers SMTP; when ours already runs, just say so
#   stop     stop the amavisd this script started (by its pid; its children follow)
#   status   say whether it runs; exit 0 when it answers, 1 otherwise
#
# Environment: VIGIL_AMAVIS_DIR (run dir, default /tmp/vigil-amavis), VIGIL_AMAVIS_PORT (SMTP port
# on 127.0.0.1, default 10024), VIGIL_AMAVIS_FORWARD (next hop host:port, default
# 127.0.0.1:10025), VIGIL_AMAVIS_CLAMD (clamd: a unix socket path or tcp:HOST:PORT, default
# scripts/clamd.sh's socket /tmp/vigil-clamd/clamd.sock), VIGIL_AMAVIS_CHILDREN (pre-forked
# children, default 4), VIGIL_AMAVIS_LOG_LEVEL (default 0).
# A changed setting takes effect at the next start (stop first). amavisd's children keep their
# connection to the next hop open: restart amavisd after restarting the next hop.
set -euo pipefail

DIR=${VIGIL_AMAVIS_DIR:-/tmp/vigil-amavis}
PORT=${VIGIL_AMAVIS_PORT:-10024}
FORWARD=${VIGIL_AMAVIS_FORWARD:-127.0.0.1:10025}
CLAMD=${VIGIL_AMAVIS_CLAMD:-/tmp/vigil-clamd/clamd.sock}
CHILDREN=${VIGIL_AMAVIS_CHILDREN:-4}
LOG_LEVEL=${VIGIL_AMAVIS_LOG_LEVEL:-0}
PIDFILE=$DIR/amavisd.launcher.pid
AMAVISD=$(command -v amavisd || command -v amavisd-new || echo /usr/sbin/amavisd)

say() { echo "amavis.sh: $*" >&2; }
# shellcheck source=lib/peer.sh
. "$(dirname "$0")/lib/peer.sh"

have_amavisd() { [ -x "$AMAVISD" ]; }

install() {
  if have_amavisd; then
    say "amavisd-new is installed ($AMAVISD)"
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    say "cannot install amavisd-new: not root (run as root, or apt-get install amavisd-new)"
    return 1
  fi
  # Debian's postinst would start the packaged daemon; policy-rc.d usually stops that, and the
  # packaged daemon (with /etc/amavis) is not ours anyway.
  apt_install amavisd amavisd-new || return 1
  AMAVISD=$(command -v amavisd || command -v amavisd-new || echo /usr/sbin/amavisd)
  have_amavisd || { say "amavisd-new installed but no amavisd found"; return 1; }
  say "installed amavisd-new"
}

# Answers SMTP: a 220 greeting within 2 s (bash's /dev/tcp, no client program needed).
ping_amavisd() {
  (
    exec 3<>"/dev/tcp/127.0.0.1/$PORT" || exit 1
    reply=""
    IFS= read -r -t 2 reply <&3 || true
    printf 'QUIT\r\n' >&3
    case "$reply" in 220*) exit 0 ;; *) exit 1 ;; esac
  ) 2>/dev/null
}

running_pid() {
  local pid
  pid=$(cat "$PIDFILE" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q amavisd && echo "$pid"
}

# amavisd's clamd address (its clamd protocol: IDSESSION, one INSTREAM per decoded part):
# "clamd:[HOST]:PORT" over TCP, "clamd:PATH" over a unix socket.
clamd_spec() {
  case "$CLAMD" in
    tcp:*) local hp=${CLAMD#tcp:}; echo "clamd:[${hp%:*}]:${hp##*:}" ;;
    unix:*) echo "clamd:${CLAMD#unix:}" ;;
    *) echo "clamd:$CLAMD" ;;
  esac
}

write_config() {
  mkdir -p "$DIR"/{tmp,var,db,log}
  # The decoders as Debian's /etc/amavis/conf.d/01-debian sets them (without them: "No $file").
  cat > "$DIR/amavisd.conf" <<EOF
use strict;
\$ENV{PATH} = \$path = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/sbin:/usr/bin:/bin';
\$file = 'file';  \$gzip = 'gzip';  \$bzip2 = 'bzip2';  \$pax = 'pax';  \$cpio = 'cpio';  \$ar = 'ar';
\$uncompress = ['uncompress', 'gzip -d', 'zcat'];  \$lzop = 'lzop';  \$cabextract = 'cabextract';
\$unarj = ['arj', 'unarj'];  \$unrar = ['unrar-free'];  \$ripole = 'ripole';  \$lha = undef;
\$MYHOME       = '$DIR';
\$TEMPBASE     = '$DIR/tmp';
\$db_home      = '$DIR/db';
\$helpers_home = '$DIR/var';
\$pid_file     = '$DIR/var/amavisd.pid';
\$lock_file    = '$DIR/var/amavisd.lock';
\$QUARANTINEDIR = undef;
\$daemon_user  = 'amavis';  \$daemon_group = 'amavis';
\$myhostname   = 'amavis.test.local';  \$mydomain = 'test.local';
@local_domains_maps = ( ['.example.test', '.sink.test', '.test.local'] );

\$inet_socket_bind = '127.0.0.1';
\$inet_socket_port = $PORT;
@inet_acl = qw(127.0.0.1);
\$forward_method = 'smtp:[${FORWARD%:*}]:${FORWARD##*:}';
\$notify_method  = \$forward_method;

\$max_servers  = $CHILDREN;
\$max_requests = 1000;
\$child_timeout = 8*60;
\$enable_db = 0;  \$enable_global_cache = 0;  \$enable_zmq = 0;
\$enable_dkim_verification = 0;  \$enable_dkim_signing = 0;

\$DO_SYSLOG = 0;  \$LOGFILE = '$DIR/log/amavis.log';  \$log_level = $LOG_LEVEL;

@bypass_spam_checks_maps = (1);
@bypass_virus_checks_maps = (0);
\$final_virus_destiny      = D_REJECT;
\$final_banned_destiny     = D_PASS;
\$final_spam_destiny       = D_PASS;
\$final_bad_header_destiny = D_PASS;
\$virus_admin = undef;  \$spam_admin = undef;
\$warnvirusrecip = 0;  \$warnbannedrecip = 0;  \$warnbadhsender = 0;

@av_scanners = (
  ['ClamAV-clamd', \&ask_daemon, ['*', '$(clamd_spec)'],
    qr/\bOK\$/m, qr/\bFOUND\$/m, qr/^.*?: (?!Infected Archive)(.*) FOUND\$/m ],
);
@av_scanners_backup = ();
1;
EOF
  chown -R amavis:amavis "$DIR"
  # amavisd refuses a config file not owned by root
  chown root:root "$DIR" "$DIR/amavisd.conf"; chmod 755 "$DIR"; chmod 644 "$DIR/amavisd.conf"
}

start() {
  local pid
  if pid=$(running_pid); then
    say "amavisd already running (pid $pid)"
    echo "127.0.0.1:$PORT"
    return 0
  fi
  if ! have_amavisd; then
    say "amavisd-new is not installed: run 'scripts/amavis.sh install' as root"
    return 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    say "amavisd must be started as root (it drops to user amavis)"
    return 1
  fi
  if ping_amavisd; then
    say "port 127.0.0.1:$PORT already answers SMTP but not from our amavisd; set VIGIL_AMAVIS_PORT"
    return 1
  fi
  write_config
  if ! "$AMAVISD" -c "$DIR/amavisd.conf" test-config >"$DIR/log/test-config.log" 2>&1; then
    say "amavisd test-config failed:"; cat "$DIR/log/test-config.log" >&2; return 1
  fi
  "$AMAVISD" -c "$DIR/amavisd.conf" foreground >"$DIR/log/stdout.log" 2>&1 &
  pid=$!
  echo "$pid" > "$PIDFILE"
  for _ in $(seq 1 300); do            # up to 30 s for the greeting
    if ping_amavisd; then
      say "amavisd up (pid $pid, $CHILDREN children, 127.0.0.1:$PORT -> $FORWARD, clamd $(clamd_spec))"
      echo "127.0.0.1:$PORT"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  say "amavisd did not greet within 30 s; its output:"
  tail -n 30 "$DIR/log/stdout.log" "$DIR/log/amavis.log" >&2 2>/dev/null || true
  kill "$pid" 2>/dev/null || true
  rm -f "$PIDFILE"
  return 1
}

stop() { stop_peer amavisd; }

status() {
  local pid
  if pid=$(running_pid) && ping_amavisd; then
    say "amavisd running (pid $pid), 127.0.0.1:$PORT"
    return 0
  fi
  say "amavisd not running (run dir $DIR)"
  return 1
}

peer_main "$@"
