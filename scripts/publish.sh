#!/usr/bin/env bash
# Publishes the vigil CLI for linux-x64 into artifacts/vigil/: one Native AOT binary (no .NET
# runtime needed on the target, no JIT at start-up). Trim and AOT warnings are errors (the
# projects' TreatWarningsAsErrors reaches the native compiler too), so a publish that would
# behave differently from the JIT build fails here instead of at run time.
#
# The native compiler package (runtime.linux-x64.Microsoft.DotNet.ILCompiler) comes from the
# NuGet feed; it links with clang, which this script installs from Debian when it is missing and
# it runs as root (CI starts from a clean clone).
#
# --r2r publishes the older framework-dependent ReadyToRun build instead (needs the shared .NET
# runtime; kept to compare with, bench/aot-vs-r2r.sh). --composite: self-contained ReadyToRun
# composite (framework and vigil in one image, about 90 MB).
#
# --pie: the native binary as a position-independent (address-randomised) image with
# dehydrated data, the compiler's default; about 6 ms more CPU at every start (src/Vigil/Vigil.csproj
# says why the default differs, docs/PERFORMANCE.md "Door start-up" has the figures).
#
# usage: scripts/publish.sh [--r2r | --composite | --pie] [-o DIR] [-- EXTRA dotnet publish ARGS...]
#   e.g. scripts/publish.sh --r2r -o /tmp/vigil-r2r
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kind=aot
out="$root/artifacts/vigil"
extra=()
usage="usage: scripts/publish.sh [--r2r | --composite | --pie] [-o DIR] [-- EXTRA dotnet publish ARGS...]"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --r2r) kind=r2r ;;
        --composite) kind=composite ;;
        --pie) kind=pie ;;
        -o) [[ $# -ge 2 ]] || { echo "$usage" >&2; exit 2; }; out="$2"; shift ;;
        --) shift; extra=("$@"); break ;;
        *) echo "$usage" >&2; exit 2 ;;
    esac
    shift
done

if [[ $kind == aot || $kind == pie ]] && ! command -v clang >/dev/null; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "publish.sh: installing clang (the Native AOT linker)" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q clang >&2 \
            || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q clang >&2; }
    else
        echo "publish.sh: Native AOT needs clang as its linker: apt-get install clang (as root)" >&2
        exit 1
    fi
fi

case $kind in
    aot) props=(-p:PublishAot=true --self-contained true) ;;
    pie) props=(-p:PublishAot=true --self-contained true -p:PositionIndependentExecutable=true -p:IlcDehydrate=true) ;;
    r2r) props=(-p:PublishAot=false -p:PublishReadyToRun=true --self-contained false) ;;
    composite) props=(-p:PublishAot=false -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true --self-contained true) ;;
esac

# ReadyToRun output is cached in obj/; a composite publish leaves component stubs there that a
# later plain publish would copy (they abort at start), so always compile afresh.
rm -rf "$out" "$root"/src/*/obj/Release/*/linux-x64/R2R
if ! dotnet publish "$root/src/Vigil/Vigil.csproj" -c Release -r linux-x64 "${props[@]}" \
        -p:DebugType=none -o "$out" -nologo -v quiet ${extra[@]+"${extra[@]}"}; then
    if [[ $kind == aot || $kind == pie ]]; then
        cat >&2 <<'EOF'
publish.sh: the Native AOT publish failed. IL2xxx/IL3xxx are trim/AOT warnings, errors here on
purpose: the native binary would misbehave where the JIT build works. To keep vigil AOT-clean
(docs/ARCHITECTURE.md, "Native AOT"):
  - JSON through a JsonSerializerContext ([JsonSerializable] source generator) or
    Utf8JsonWriter/JsonDocument, never JsonSerializer.Serialize<T>(value) without type info;
  - no Type.GetType/Activator/MakeGenericType/Assembly.Load on names from config; no
    Reflection.Emit, no runtime-compiled Regex (RegexOptions.Compiled is ignored, fine);
  - a library that warns: use its AOT-ready API (ASP.NET Core: WebApplication.CreateSlimBuilder,
    minimal APIs with a JsonSerializerContext; Dapper: DapperAOT; EF Core: compiled models) or
    keep it out of the vigil binary;
  - [RequiresUnreferencedCode]/[DynamicallyAccessedMembers] say what a method needs; suppress
    (UnconditionalSuppressMessage) only with a reason that proves the warning false.
`dotnet build` reports the same warnings (PublishAot/IsAotCompatible turn the analyzers on).
EOF
    fi
    exit 1
fi

"$out/vigil" --version >/dev/null
echo "published $out/vigil ($kind)"
