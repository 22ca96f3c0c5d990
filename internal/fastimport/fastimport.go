// Package fastimport writes a synthetic git history into a new bare
// repository by streaming `git fast-import`: thousands of commits take
// seconds, and the result is the same for the same input (fixed identity
// and dates), so generated repositories are reproducible.
package fastimport

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Op changes one path in a commit.
type Op struct {
	Path       string
	Content    []byte // the new content (ignored for Delete and Rename)
	Delete     bool
	RenameFrom string // move RenameFrom to Path, content unchanged
}

// Commit is one commit on Ref. Its parent is Ref's previous commit; a
// commit that starts a new branch names its parent with From, a mark
// returned by an earlier Commit.
type Commit struct {
	Ref     string // e.g. refs/heads/main
	From    int    // mark of the parent when Ref is new; 0: continue Ref
	Message string
	Time    int64 // committer time, seconds since the epoch
	Ops     []Op
}

// Writer streams commits into git fast-import.
type Writer struct {
	dir    string
	cmd    *exec.Cmd
	stdin  interface{ Close() error }
	w      *bufio.Writer
	marks  int
	stderr bytes.Buffer
}

// New creates the bare repository dir (which must not exist) and starts
// git fast-import on it.
func New(dir string) (*Writer, error) {
	if _, err := os.Stat(dir); err == nil {
		return nil, fmt.Errorf("%s already exists", dir)
	}
	if out, err := exec.Command("git", "init", "-q", "--bare", "--initial-branch=main", dir).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("git init: %v: %s", err, out)
	}
	fw := &Writer{dir: dir}
	fw.cmd = exec.Command("git", "-C", dir, "fast-import", "--quiet", "--export-marks="+filepath.Join(dir, "fastimport-marks"))
	stdin, err := fw.cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	fw.stdin = stdin
	fw.cmd.Stdout, fw.cmd.Stderr = &fw.stderr, &fw.stderr
	if err := fw.cmd.Start(); err != nil {
		return nil, err
	}
	fw.w = bufio.NewWriterSize(stdin, 1<<20)
	return fw, nil
}

// Commit writes c and returns its mark, which Close maps to a hash.
func (fw *Writer) Commit(c Commit) int {
	fw.marks++
	fmt.Fprintf(fw.w, "commit %s\nmark :%d\ncommitter Corpus <corpus@example.test> %d +0000\ndata %d\n%s\n",
		c.Ref, fw.marks, c.Time, len(c.Message), c.Message)
	if c.From > 0 {
		fmt.Fprintf(fw.w, "from :%d\n", c.From)
	}
	for _, op := range c.Ops {
		switch {
		case op.Delete:
			fmt.Fprintf(fw.w, "D %s\n", quote(op.Path))
		case op.RenameFrom != "":
			fmt.Fprintf(fw.w, "R %s %s\n", quote(op.RenameFrom), quote(op.Path))
		default:
			fmt.Fprintf(fw.w, "M 100644 inline %s\ndata %d\n", quote(op.Path), len(op.Content))
			fw.w.Write(op.Content)
			fw.w.WriteByte('\n')
		}
	}
	return fw.marks
}

// Close finishes the import and returns the commit hash of every mark.
func (fw *Writer) Close() (map[int]string, error) {
	if err := fw.w.Flush(); err != nil {
		return nil, err
	}
	fw.stdin.Close()
	if err := fw.cmd.Wait(); err != nil {
		return nil, fmt.Errorf("git fast-import: %v: %s", err, strings.TrimSpace(fw.stderr.String()))
	}
	return readMarks(filepath.Join(fw.dir, "fastimport-marks"))
}

func readMarks(path string) (map[int]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	os.Remove(path)
	marks := map[int]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var mark int
		var hash string
		if _, err := fmt.Sscanf(line, ":%d %s", &mark, &hash); err != nil {
			return nil, fmt.Errorf("marks file: %q: %v", line, err)
		}
		marks[mark] = hash
	}
	return marks, nil
}

// quote writes a path the way fast-import reads it: C-style quoted when it
// has a space, quote or control character.
func quote(p string) string {
	if !strings.ContainsAny(p, " \"\\\n\t") {
		return p
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range p {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
