// Command eval measures a leakhound binary on the evaluation corpus
// (internal/corpus): for each seed it generates the corpus in a temporary
// directory, runs `scan dir` on the tree and `scan git` on the repository
// variant, scores the findings against the truth (internal/corpus/score)
// and prints recall and precision by shape, family, provider, file type
// and decoy kind, with the misses and false positives to look at first.
//
// It is a measurement: it exits 0 whatever the figures, 2 when something
// failed to run, and 1 only when -min-recall or -min-precision is given and
// not met (by the tree scan over all seeds).
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/leakhound/leakhound/internal/corpus"
	"github.com/leakhound/leakhound/internal/corpus/score"
)

func main() {
	bin := flag.String("bin", "bin/leakhound", "the leakhound binary to measure")
	seeds := flag.String("seeds", "1,2", "comma-separated corpus seeds")
	scale := flag.Float64("scale", 1, "corpus size: 1 plants about 3,000 secrets and as many decoys per seed")
	git := flag.Bool("git", true, "also scan the git variant (history-only secrets)")
	show := flag.Int("show", 30, "misses and false positives to list, each")
	keep := flag.String("keep", "", "write the corpora here and keep them (default: a temporary directory, removed)")
	minRecall := flag.Float64("min-recall", 0, "exit 1 when the tree scan's recall is lower")
	minPrecision := flag.Float64("min-precision", 0, "exit 1 when the tree scan's precision is lower")
	minConfidence := flag.String("min-confidence", "medium", "the confidence the figures are given at (high, medium, low); the binary's default is medium")
	flag.Parse()
	code, err := run(*bin, *seeds, *scale, *git, *show, *keep, *minConfidence, *minRecall, *minPrecision)
	if err != nil {
		fmt.Fprintln(os.Stderr, "eval:", err)
		os.Exit(2)
	}
	os.Exit(code)
}

func run(bin, seedList string, scale float64, git bool, show int, keep, minConfidence string, minRecall, minPrecision float64) (int, error) {
	seeds, err := parseSeeds(seedList)
	if err != nil {
		return 0, err
	}
	switch minConfidence {
	case "high", "medium", "low":
	default:
		return 0, fmt.Errorf("-min-confidence: %q is not high, medium or low", minConfidence)
	}
	if _, err := os.Stat(bin); err != nil {
		return 0, fmt.Errorf("binary: %v (build it with `make build`)", err)
	}
	bin, _ = filepath.Abs(bin)
	work := keep
	if work == "" {
		if work, err = os.MkdirTemp("", "leakhound-eval-"); err != nil {
			return 0, err
		}
		defer os.RemoveAll(work)
	}
	// Every scan reports every finding (--min-confidence low); the figures
	// keep those at minConfidence, and the table by confidence all of them.
	var dirResults, gitResults, dirEvery, gitEvery []*score.Result
	var log []string
	for _, seed := range seeds {
		root := filepath.Join(work, fmt.Sprintf("seed-%d", seed))
		start := time.Now()
		c, err := corpus.Generate(corpus.Options{Seed: seed, Scale: scale})
		if err != nil {
			return 0, err
		}
		tree := filepath.Join(root, "tree")
		if err := c.WriteDir(tree); err != nil {
			return 0, err
		}
		if err := corpus.WriteTruthFile(filepath.Join(root, "truth.jsonl"), c.Truth); err != nil {
			return 0, err
		}
		gen := time.Since(start)
		findings, took, err := scan(bin, "dir", tree, filepath.Join(root, "dir.json"))
		if err != nil {
			return 0, err
		}
		dirResults = append(dirResults, score.Score(c.Truth, score.AtLeast(findings, minConfidence)))
		dirEvery = append(dirEvery, score.Score(c.Truth, findings))
		line := fmt.Sprintf("seed %d: %d files, %s generated in %.1fs; scan dir %.2fs, %d findings", seed, len(c.Files), counts(c.Truth), gen.Seconds(), took.Seconds(), len(findings))
		if git {
			repo := filepath.Join(root, "repo.git")
			truth, err := c.WriteGit(repo)
			if err != nil {
				return 0, err
			}
			if err := corpus.WriteTruthFile(filepath.Join(root, "truth-git.jsonl"), truth); err != nil {
				return 0, err
			}
			findings, took, err := scan(bin, "git", repo, filepath.Join(root, "git.json"))
			if err != nil {
				return 0, err
			}
			gitResults = append(gitResults, score.Score(truth, score.AtLeast(findings, minConfidence)))
			gitEvery = append(gitEvery, score.Score(truth, findings))
			line += fmt.Sprintf("; scan git %.2fs, %d findings", took.Seconds(), len(findings))
		}
		log = append(log, line)
	}
	fmt.Printf("leakhound evaluation corpus: seeds %s, scale %g; figures at --min-confidence %s\n%s\n", seedList, scale, minConfidence, strings.Join(log, "\n"))
	if keep != "" {
		fmt.Printf("corpora, truth files and reports kept in %s\n", keep)
	}
	score.Print(os.Stdout, "scan dir: every planted secret and decoy", dirResults, score.Options{Show: show, Every: dirEvery})
	if git {
		score.Print(os.Stdout, "scan git: the tree over 8 commits, plus secrets only history holds", gitResults, score.Options{Show: show, History: true, Every: gitEvery})
	}
	s := score.Summarize(dirResults, func(score.Finding) bool { return true })
	code := 0
	if minRecall > 0 && s.Recall() < minRecall {
		fmt.Printf("\nrecall %.3f is below -min-recall %.3f\n", s.Recall(), minRecall)
		code = 1
	}
	if minPrecision > 0 && s.Precision() < minPrecision {
		fmt.Printf("\nprecision %.3f is below -min-precision %.3f\n", s.Precision(), minPrecision)
		code = 1
	}
	return code, nil
}

func parseSeeds(s string) ([]uint64, error) {
	var out []uint64
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.ParseUint(strings.TrimSpace(f), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("-seeds: %q is not a number", f)
		}
		out = append(out, n)
	}
	return out, nil
}

func counts(truth []corpus.Truth) string {
	n := map[string]int{}
	for _, t := range truth {
		n[t.Class]++
	}
	return fmt.Sprintf("%d secrets (%d prefixed, %d unprefixed, %d generic), %d decoys, %d test fakes",
		n[corpus.ClassPrefixed]+n[corpus.ClassUnprefixed]+n[corpus.ClassGeneric], n[corpus.ClassPrefixed], n[corpus.ClassUnprefixed], n[corpus.ClassGeneric], n[corpus.ClassDecoy], n[corpus.ClassFixture])
}

// scan runs `leakhound scan <mode> <target>` with secrets shown, at every
// confidence, and reads its JSON report. Exit status 0 or 1 is a scan that ran; anything else is
// an error.
func scan(bin, mode, target, out string) ([]score.Finding, time.Duration, error) {
	cmd := exec.Command(bin, "scan", mode, target, "--format", "json", "--show-secrets", "--exit-zero", "--no-progress", "--min-confidence", "low", "-o", out)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start)
	if err != nil {
		return nil, took, fmt.Errorf("leakhound scan %s: %v\n%s", mode, err, stderr.String())
	}
	f, err := os.Open(out)
	if err != nil {
		return nil, took, err
	}
	defer f.Close()
	findings, err := score.ReadReport(f)
	return findings, took, err
}
