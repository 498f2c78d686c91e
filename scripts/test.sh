#!/usr/bin/env bash
# Runs every test of the solution and ends with one line of totals: "N passed, N failed, N skipped".
# Installs what the tests need when it can (as root, from Debian's packages) and says what it could not.
set -uo pipefail
cd "$(dirname "$0")/.."
command -v dotnet >/dev/null || { echo "test: the .NET SDK (dotnet) is needed and was not found" >&2; exit 2; }
[ -d ../shared/corpora ] || echo "test: ../shared/corpora is missing beside the clone; corpus tests will fail" >&2
# The virus-scanner tests start a private clamd (scripts/clamd.sh); install it when missing and we can.
if ! command -v clamd >/dev/null && [ ! -x /usr/sbin/clamd ]; then
  if [ "$(id -u)" -eq 0 ]; then scripts/clamd.sh install || echo "test: clamd could not be installed; the clamd tests will fail" >&2
  else echo "test: clamd is missing and installing it needs root; the clamd tests will fail" >&2; fi
fi
# The spam-filter tests start a private spamd and rspamd (scripts/spamd.sh, scripts/rspamd.sh) the same way.
for peer in spamd rspamd; do
  command -v "$peer" >/dev/null && continue
  if [ "$(id -u)" -eq 0 ]; then "scripts/$peer.sh" install || echo "test: $peer could not be installed; the $peer tests will fail" >&2
  else echo "test: $peer is missing and installing it needs root; the $peer tests will fail" >&2; fi
done

# The milter tests run a private Postfix, swaks and miltertest (scripts/postfix.sh).
if ! command -v postfix >/dev/null || ! command -v swaks >/dev/null || ! command -v miltertest >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then scripts/postfix.sh install || echo "test: postfix/swaks/miltertest could not be installed; the milter tests will fail" >&2
  else echo "test: postfix, swaks or miltertest is missing and installing them needs root; the milter tests will fail" >&2; fi
fi

# The archive tests build archives with the real tools (scripts/archivers.sh).
if ! scripts/archivers.sh check 2>/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then scripts/archivers.sh install || echo "test: archivers could not be installed; the archive tool tests will fail" >&2
  else echo "test: archivers are missing and installing them needs root; the archive tool tests will fail" >&2; fi
fi

# The store's PostgreSQL tests start a throwaway cluster with Debian's postgresql-15 binaries.
if [ ! -x /usr/lib/postgresql/15/bin/initdb ]; then
  if [ "$(id -u)" -eq 0 ]; then scripts/postgres.sh install || echo "test: postgresql-15 could not be installed; the PostgreSQL store tests will fail" >&2
  else echo "test: postgresql-15 is missing and installing it needs root; the PostgreSQL store tests will fail" >&2; fi
fi

# The dashboard's browser tests drive Debian's chromium through Playwright (scripts/chromium.sh).
if ! scripts/chromium.sh check 2>/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then scripts/chromium.sh install || echo "test: chromium could not be installed; the dashboard browser tests will fail" >&2
  else echo "test: chromium is missing and installing it needs root; the dashboard browser tests will fail" >&2; fi
fi

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

dotnet test Vigil.slnx -c Release --nologo \
  --logger "trx" --results-directory "$results" \
  --logger "console;verbosity=minimal"
rc=$?

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$(get total); executed=$(get executed); p=$(get passed); f=$(get failed); e=$(get error)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0}))
  skipped=$((skipped + ${total:-0} - ${executed:-0}))
done
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
  echo "test: no test results were found" >&2
  [ $rc -eq 0 ] && rc=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $rc
