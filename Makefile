# leakhound: `make test` runs every test on a fresh machine with Go (it
# installs what is missing); `make bench` prints the speed figures; `make
# eval` measures recall and precision on the generated evaluation corpus.
GO ?= go
# The race detector needs a C compiler; use it where one is installed.
RACE := $(shell command -v gcc >/dev/null 2>&1 && echo -race)

.PHONY: test deps vet bench bench-history build fuzz eval

# Tools the tests drive for real: git for repositories, ruby to syntax-check
# the Ruby snippets (python3, node and javac are checked when present),
# chromium for the browser tests of the HTML pages, pre-commit to try the
# pre-commit framework hooks as a user would.
deps:
	@missing=""; \
	command -v git >/dev/null 2>&1 || missing="$$missing git"; \
	command -v ruby >/dev/null 2>&1 || missing="$$missing ruby"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v pre-commit >/dev/null 2>&1 || missing="$$missing pre-commit"; \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

vet:
	$(GO) vet ./...
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi

test: deps vet
	@# -timeout: with the race detector on a busy 2-core machine the cli
	@# package alone took 11.5 minutes, past go test's default of 10.
	scripts/postgres-test.sh $(GO) test $(RACE) -timeout 30m -count=1 ./...
	@# Tests that are too slow under the race detector (`//go:build !race`:
	@# the incident server's load tests, a 20,000-finding report through the
	@# CLI, the engine's bounded-cost tests) run without it, all in one go.
	@if [ -n "$(RACE)" ]; then scripts/test-norace.sh $(GO); fi

build:
	$(GO) build -o bin/leakhound ./cmd/leakhound

bench: deps
	scripts/bench.sh

# The history benchmark alone: BENCH_REPO=DIR (else a generated history).
bench-history:
	scripts/bench-history.sh

# Recall and precision on the evaluation corpus (scripts/eval): two seeds,
# tree and git history. EVAL_FLAGS="-seeds 1,2,3 -scale 2" for more,
# "-min-recall 0.95 -min-precision 0.95" to gate, "-keep DIR" to keep the
# corpora and reports.
EVAL_FLAGS ?=
eval: build
	$(GO) run ./scripts/eval -bin bin/leakhound $(EVAL_FLAGS)

# Short fuzzing runs of the parsers and archive readers (seed corpora also
# run in `make test`). The archive targets check that no input panics or
# holds more than a piece in memory, and that a member the standard library
# still reads is found.
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParseReport -fuzztime 30s ./internal/suppress/
	$(GO) test -run '^$$' -fuzz '^FuzzExpand$$' -fuzztime 30s ./internal/source/
	$(GO) test -run '^$$' -fuzz '^FuzzZip$$' -fuzztime 30s ./internal/source/
	$(GO) test -run '^$$' -fuzz '^FuzzTar$$' -fuzztime 30s ./internal/source/
	$(GO) test -run '^$$' -fuzz '^FuzzGzip$$' -fuzztime 30s ./internal/source/
	$(GO) test -run '^$$' -fuzz '^FuzzNested$$' -fuzztime 30s ./internal/source/
	$(GO) test -run '^$$' -fuzz '^FuzzCompoundFile$$' -fuzztime 30s ./internal/source/
	$(GO) test -run '^$$' -fuzz '^FuzzUuencode$$' -fuzztime 30s ./internal/source/
	$(GO) test -run '^$$' -fuzz '^FuzzHexRecords$$' -fuzztime 30s ./internal/source/
	$(GO) test -run '^$$' -fuzz '^FuzzGitBinaryPatch$$' -fuzztime 30s ./internal/source/
	$(GO) test -run '^$$' -fuzz '^FuzzXZ$$' -fuzztime 30s ./internal/source/
	$(GO) test -run '^$$' -fuzz '^FuzzBzip2$$' -fuzztime 30s ./internal/source/
	$(GO) test -run '^$$' -fuzz '^FuzzPackedFormats$$' -fuzztime 30s ./internal/source/
	$(GO) test -run '^$$' -fuzz '^FuzzBrotli$$' -fuzztime 30s ./internal/source/
	$(GO) test -run '^$$' -fuzz FuzzString -fuzztime 30s ./internal/termsafe/
	$(GO) test -run '^$$' -fuzz FuzzZlib -fuzztime 30s ./internal/inflate/
	$(GO) test -run '^$$' -fuzz FuzzParseLog -fuzztime 30s ./internal/source/
	$(GO) test -run '^$$' -fuzz FuzzParseProvider -fuzztime 30s ./internal/rule/
	$(GO) test -run '^$$' -fuzz FuzzWindows -fuzztime 60s -fuzzminimizetime 5s ./internal/detect/
	$(GO) test -run '^$$' -fuzz FuzzReadAssignment -fuzztime 60s -fuzzminimizetime 5s ./internal/detect/
	$(GO) test -run '^$$' -fuzz FuzzJoinsAndCharCodes -fuzztime 60s -fuzzminimizetime 5s ./internal/detect/
	$(GO) test -run '^$$' -fuzz FuzzHandoverReaders -fuzztime 30s ./internal/detect/
	$(GO) test -run '^$$' -fuzz FuzzSQLiteRows -fuzztime 30s ./internal/source/
	$(GO) test -run '^$$' -fuzz FuzzParsers -fuzztime 30s ./internal/webhook/
