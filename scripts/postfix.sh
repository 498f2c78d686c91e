#!/usr/bin/env bash
# A private Postfix for Vigil's milter tests: Debian's postfix run from its own config and queue
# directory (never /etc/postfix), loopback only, nothing leaves the machine. Mail for
# example.test is delivered to Maildirs under the run dir; every other destination bounces.
#
# usage: scripts/postfix.sh install|start|stop|status
#   install  apt-get install postfix swaks miltertest when missing ("No configuration": the
#            package starts nothing and writes no main.cf)
#   start    write main.cf/master.cf under the run dir, start the master, wait for the port
#   stop     stop the master this script started (by its pid) and wait for it to go
#   status   exit 0 when the master runs
#
# Environment: VIGIL_POSTFIX_DIR (run dir, default /tmp/vigil-postfix), VIGIL_POSTFIX_PORT (smtpd on
# 127.0.0.1, default 2525), VIGIL_POSTFIX_MILTER (smtpd_milters, default none),
# VIGIL_POSTFIX_FILTER_PORT (after-queue content_filter = scan:[127.0.0.1]:PORT, amavisd-new style,
# with XFORWARD; default none) and VIGIL_POSTFIX_REINJECT_PORT (the smtpd the filter gives mail
# back to, content_filter off; needed with the filter); VIGIL_POSTFIX_TLS=1 (smtpd offers STARTTLS
# with a throwaway self-signed certificate made by openssl under the run dir, TLS logged),
# VIGIL_POSTFIX_XFORWARD_HOSTS (smtpd_authorized_xforward_hosts of the main smtpd, default none)
# and VIGIL_POSTFIX_MAIN_EXTRA (lines appended to main.cf as they are, e.g. "smtpd_timeout = 2s").
set -euo pipefail

DIR=${VIGIL_POSTFIX_DIR:-/tmp/vigil-postfix}
PORT=${VIGIL_POSTFIX_PORT:-2525}
MILTER=${VIGIL_POSTFIX_MILTER:-}
FILTER_PORT=${VIGIL_POSTFIX_FILTER_PORT:-}
REINJECT_PORT=${VIGIL_POSTFIX_REINJECT_PORT:-}
TLS=${VIGIL_POSTFIX_TLS:-}
XFORWARD_HOSTS=${VIGIL_POSTFIX_XFORWARD_HOSTS:-}
MAIN_EXTRA=${VIGIL_POSTFIX_MAIN_EXTRA:-}
PIDFILE=$DIR/spool/pid/master.pid

say() { echo "postfix.sh: $*" >&2; }
# shellcheck source=lib/peer.sh
. "$(dirname "$0")/lib/peer.sh"

