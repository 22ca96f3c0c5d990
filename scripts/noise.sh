#!/usr/bin/env bash
# Noise on real code: how many findings leakhound reports, at each
# confidence, on Go's own distribution (GOROOT) and on the whole history of
# a large public repository (git/git by default; pass a clone's path, or a
# URL to clone, as the first argument). Real projects hold few live
# secrets, so nearly every finding here is a false alarm or a test fixture.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${NOISE_DIR:-/tmp/leakhound-noise}
mkdir -p "$work"
bin="$work/leakhound"
go build -o "$bin" ./cmd/leakhound

repo=${1:-https://github.com/git/git.git}
if [ ! -d "$repo" ]; then
  dest="$work/$(basename "$repo" .git).git"
  [ -d "$dest" ] || git clone -q --bare "$repo" "$dest"
  repo=$dest
fi

count() { # LABEL CMD...: findings (places) at each confidence
  local label=$1; shift
  for c in high medium low; do
    "$@" --format json --min-confidence "$c" -o "$work/report.json" 2>/dev/null || [ $? -le 2 ]
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); f=d["findings"]; print(len(f), sum(len(x.get("places") or [1]) for x in f))' "$work/report.json" |
      { read -r n p; echo "$label|>= $c|$n|$p"; }
  done
}
echo "target|confidence|findings|places"
count "scan dir GOROOT" "$bin" scan dir "$(go env GOROOT)"
count "scan git $(basename "$repo")" "$bin" scan git "$repo"
