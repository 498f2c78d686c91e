#!/usr/bin/env bash
# Publishes the vigil CLI for linux-x64 into artifacts/vigil/ (framework-dependent, ReadyToRun).
# ReadyToRun precompiles the assemblies so a one-message `vigil scan` does not wait for the JIT;
# the crossgen2 package it needs (microsoft.netcore.app.crossgen2.linux-x64) comes from the NuGet
# feed like any other package and is then in the local package cache, so later publishes work
# offline. If it cannot be had, the script says so and publishes a plain Release build instead.
#
# --composite publishes self-contained with the framework and vigil compiled into one ReadyToRun
# composite image (about 90 MB, no shared runtime needed): a few ms quicker to start and faster on
# big messages (docs/PERFORMANCE.md), at the cost of size and of runtime updates from the system.
#
# usage: scripts/publish.sh [--no-r2r | --composite] [-o DIR] [-- EXTRA dotnet publish ARGS...]
#   e.g. scripts/publish.sh -o /tmp/vigil-try -- -p:TieredPGO=false
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
r2r=true
self_contained=false
composite=false
out="$root/artifacts/vigil"
extra=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --no-r2r) r2r=false ;;
        --composite) self_contained=true; composite=true ;;
        -o) out="$2"; shift ;;
        --) shift; extra=("$@"); break ;;
        *) echo "usage: scripts/publish.sh [--no-r2r | --composite] [-o DIR] [-- EXTRA dotnet publish ARGS...]" >&2; exit 2 ;;
    esac
    shift
done

publish() {
    dotnet publish "$root/src/Vigil/Vigil.csproj" -c Release -r linux-x64 --self-contained "$self_contained" \
        -p:PublishReadyToRun="$1" -p:PublishReadyToRunComposite="$composite" -p:DebugType=none -o "$out" -nologo -v quiet ${extra[@]+"${extra[@]}"}
}

# ReadyToRun output is cached in obj/; a composite publish leaves component stubs there that a
# later plain publish would copy (they abort at start), so always compile afresh.
rm -rf "$out" "$root"/src/*/obj/Release/*/linux-x64/R2R
if $r2r && ! publish true; then
    echo "publish.sh: ReadyToRun publish failed (crossgen2 package not available?); falling back to plain Release" >&2
    r2r=false
    composite=false
    rm -rf "$out"
fi
$r2r || publish false

"$out/vigil" --version >/dev/null
echo "published $out/vigil (ReadyToRun: $r2r, composite: $composite)"
