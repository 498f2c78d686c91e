#!/usr/bin/env bash
# The archive tests build their archives with the real tools (Debian's 7zip as 7zz, arj, lzip, xz-utils,
# bzip2, zstd, zip, gcab) and check against cabextract: `scripts/archivers.sh install` puts in the
# ones missing (as root), `scripts/archivers.sh check` names any still missing. Idempotent.
set -uo pipefail
# tool:package pairs; rar, ace and arc have no free writer in Debian, so the corpora's files stand in.
tools="7zz:7zip arj:arj lzip:lzip xz:xz-utils bzip2:bzip2 zstd:zstd zip:zip gcab:gcab cabextract:cabextract"
missing() {
  local out=""
  for pair in $tools; do command -v "${pair%%:*}" >/dev/null || out="$out ${pair#*:}"; done
  echo "$out"
}
case "${1:-check}" in
  install)
    need=$(missing)
    [ -z "$need" ] && exit 0
    [ "$(id -u)" -eq 0 ] || { echo "archivers: missing$need and installing needs root" >&2; exit 1; }
    export DEBIAN_FRONTEND=noninteractive
    # shellcheck disable=SC2086
    apt-get install -y -q --no-install-recommends $need >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q --no-install-recommends $need >/dev/null 2>&1; } \
      || { echo "archivers: could not install$need" >&2; exit 1; }
    ;;
  check)
    need=$(missing)
    [ -z "$need" ] || { echo "archivers: missing$need" >&2; exit 1; }
    ;;
  *) echo "usage: scripts/archivers.sh install|check" >&2; exit 2 ;;
esac
