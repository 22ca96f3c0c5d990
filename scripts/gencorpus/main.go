// Command gencorpus writes the evaluation corpus (internal/corpus): a tree
// of files with planted credentials and decoys, and its truth file; with
// -git, also a bare git repository whose history hides more of them.
//
//	go run ./scripts/gencorpus -out /tmp/corpus -seed 7 -git
//
// writes /tmp/corpus/tree, /tmp/corpus/truth.jsonl and, with -git,
// /tmp/corpus/repo.git and /tmp/corpus/truth-git.jsonl.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/leakhound/leakhound/internal/corpus"
)

func main() {
	out := flag.String("out", "", "directory to write (must not exist)")
	seed := flag.Uint64("seed", 1, "random seed: the same seed writes the same corpus")
	scale := flag.Float64("scale", 1, "size: 1 plants about 3,000 secrets and as many decoys")
	git := flag.Bool("git", false, "also write a git repository with secrets hidden in its history")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gencorpus: -out is required")
		os.Exit(2)
	}
	if err := run(*out, *seed, *scale, *git); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}

func run(out string, seed uint64, scale float64, git bool) error {
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%s already exists", out)
	}
	c, err := corpus.Generate(corpus.Options{Seed: seed, Scale: scale})
	if err != nil {
		return err
	}
	if err := c.WriteDir(filepath.Join(out, "tree")); err != nil {
		return err
	}
	if err := corpus.WriteTruthFile(filepath.Join(out, "truth.jsonl"), c.Truth); err != nil {
		return err
	}
	summary := fmt.Sprintf("%d files, %d planted values", len(c.Files), len(c.Truth))
	if git {
		truth, err := c.WriteGit(filepath.Join(out, "repo.git"))
		if err != nil {
			return err
		}
		if err := corpus.WriteTruthFile(filepath.Join(out, "truth-git.jsonl"), truth); err != nil {
			return err
		}
		summary += fmt.Sprintf("; git: %d planted values", len(truth))
	}
	fmt.Fprintf(os.Stderr, "gencorpus: seed %d: %s in %s\n", seed, summary, out)
	return nil
}
