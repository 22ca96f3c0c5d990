package source

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/leakhound/leakhound/internal/gitpack"
	"github.com/leakhound/leakhound/internal/pathmatch"
)

// Staged scans what `git commit` is about to record: the index's version
// of every added or modified file, keeping only findings on the lines the
// index adds, with the file's real line numbers. Reading whole files (not
// just the diff) lets a rule see context on unchanged neighbouring lines.
type Staged struct {
	Repo        string
	Exclude     *pathmatch.Matcher
	MaxFileSize int64
	Workers     int
	// Changes, when set, is the staged changes already being fetched
	// (FetchStaged); nil fetches them in Run.
	Changes *StagedChanges
}

// StagedChanges is what git says the index adds: its diff, fetched in
// the background. A pre-commit scan spent a quarter of its wall time
// waiting on git for it after building the engine; started first, it is
// there by the time the engine is.
type StagedChanges struct {
	done chan struct{}
	// diff is the raw records (-z) then the -U0 patch, as one git diff
	// prints both: two processes cost 8.5 ms of CPU, one 5.1.
	diff []byte
	err  error
	// objects is git's answer to objectDirArgs, so the staged blobs are
	// read in-process instead of starting git cat-file after the engine
	// is built; nil when git could not say.
	objects []byte
}

// FetchStaged starts fetching repo's staged changes: the diff and the
// object directory, both at once.
func FetchStaged(ctx context.Context, repo string) *StagedChanges {
	c := &StagedChanges{done: make(chan struct{})}
	g := &Git{Repo: repo}
	var diffErr, objErr error
	var wg sync.WaitGroup
	for _, f := range []struct {
		out  *[]byte
		err  *error
		args []string
	}{
		{&c.diff, &diffErr, slices.Concat(diffArgs, []string{"--raw", "-z", "--no-abbrev", "-p", "-U0"})},
		{&c.objects, &objErr, objectDirArgs},
	} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			*f.out, *f.err = g.output(ctx, f.args...)
		}()
	}
	go func() {
		defer close(c.done)
		wg.Wait()
		if objErr != nil {
			c.objects = nil // git cat-file reads instead
		}
		if c.err = diffErr; c.err != nil {
			// Not a repository, or no git: check says which plainly.
			if err := g.check(ctx); err != nil {
				c.err = err
			}
		}
	}()
	return c
}

