# Shared by scripts/clamd.sh, spamd.sh and rspamd.sh (sourced, not run). Each script defines
# say(), running_pid(), install(), start(), status() and the variables DIR and PIDFILE; this file
# gives them the parts that are the same for every peer.

# apt_install NAME PACKAGE-OR-OPTION...: installs from Debian's packages, refreshing the package
# lists once if the first try fails; waits for the dpkg lock (peers may be installed in parallel).
apt_install() {
  local name=$1; shift
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q "$@")
  if ! "${apt[@]}" >/dev/null; then
    say "apt-get install failed; refreshing the package lists and trying once more"
    apt-get -o DPkg::Lock::Timeout=300 update -q >/dev/null || say "apt-get update failed (no network or mirror?)"
    if ! "${apt[@]}" >/dev/null; then
      say "could not install $*: $name tests cannot run"
      return 1
    fi
  fi
}

# stop_peer NAME: TERM to the pid in PIDFILE (its children follow), up to 10 s, then KILL.
stop_peer() {
  local name=$1 pid
  if ! pid=$(running_pid); then
    say "$name is not running (run dir $DIR)"
    rm -f "$PIDFILE"
    return 0
  fi
  kill "$pid"
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
  rm -f "$PIDFILE"
  say "$name stopped (pid $pid)"
}

# peer_main "$@": the install|start|stop|status dispatch.
peer_main() {
  case "${1:-}" in
    install) install ;;
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) echo "usage: $0 install|start|stop|status" >&2; exit 2 ;;
  esac
}
