#!/usr/bin/env bash
# The long fuzz run of issue 10: every CI fuzz family, many more and bigger cases, each judged
# by its own `vigil scan --json FILE` process (the Native AOT binary, default limits) under
# /usr/bin/time. Prints per family the slowest MB/s of CPU time (user + system, start included; cases of 1 MB or more), the
# highest peak RSS of one case, the cases over a bound (< 10 MB/s, > 150 MB, exit 2 or a crash),
# then the run as a whole. Exit 1 when a case broke a bound. VIGIL=/path/to/vigil measures
# another build (default: artifacts/vigil/vigil, published by scripts/publish.sh when missing).
# Arguments go to `Vigil.Bench fuzz` (--cases N, --seed S, --line-kb KB, --family LIST).
#   bench/fuzz.sh --cases 500
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
command -v /usr/bin/time >/dev/null || apt-get install -y -q time >/dev/null
vigil=${VIGIL:-$root/artifacts/vigil/vigil}
[[ -x $vigil ]] || "$root/scripts/publish.sh" -o "$(dirname "$vigil")"
dotnet build "$root/bench/Vigil.Bench" -c Release --nologo -m:1 -v q >/dev/null
exec dotnet "$root/bench/Vigil.Bench/bin/Release/net10.0/Vigil.Bench.dll" fuzz --vigil "$vigil" "$@"
