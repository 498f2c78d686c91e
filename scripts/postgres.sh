#!/usr/bin/env bash
# PostgreSQL for the store's tests (tests/Shared/PrivatePostgres.cs starts a throwaway cluster of
# its own with these binaries; nothing here starts a server).
#
# usage: scripts/postgres.sh install   apt-get install postgresql-15 when its binaries are missing (needs root)
set -euo pipefail
BIN=/usr/lib/postgresql/15/bin
case "${1:-}" in
  install)
    if [ -x "$BIN/initdb" ] && [ -x "$BIN/pg_ctl" ] && id postgres >/dev/null 2>&1; then
      echo "postgres.sh: postgresql-15 is installed ($BIN)" >&2
      exit 0
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-upgrade postgresql-15 postgresql-client-15 >/dev/null \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-upgrade postgresql-15 postgresql-client-15 >/dev/null; }
    ;;
  *) echo "usage: scripts/postgres.sh install" >&2; exit 2 ;;
esac
