// Command genrepo writes a synthetic git history for benchmarks: many
// commits that each change a few lines of a few files made of real Go code
// (lines sampled from GOROOT), the way real histories grow, with a few
// credentials planted along the way. It streams `git fast-import`
// (internal/fastimport), so a large history takes seconds to build.
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/leakhound/leakhound/internal/fastimport"
	"github.com/leakhound/leakhound/internal/testutil"
)

func main() {
	out := flag.String("out", "", "directory of the new repository (must not exist)")
	commits := flag.Int("commits", 20000, "number of commits")
	files := flag.Int("files", 3000, "number of files")
	lines := flag.Int("lines", 400, "average lines per file")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "genrepo: -out is required")
		os.Exit(2)
	}
	if err := run(*out, *commits, *files, *lines); err != nil {
		fmt.Fprintln(os.Stderr, "genrepo:", err)
		os.Exit(1)
	}
}

func run(dir string, commits, nfiles, nlines int) error {
	fw, err := fastimport.New(dir)
	if err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(42, 7))
	src, err := loadCorpus(500000)
	if err != nil {
		return err
	}
	gen := testutil.NewGen(42)

	type file struct {
		path  string
		lines []string
	}
	fs := make([]*file, nfiles)
	for i := range fs {
		n := nlines/2 + r.IntN(nlines)
		f := &file{path: fmt.Sprintf("pkg%03d/file%05d.go", i%97, i)}
		for j := 0; j < n; j++ {
			f.lines = append(f.lines, src.line(r))
		}
		fs[i] = f
	}
	planted := 0
	for c := 1; c <= commits; c++ {
		// The first commit adds every file; later ones touch a few.
		touched := fs
		if c > 1 {
			touched = nil
			for k := 0; k < 1+r.IntN(5); k++ {
				f := fs[r.IntN(len(fs))]
				for e := 0; e < 1+r.IntN(4); e++ {
					f.lines[r.IntN(len(f.lines))] = src.line(r)
				}
				if c%1000 == 0 {
					f.lines[r.IntN(len(f.lines))] = "\tgithubToken := \"" + gen.GitHubToken("ghp_") + "\""
					planted++
				}
				touched = append(touched, f)
			}
		}
		commit := fastimport.Commit{Ref: "refs/heads/main", Time: int64(1700000000 + c*60), Message: fmt.Sprintf("commit %05d", c%100000)}
		for _, f := range touched {
			commit.Ops = append(commit.Ops, fastimport.Op{Path: f.path, Content: []byte(strings.Join(f.lines, "\n") + "\n")})
		}
		fw.Commit(commit)
	}
	if _, err := fw.Close(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "genrepo: %d commits, %d files, %d planted tokens in %s\n", commits, nfiles, planted, dir)
	return nil
}

// corpus holds lines of real Go code (Go's own sources), so the prefilter
// and the rules see the hit rates of a real code base.
type corpus []string

func loadCorpus(maxLines int) (corpus, error) {
	var lines corpus
	root := filepath.Join(runtime.GOROOT(), "src")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || len(lines) >= maxLines {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.Contains(p, "testdata") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		lines = append(lines, strings.Split(string(data), "\n")...)
		return nil
	})
	if len(lines) == 0 {
		return nil, fmt.Errorf("no Go source under %s: %v", root, err)
	}
	return lines, nil
}

func (c corpus) line(r *rand.Rand) string { return c[r.IntN(len(c))] }
