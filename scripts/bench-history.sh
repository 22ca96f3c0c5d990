#!/usr/bin/env bash
# History: the old path (blobs read by git cat-file) against the new one
# (read in-process from the packs), in one run, on BENCH_REPO (a copy of a
# real repository brought onto the machine as data, never committed) or a
# generated history of BENCH_COMMITS commits (scripts/genrepo: small edits
# of large files, so its pack is mostly deltas). Wall and CPU time count
# every process; peak RSS is the sum over all processes alive at once
# (scripts/peakrss). Both paths must report the same findings.
#
#   BENCH_REPO=DIR BENCH_BRANCH=HEAD BENCH_RUNS=1 scripts/bench-history.sh
set -euo pipefail
cd "$(dirname "$0")/.."

work=${BENCH_DIR:-/tmp/leakhound-bench}
mkdir -p "$work"
bin="$work/leakhound"
go build -o "$bin" ./cmd/leakhound
go build -o "$work/peakrss" ./scripts/peakrss
hist=${BENCH_REPO:-}
if [ -z "$hist" ]; then
  commits=${BENCH_COMMITS:-20000}
  hist="$work/history-$commits.git"
  if [ ! -d "$hist" ]; then
    echo "== generating $commits-commit history in $hist"
    go run ./scripts/genrepo -out "$hist" -commits "$commits"
  fi
fi
branch=${BENCH_BRANCH:-HEAD}
runs=${BENCH_RUNS:-1}
echo "== history of $hist ($branch: $(git -C "$hist" rev-list --count "$branch") commits), $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
{
  echo "object reader|wall s|CPU s (all processes)|peak RSS MiB (all processes)|leakhound's own summary"
  for reader in git auto; do
    best=""
    for _ in $(seq "$runs"); do
      status=0
      "$work/peakrss" -o "$work/figures" "$bin" scan git "$hist" --branch "$branch" --object-reader "$reader" --verbose \
        --format json -o "$work/history-$reader.json" 2>"$work/stderr" || status=$?
      if [ "$status" -gt 1 ] && ! grep -q 'the scan is incomplete' "$work/stderr"; then cat "$work/stderr"; exit 1; fi
      read -r wall cpu kb <"$work/figures"
      if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; fig="$wall|$cpu|$((kb / 1024))"; fi
    done
    how=$(grep -o 'reading objects [^:]*' "$work/stderr" | head -1)
    echo "$reader ($how)|$fig|$(grep -o 'scanned [^;]*' "$work/stderr" | head -1)"
  done
} | column -t -s '|'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
if cmp -s "$work/history-git.json" "$work/history-auto.json"; then
  echo "findings: identical"
else
  echo "findings DIFFER: compare $work/history-git.json and $work/history-auto.json"
  exit 1
fi
