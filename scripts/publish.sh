#!/usr/bin/env bash
# Builds the vigil command into artifacts/vigil (Release, ReadyToRun when the runtime pack is reachable).
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/vigil
if ! dotnet publish src/Vigil -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$out" -nologo -v quiet >/tmp/vigil-publish.log 2>&1; then
  echo "publish: ReadyToRun build failed (see /tmp/vigil-publish.log); building plain Release instead" >&2
  dotnet publish src/Vigil -c Release -o "$out" -nologo -v quiet
fi
echo "$out/vigil"
