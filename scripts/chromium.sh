#!/usr/bin/env bash
# The dashboard's browser tests drive Debian's chromium through Playwright (ExecutablePath
# /usr/bin/chromium; Playwright never downloads a browser). `scripts/chromium.sh install` puts the
# package in (as root) when it is missing, `scripts/chromium.sh check` says whether it is there.
# Idempotent.
set -uo pipefail
bin=/usr/bin/chromium
case "${1:-check}" in
  install)
    [ -x "$bin" ] && exit 0
    [ "$(id -u)" -eq 0 ] || { echo "chromium: missing and installing it needs root" >&2; exit 1; }
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core >/dev/null 2>&1; } \
      || { echo "chromium: could not install Debian's chromium" >&2; exit 1; }
    [ -x "$bin" ] || { echo "chromium: installed, but $bin is missing" >&2; exit 1; }
    ;;
  check)
    [ -x "$bin" ] || { echo "chromium: $bin is missing" >&2; exit 1; }
    ;;
  *) echo "usage: scripts/chromium.sh install|check" >&2; exit 2 ;;
esac
