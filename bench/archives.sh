#!/usr/bin/env bash
# Archive expansion throughput (issue 13): builds 50 MB of members (40 MB of distinct real mail
# text: the SpamAssassin public corpus from bench/fetch-corpus.sh, about 31 MB, cut into 2 MB
# files; 19 MB of random bytes) into a 7z (7zz, LZMA2 solid), a zip
# (Info-ZIP deflate) and a tar.xz, then times the in-process harness's `archive-expand` on them
# and on the corpora's rar 4 and rar 5 files (no free rar writer exists, so rar is measured on
# those, each about 100 KB). Inputs go to $VIGIL_BENCH_TMP (default /tmp/vigil-bench), never the repo.
#
# usage: bench/archives.sh [--iterations N]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="${VIGIL_BENCH_TMP:-/tmp/vigil-bench}/archives"
iterations=3
[[ "${1:-}" == "--iterations" ]] && iterations="$2"
"$root/scripts/archivers.sh" install
corpora="$root/../shared/corpora"

mkdir -p "$tmp"
if [[ ! -f "$tmp/members.done" ]]; then
    rm -rf "$tmp/members" && mkdir -p "$tmp/members"
    "$root/bench/fetch-corpus.sh" >/dev/null
    cache="${VIGIL_BENCH_CACHE:-$HOME/.cache/vigil-bench}"
    find "$cache/spamassassin" -type f | sort | xargs cat | head -c $((20 * 2097152)) \
        | split -b 2097152 -d -a 2 --additional-suffix=.eml - "$tmp/members/text"
    for i in $(seq 1 19); do head -c 1048576 /dev/urandom > "$tmp/members/random$i.bin"; done
    touch "$tmp/members.done"
fi
(cd "$tmp/members" && rm -f ../bench.7z ../bench.zip ../bench.tar.xz \
    && 7zz a -bd -t7z ../bench.7z . >/dev/null \
    && zip -qr ../bench.zip . \
    && tar -cf - . | xz -6 -T1 > ../bench.tar.xz)
ls -l "$tmp"/bench.* "$corpora/archives/Rar5.none.rar" "$corpora/archives/Rar.none.rar" "$corpora/archives/Rar5.rar" "$corpora/archives/Rar.solid.rar"

dotnet build "$root/bench/Vigil.Bench" -c Release --nologo -v q >/dev/null
dotnet "$root/bench/Vigil.Bench/bin/Release/net10.0/Vigil.Bench.dll" archive-expand \
    "$tmp/bench.7z" "$tmp/bench.zip" "$tmp/bench.tar.xz" \
    "$corpora/archives/Rar5.rar" "$corpora/archives/Rar.solid.rar" "$corpora/archives/Rar5.none.rar" \
    --warmup 1 --iterations "$iterations"
