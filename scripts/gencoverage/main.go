// Command gencoverage regenerates the leakhound columns and totals of
// docs/coverage.md from the rule catalogue (rules/*.yaml); the rows
// themselves, the peers' inventory, are kept as written.
//
//	go run ./scripts/gencoverage            # rewrite docs/coverage.md
//	go run ./scripts/gencoverage -check     # exit 1 if it is stale
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/leakhound/leakhound/internal/coverage"
	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/rules"
)

func main() {
	path := flag.String("file", "docs/coverage.md", "the coverage file")
	check := flag.Bool("check", false, "only report whether the file is current")
	flag.Parse()
	if err := run(*path, *check); err != nil {
		fmt.Fprintln(os.Stderr, "gencoverage:", err)
		os.Exit(1)
	}
}

func run(path string, check bool) error {
	old, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	providers, err := rule.LoadFS(rules.FS)
	if err != nil {
		return err
	}
	text, err := coverage.Regenerate(string(old), providers)
	if err != nil {
		return err
	}
	if check {
		if text != string(old) {
			return fmt.Errorf("%s is stale: run go run ./scripts/gencoverage", path)
		}
		return nil
	}
	return os.WriteFile(path, []byte(text), 0o644)
}
