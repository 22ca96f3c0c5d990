// Command genrepo writes a synthetic git history for benchmarks: many
// commits that each change a few lines of a few source-like files, the way
// real histories grow, with a few credentials planted along the way. It
// streams `git fast-import`, so a large history takes seconds to build.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"

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
	if _, err := os.Stat(dir); err == nil {
		return fmt.Errorf("%s already exists", dir)
	}
	if out, err := exec.Command("git", "init", "-q", "--bare", dir).CombinedOutput(); err != nil {
		return fmt.Errorf("git init: %v: %s", err, out)
	}
	cmd := exec.Command("git", "-C", dir, "fast-import", "--quiet")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	w := bufio.NewWriterSize(stdin, 1<<20)
	r := rand.New(rand.NewPCG(42, 7))
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
			f.lines = append(f.lines, sourceLine(r))
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
					f.lines[r.IntN(len(f.lines))] = sourceLine(r)
				}
				if c%1000 == 0 {
					f.lines[r.IntN(len(f.lines))] = "\tgithubToken := \"" + gen.GitHubToken("ghp_") + "\""
					planted++
				}
				touched = append(touched, f)
			}
		}
		fmt.Fprintf(w, "commit refs/heads/main\ncommitter Bench <bench@example.test> %d +0000\ndata 12\ncommit %05d\n", 1700000000+c*60, c%100000)
		for _, f := range touched {
			content := strings.Join(f.lines, "\n") + "\n"
			fmt.Fprintf(w, "M 100644 inline %s\ndata %d\n%s\n", f.path, len(content), content)
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("git fast-import: %v", err)
	}
	fmt.Fprintf(os.Stderr, "genrepo: %d commits, %d files, %d planted tokens in %s\n", commits, nfiles, planted, dir)
	return nil
}

var words = strings.Fields("func return if else for range var const type struct interface map string int error nil err ctx value key token config client request response handler server data result index count buffer reader writer")

// sourceLine makes a line that looks like Go code, keywords included, so
// the prefilter sees realistic hit rates.
func sourceLine(r *rand.Rand) string {
	n := 2 + r.IntN(10)
	parts := make([]string, n)
	for i := range parts {
		parts[i] = words[r.IntN(len(words))]
	}
	return "\t" + strings.Join(parts, " ")
}