running_pid() {
  local pid
  pid=$(sed 1q "$PIDFILE" 2>/dev/null | tr -d ' ') || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

install() {
  if command -v postfix >/dev/null && command -v swaks >/dev/null && command -v miltertest >/dev/null; then
    say "postfix, swaks and miltertest are installed"
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    say "cannot install postfix swaks miltertest: not root"
    return 1
  fi
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt_install postfix postfix swaks miltertest
}

configure() {
  mkdir -p "$DIR"/{etc,spool,data,log,mail}
  chown postfix "$DIR/data"
  chown nobody:nogroup "$DIR/mail"
  printf '%s\n' '@example.test example.test/catchall/' 'alice@example.test example.test/alice/' > "$DIR/etc/vmailbox"
  cat > "$DIR/etc/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $DIR/spool
data_directory = $DIR/data
maillog_file = $DIR/log/maillog
maillog_file_prefixes = $DIR
myhostname = mx.vigil.test
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
alias_maps =
alias_database =
relayhost =
smtp_dns_support_level = disabled
default_transport = error:5.7.0 outbound delivery disabled in the test instance
local_transport = error:5.1.1 local delivery disabled in the test instance
virtual_mailbox_domains = example.test
virtual_mailbox_base = $DIR/mail
virtual_mailbox_maps = texthash:$DIR/etc/vmailbox
virtual_uid_maps = static:65534
virtual_gid_maps = static:65534
smtpd_milters = $MILTER
milter_protocol = 6
milter_default_action = tempfail
CF
  if [ -n "$XFORWARD_HOSTS" ]; then
    echo "smtpd_authorized_xforward_hosts = $XFORWARD_HOSTS" >> "$DIR/etc/main.cf"
  fi
  if [ -n "$TLS" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=mx.vigil.test" \
      -keyout "$DIR/etc/key.pem" -out "$DIR/etc/cert.pem" >/dev/null 2>&1 || { say "openssl could not make a certificate"; return 1; }
    chmod 600 "$DIR/etc/key.pem"
    printf '%s\n' "smtpd_tls_security_level = may" "smtpd_tls_chain_files = $DIR/etc/key.pem, $DIR/etc/cert.pem" \
      "smtpd_tls_loglevel = 1" "smtpd_tls_received_header = yes" >> "$DIR/etc/main.cf"
  fi
  if [ -n "$MAIN_EXTRA" ]; then
    printf '%s\n' "$MAIN_EXTRA" >> "$DIR/etc/main.cf"
  fi
  if [ -n "$FILTER_PORT" ]; then
    [ -n "$REINJECT_PORT" ] || { say "VIGIL_POSTFIX_FILTER_PORT needs VIGIL_POSTFIX_REINJECT_PORT"; return 1; }
    echo "content_filter = scan:[127.0.0.1]:$FILTER_PORT" >> "$DIR/etc/main.cf"
  fi
  cat > "$DIR/etc/master.cf" <<CF
127.0.0.1:$PORT inet n - n - - smtpd
pickup    unix  n - n 60 1 pickup
cleanup   unix  n - n -  0 cleanup
qmgr      unix  n - n 300 1 qmgr
rewrite   unix  - - n -  - trivial-rewrite
bounce    unix  - - n -  0 bounce
defer     unix  - - n -  0 bounce
trace     unix  - - n -  0 bounce
verify    unix  - - n -  1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n -  - proxymap
showq     unix  n - n -  - showq
error     unix  - - n -  - error
retry     unix  - - n -  - error
discard   unix  - - n -  - discard
virtual   unix  - n n -  - virtual
anvil     unix  - - n -  1 anvil
scache    unix  - - n -  1 scache
postlog   unix-dgram n - n - 1 postlogd
CF
  if [ -n "$TLS" ]; then
    echo "tlsmgr    unix  - - n 1000? 1 tlsmgr" >> "$DIR/etc/master.cf"
  fi
  if [ -n "$FILTER_PORT" ]; then
    cat >> "$DIR/etc/master.cf" <<CF
scan      unix  - - n - 4 smtp
  -o smtp_send_xforward_command=yes
  -o disable_mime_output_conversion=yes
127.0.0.1:$REINJECT_PORT inet n - n - 4 smtpd
  -o content_filter=
  -o receive_override_options=no_unknown_recipient_checks,no_header_body_checks,no_milters
  -o smtpd_milters=
  -o mynetworks=127.0.0.0/8
  -o smtpd_relay_restrictions=permit_mynetworks,reject
  -o smtpd_authorized_xforward_hosts=127.0.0.0/8
CF
  fi
  postfix -c "$DIR/etc" set-permissions >/dev/null 2>&1 || true
  postfix -c "$DIR/etc" check
}

start() {
  if pid=$(running_pid); then
    say "postfix is running (master pid $pid, run dir $DIR)"
    return 0
  fi
  configure
  postfix -c "$DIR/etc" start >/dev/null 2>&1 || { say "postfix did not start (see $DIR/log/maillog)"; return 1; }
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && { say "postfix up on 127.0.0.1:$PORT"; return 0; }
    sleep 0.1
  done
  say "postfix did not open 127.0.0.1:$PORT"
  return 1
}

status() { running_pid >/dev/null; }
stop() { stop_peer postfix; }

peer_main "$@"
