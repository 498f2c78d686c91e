#!/usr/bin/env bash
# Quick start: build vigil and scan the bundled sample mailbox (clean, banned, format-trick and
# virus-test messages), printing one verdict per message and the details below it.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v dotnet >/dev/null || { echo "quickstart: the .NET SDK (dotnet) is needed and was not found" >&2; exit 2; }

scripts/publish.sh >&2
vigil=artifacts/vigil/vigil

# The EICAR test messages are written here, not shipped: a repository holding EICAR upsets scanners.
box=.work/sample-mailbox
rm -rf "$box"; mkdir -p .work; cp -r samples/mailbox "$box"
eicar=$(echo 'WDVPIVAlQEFQWzRcUFpYNTQoUF4pN0NDKTd9JEVJQ0FSLVNUQU5EQVJELUFOVElWSVJVUy1URVNULUZJTEUhJEgrSCo=' | base64 -d)
{
  printf 'From: test@example.com\nTo: bob@example.net\nSubject: EICAR test attachment\nMIME-Version: 1.0\n'
  printf 'Content-Type: multipart/mixed; boundary=e1\n\n--e1\nContent-Type: text/plain\n\nThe EICAR anti-virus test file.\n'
  printf -- '--e1\nContent-Type: application/octet-stream; name=eicar.com\nContent-Transfer-Encoding: base64\n\n'
  printf '%s' "$eicar" | base64; printf -- '--e1--\n'
} > "$box/new/1700000006.virus-eicar.example"
{
  printf 'From: test@example.com\nTo: bob@example.net\nSubject: harmless notes\nMIME-Version: 1.0\n'
  printf 'Content-Type: multipart/mixed; boundary=e2\n\n--e2\nContent-Type: text/plain\n\nSee the notes.\n'
  printf -- '--e2\nContent-Type: text/plain; name=notes.txt\nContent-Transfer-Encoding: base64\n\n'
  printf '%s' "$eicar" | base64; printf -- '--e2--\n'
} > "$box/new/1700000007.virus-renamed.example"

# A private clamd (EICAR and ClamAV test signatures, no download) when it can be had.
clamd_args=()
export VIGIL_CLAMD_DIR=${VIGIL_CLAMD_DIR:-/tmp/vigil-quickstart-clamd} VIGIL_CLAMD_PORT=${VIGIL_CLAMD_PORT:-3312}
if { command -v clamd >/dev/null || [ -x /usr/sbin/clamd ] || { [ "$(id -u)" -eq 0 ] && scripts/clamd.sh install; }; } \
   && sock=$(scripts/clamd.sh start); then
  clamd_args=(--clamd "unix:$sock")
  trap 'scripts/clamd.sh stop >/dev/null 2>&1 || true' EXIT
else
  echo "quickstart: no clamd could be started (it needs Debian's clamav-daemon, installed as root); scanning with the policy only" >&2
fi

echo "== vigil scan -v ${clamd_args[*]} $box"
set +e
"$vigil" scan -v "${clamd_args[@]}" "$box"
rc=$?
set -e
echo "== exit code $rc (0: all clean, 1: something was not clean, 2: an operational error)"
[ "$rc" -le 1 ]
