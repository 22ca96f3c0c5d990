#!/usr/bin/env bash
# Speed figures for the README: the engine's Go benchmarks, a scan of Go's
# own distribution (GOROOT) and a scan of a generated git history, with
# wall time, throughput and peak memory. Timings live here, never in tests.
set -euo pipefail
cd "$(dirname "$0")/.."

work=${BENCH_DIR:-/tmp/leakhound-bench}
commits=${BENCH_COMMITS:-20000}
mkdir -p "$work"
bin="$work/leakhound"
go build -o "$bin" ./cmd/leakhound

echo "== engine (one core, go test -bench)"
go test -run '^$' -bench . -benchmem -benchtime 5x ./internal/detect/ | grep -E '^Benchmark'

# measure LABEL CMD...: best wall time of 3 runs and peak RSS. An
# incomplete scan (exit 2 naming what it skipped) still counts: GOROOT holds
# damaged test archives on purpose.
measure() {
  local label=$1; shift
  local best="" rss="" status
  for _ in 1 2 3; do
    status=0
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || status=$?
    if [ "$status" -gt 1 ] && ! grep -q 'the scan is incomplete' "$work/stderr"; then cat "$work/stderr"; exit 1; fi
    read -r wall kb < <(tail -n 1 "$work/time")
    if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; rss=$kb; fi
  done
  echo "$label|$best|$rss|$(grep -o 'scanned [^;]*' "$work/stderr" | head -1)"
}

goroot=$(go env GOROOT)
# Warm the page cache so the figures measure the scanner, not the disk.
find "$goroot" -type f -print0 | xargs -0 cat >/dev/null
size=$(du -sb "$goroot" | cut -f1)

repo="$work/history-$commits.git"
if [ ! -d "$repo" ]; then
  echo "== generating $commits-commit history in $repo"
  go run ./scripts/genrepo -out "$repo" -commits "$commits"
fi
blobs=$(git -C "$repo" cat-file --batch-all-objects --batch-check='%(objecttype) %(objectsize)' | awk '$1=="blob"{n++; s+=$2} END{print n, s}')

# A working copy of the history for the pre-commit figure: one file of a
# large repository edited and staged, as a developer would.
tree="$work/worktree-$commits"
if [ ! -d "$tree" ]; then
  git clone -q --branch main "$repo" "$tree"
fi
git -C "$tree" reset -q --hard
target=$(git -C "$tree" ls-files | sed -n 100p)
printf '\n// edited for the benchmark\nvar benchmarkEdit = 1\n' >> "$tree/$target"
git -C "$tree" add "$target"
"$bin" scan stdin </dev/null >/dev/null 2>&1 || true # warm the rule cache, as a second commit would

echo
echo "== whole scans (best of 3, $(nproc) cores)"
{
  echo "target|wall s|peak RSS KB (largest process, git included)|leakhound's own summary"
  measure "scan dir GOROOT ($(numfmt --to=iec "$size"))" "$bin" scan dir "$goroot" --format json
  measure "git cat-file --batch-all-objects --unordered (baseline: read every object once, one process)" git -C "$repo" cat-file --batch-all-objects --unordered --batch
  measure "scan git history ($commits commits, $(echo "$blobs" | awk '{printf "%d blobs, %.0f MB", $1, $2/1e6}'))" "$bin" scan git "$repo" --format json
  measure "git diff --cached (git's own time for the staged change)" git -C "$tree" diff --cached --quiet --exit-code
  measure "scan staged: pre-commit of a one-file change in that repository" "$bin" scan staged "$tree"
} | column -t -s '|'

# The pre-commit figure at millisecond precision, as the README's Speed
# table gives it: least and mean wall of 20 runs, the CPU of all its
# processes (git's included), leakhound's own instructions (cachegrind,
# which does not vary with the load) and how many git processes it starts.
echo
echo "== scan staged, 20 runs"
# One time(1) over the 20 runs: it prints whole hundredths, which cut off
# per run came to a third of the CPU. $EPOCHREALTIME (bash 5) times each
# run without starting a process.
# A failed scan (exit 2) stops the script: its time is no figure.
LC_ALL=C /usr/bin/time -f '%U %S' -o "$work/time" bash -c '
  for _ in $(seq 20); do
    start=$EPOCHREALTIME
    "$0" scan staged "$1" >/dev/null 2>"$2" || [ $? -eq 1 ] || { cat "$2" >&2; exit 2; }
    echo "$start $EPOCHREALTIME"
  done' "$bin" "$tree" "$work/stderr" >"$work/walls"
awk -v cpu="$(awk '{print $1 + $2}' "$work/time")" '{w = ($2 - $1) * 1000; s += w; if (NR == 1 || w < m) m = w}
  END {printf "wall: least %.1f ms, mean %.1f ms; CPU of all processes: mean %.1f ms\n", m, s / NR, cpu / NR * 1000}' "$work/walls"
if command -v valgrind >/dev/null; then
  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$bin" scan staged "$tree" 2>&1 >/dev/null | awk '/I *refs/{print "instructions (leakhound alone): " $NF}'
fi
if command -v strace >/dev/null; then
  strace -f -e trace=execve -o "$work/strace" "$bin" scan staged "$tree" >/dev/null 2>&1 || true
  echo "git processes: $(grep -v ENOENT "$work/strace" | grep -c 'execve("[^"]*/git"')"
fi

echo
BENCH_REPO=${BENCH_REPO:-$repo} BENCH_DIR=$work scripts/bench-history.sh
