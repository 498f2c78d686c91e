#!/usr/bin/env bash
# Publishes the vigil CLI for linux-x64 into artifacts/vigil/ (framework-dependent, ReadyToRun).
# ReadyToRun precompiles the assemblies so a one-message `vigil scan` does not wait for the JIT;
# the crossgen2 package it needs (microsoft.netcore.app.crossgen2.linux-x64) comes from the NuGet
# feed like any other package and is then in the local package cache, so later publishes work
# offline. If it cannot be had, the script says so and publishes a plain Release build instead.
#
# usage: scripts/publish.sh [--no-r2r] [-o DIR] [-- EXTRA dotnet publish ARGS...]
#   e.g. scripts/publish.sh -o /tmp/vigil-try -- -p:TieredPGO=false
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
r2r=true
out="$root/artifacts/vigil"
extra=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --no-r2r) r2r=false ;;
        -o) out="$2"; shift ;;
        --) shift; extra=("$@"); break ;;
        *) echo "usage: scripts/publish.sh [--no-r2r] [-o DIR] [-- EXTRA dotnet publish ARGS...]" >&2; exit 2 ;;
    esac
    shift
done

publish() {
    dotnet publish "$root/src/Vigil/Vigil.csproj" -c Release -r linux-x64 --self-contained false \
        -p:PublishReadyToRun="$1" -p:DebugType=none -o "$out" -nologo -v quiet ${extra[@]+"${extra[@]}"}
}

rm -rf "$out"
if $r2r && ! publish true; then
    echo "publish.sh: ReadyToRun publish failed (crossgen2 package not available?); falling back to plain Release" >&2
    r2r=false
    rm -rf "$out"
fi
$r2r || publish false

"$out/vigil" --version >/dev/null
echo "published $out/vigil (ReadyToRun: $r2r)"
