#!/usr/bin/env bash
# Publishes the vigil CLI for linux-x64 into artifacts/vigil/ (framework-dependent, ReadyToRun).
# ReadyToRun precompiles the assemblies so a one-message `vigil scan` does not wait for the JIT;
# the crossgen2 package it needs comes from the NuGet feed like any other package. If it cannot
# be had (no feed, no cache), the script says so and publishes a plain Release build instead.
#
# usage: scripts/publish.sh [--no-r2r] [OUTPUT_DIR]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
r2r=true
if [[ "${1:-}" == "--no-r2r" ]]; then
    r2r=false
    shift
fi
out="${1:-$root/artifacts/vigil}"

publish() {
    dotnet publish "$root/src/Vigil/Vigil.csproj" -c Release -r linux-x64 --self-contained false \
        -p:PublishReadyToRun="$1" -p:DebugType=none -o "$out" -nologo -v quiet
}

rm -rf "$out"
if $r2r; then
    if ! publish true; then
        echo "publish.sh: ReadyToRun publish failed (crossgen2 package not available?); falling back to plain Release" >&2
        rm -rf "$out"
        publish false
    fi
else
    publish false
fi

"$out/vigil" --version >/dev/null
echo "published $out/vigil (ReadyToRun: $r2r)"
