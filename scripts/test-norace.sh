#!/usr/bin/env bash
# Runs without the race detector the tests that `//go:build !race` keeps
# out of the race run (load tests, scans of many megabytes): every Test
# function of those files, and the seed corpus of every Fuzz function,
# found here so that a new one is not forgotten.
# All their packages go to one `go test`, which builds and runs them side
# by side.
#
#   scripts/test-norace.sh [GO]
set -euo pipefail

go=${1:-go}
cd "$(dirname "$0")/.."
files=$(grep -l -E '^//go:build .*!race' $(git ls-files '*_test.go' 2>/dev/null || find . -name '*_test.go') || true)
if [ -z "$files" ]; then
	exit 0
fi
pkgs=$(for f in $files; do echo "./$(dirname "$f")/"; done | sort -u)
names=$(sed -n -E 's/^func ((Test|Fuzz)[A-Za-z0-9_]*)\([a-z]+ \*testing\.[TF]\).*/\1/p' $files | sort -u | paste -sd'|' -)
if [ -z "$names" ]; then
	exit 0
fi
# shellcheck disable=SC2086 # one argument per package
exec "$go" test -count=1 -v -run "^($names)\$" $pkgs