// wait returns once the changes are fetched, with what failed.
func (c *StagedChanges) wait(ctx context.Context) error {
	select {
	case <-c.done:
		return c.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Run scans the staged changes.
func (s *Staged) Run(ctx context.Context, rep Report, handle Handler) error {
	changes := s.Changes
	if changes == nil {
		changes = FetchStaged(ctx, s.Repo)
	}
	if err := changes.wait(ctx); err != nil {
		return err
	}
	oids, created, added, err := stagedBlobs(changes.diff)
	if err != nil || len(oids) == 0 {
		return err
	}
	g := &Git{Repo: s.Repo, Exclude: s.Exclude, MaxFileSize: s.MaxFileSize, Workers: s.Workers}
	// Read in-process where the store allows, else by git cat-file.
	var store *gitpack.Store
	if changes.objects != nil {
		if store, _ = g.openStore(changes.objects, true); store != nil {
			defer store.Close()
		}
	}
	return g.pipeline(ctx, rep, handle, store, func(ctx context.Context, jobs []chan blobJob) error {
		names := pathNames{}
		send := func(j blobJob) bool { return sendJob(ctx, jobs, j) }
		for path, oid := range oids {
			if g.Exclude.Match(path, false) {
				continue
			}
			// A new path's name is new too (renames are a deletion and
			// an addition here: --no-renames).
			if created[path] && !names.route(blobJob{path: path}, send) {
				return ctx.Err()
			}
			lines, ok := added[path]
			if ok && lines == nil {
				continue // only deletions in this file
			}
			// A binary file has no hunks: all of it is new content.
			if !sendJob(ctx, jobs, blobJob{oid: oid, path: path, commit: nil, lines: lines}) {
				return ctx.Err()
			}
		}
		return nil
	})
}

// diffArgs fix the output format whatever the user's diff settings are.
// --no-textconv: a path's textconv filter would number the lines of its
// output, not of the file, and is a command the scan has no business
// running. diff.relative would limit the diff to the folder the scan was
// started in; diff.interHunkContext would count unchanged lines between
// two hunks as added.
var diffArgs = []string{"-c", "core.quotePath=false", "-c", "diff.relative=false", "-c", "diff.interHunkContext=0", "diff", "--cached", "--no-renames", "--no-ext-diff", "--no-textconv", "--no-color",
	"--diff-filter=ACMT", "--src-prefix=a/", "--dst-prefix=b/"}

// stagedBlobs reads the diff: the staged blob of every added or modified
// path (submodules and unchanged blobs left out), the paths that are new,
// and the lines each adds. The raw records come first, each ":modes ids
// status" and a path, NUL-terminated; a NUL of its own ends them when a
// patch follows.
func stagedBlobs(diff []byte) (oids map[string]string, created map[string]bool, added map[string]LineSet, err error) {
	oids, created = map[string]string{}, map[string]bool{} // path -> staged blob
	for len(diff) > 0 && diff[0] == ':' {
		head, rest, ok := bytes.Cut(diff, []byte{0})
		path, rest2, ok2 := bytes.Cut(rest, []byte{0})
		if !ok || !ok2 {
			return nil, nil, nil, fmt.Errorf("unexpected record in git diff: %q", head)
		}
		diff = rest2
		f := strings.Fields(string(head))
		// A submodule is another repository; a blob staged as it was
		// (only its mode changed) adds no line.
		if len(f) < 5 || f[1] == "160000" || f[2] == f[3] {
			continue
		}
		oids[string(path)] = f[3]
		created[string(path)] = f[4] == "A" || f[4] == "C"
	}
	if len(oids) == 0 {
		return nil, nil, nil, nil
	}
	patch, _ := bytes.CutPrefix(diff, []byte{0})
	added, err = addedLines(bytes.NewReader(patch))
	return oids, created, added, err
}

// addedLines reads a -U0 patch and returns, per new path, the line ranges
// it adds (an empty, non-nil set never occurs: a file with hunks but no
// added line maps to nil). Binary files are absent from the map.
func addedLines(r io.Reader) (map[string]LineSet, error) {
	out := map[string]LineSet{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	path := ""
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "+++ "):
			p := strings.TrimPrefix(line, "+++ ")
			if strings.HasPrefix(p, `"`) {
				unq, err := strconv.Unquote(p)
				if err != nil {
					return nil, fmt.Errorf("unexpected path in git diff: %s", p)
				}
				p = unq
			}
			path = strings.TrimPrefix(p, "b/")
			if _, ok := out[path]; !ok {
				out[path] = nil
			}
		case strings.HasPrefix(line, "@@ ") && path != "":
			first, count, err := hunkNew(line)
			if err != nil {
				return nil, err
			}
			if count > 0 {
				out[path] = append(out[path], LineRange{First: first, Last: first + count - 1})
			}
		}
	}
	return out, sc.Err()
}

// Overlaps reports whether any line of first..last is in the set.
func (s LineSet) Overlaps(first, last int) bool {
	// The ranges are sorted and apart: the first one ending at or after
	// first is the only one that can hold a line of first..last.
	i, _ := slices.BinarySearchFunc(s, first, func(r LineRange, line int) int { return r.Last - line })
	return i < len(s) && s[i].First <= last
}

// hunkNew parses "@@ -a,b +c,d @@" into c and d (d defaults to 1).
func hunkNew(header string) (int, int, error) {
	f := strings.Fields(header)
	if len(f) < 3 || !strings.HasPrefix(f[2], "+") {
		return 0, 0, fmt.Errorf("unexpected hunk header %q", header)
	}
	spec := f[2][1:]
	count := 1
	if i := strings.IndexByte(spec, ','); i >= 0 {
		n, err := strconv.Atoi(spec[i+1:])
		if err != nil {
			return 0, 0, fmt.Errorf("unexpected hunk header %q", header)
		}
		count, spec = n, spec[:i]
	}
	first, err := strconv.Atoi(spec)
	if err != nil {
		return 0, 0, fmt.Errorf("unexpected hunk header %q", header)
	}
	return first, count, nil
}

// output runs a git command and returns its standard output, or an error
// carrying git's own message.
func (g *Git) output(ctx context.Context, args ...string) ([]byte, error) {
	return g.outputFrom(ctx, nil, args...)
}

// outputFrom is output with stdin fed to git.
func (g *Git) outputFrom(ctx context.Context, stdin io.Reader, args ...string) ([]byte, error) {
	cmd := g.command(ctx, args...)
	cmd.Stdin = stdin
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		name := args[0]
		if name == "-c" && len(args) > 2 {
			name = args[2]
		}
		return nil, fmt.Errorf("git %s failed: %s", name, gitMessage(stderr.Bytes()))
	}
	return out, nil
}
