package source

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
)

// DefaultListChunk is how many commits one git log process lists. Comparing a
// commit's tree with its parent's is most of a history listing's time
// and depends on nothing but the two trees, so the commits are listed in
// chunks by several processes at once and their outputs read back in
// order: git/git's main branch (82k commits) took 10.5 s of CPU as one
// process, 8.5 s as twenty, and each process held 46-50 MB, not 120.
const DefaultListChunk = 4096

// logFormat is what git log prints of each commit, read by parseLog.
const logFormat = "--format=%x01%H%x00%an%x00%ae%x00%at%x00%cn <%ce>%x00%B"

// errLogFailed stops parseLog when a chunk's git log failed; the failure
// itself is what logStream.wait returns.
var errLogFailed = errors.New("git log failed")

// listHistory starts listing the commits revs select, oldest first in
// topological order (parents before children), with the files each one
// changed: `git rev-list` orders them, then git log processes print
// chunks of them, at most g.Workers at a time. The stream reads as one
// `git log --topo-order --reverse` would print.
func (g *Git) listHistory(ctx context.Context, revs []string) (*logStream, error) {
	commits, err := g.revList(ctx, revs)
	if err != nil {
		return nil, err
	}
	chunk := g.ListChunk
	if chunk <= 0 {
		chunk = DefaultListChunk
	}
	ctx, cancel := context.WithCancel(ctx)
	s := &logStream{cancel: cancel}
	for len(commits) > 0 {
		n := 0
		for i := 0; i < chunk && n < len(commits); i++ {
			n += bytes.IndexByte(commits[n:], '\n') + 1
		}
		s.chunks = append(s.chunks, newSpool(commits[:n]))
		commits = commits[n:]
	}
	s.done.Add(1)
	go func() {
		defer s.done.Done()
		s.run(ctx, g, max(1, g.Workers))
	}()
	return s, nil
}

// revList lists the commits revs select, one id a line, oldest first.
func (g *Git) revList(ctx context.Context, revs []string) ([]byte, error) {
	args := append(slices.Clone(logMemory), "rev-list", "--topo-order", "--reverse")
	args = append(append(args, revs...), "--")
	cmd := g.command(ctx, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("git rev-list failed: %s", gitMessage(stderr.Bytes()))
	}
	return out, nil
}

// logStream is the output of a history's git log processes, read in
// commit order. Chunks not yet read are held in memory as they arrive;
// a chunk's process starts only when the chunk workers before it has
// been read, so at most workers chunks are held.
type logStream struct {
	chunks []*spool
	cur    int
	cancel context.CancelFunc
	done   sync.WaitGroup
}

// run starts each chunk's git log in order, when the chunk that many
// places before it has been read.
func (s *logStream) run(ctx context.Context, g *Git, workers int) {
	var procs sync.WaitGroup
	defer procs.Wait()
	for k, c := range s.chunks {
		if k >= workers {
			select {
			case <-s.chunks[k-workers].read:
			case <-ctx.Done():
			}
		}
		if ctx.Err() != nil {
			c.finish(ctx.Err())
			continue
		}
		procs.Add(1)
		go func() {
			defer procs.Done()
			c.finish(c.fill(ctx, g))
		}()
	}
}

// Read reads the chunks' outputs in order. When a chunk's git log
// failed it returns errLogFailed (wait says why).
func (s *logStream) Read(p []byte) (int, error) {
	for s.cur < len(s.chunks) {
		c := s.chunks[s.cur]
		n, err := c.take(p)
		if n > 0 || err == nil {
			return n, nil
		}
		if err != io.EOF {
			return 0, errLogFailed
		}
		close(c.read)
		s.cur++
	}
	return 0, io.EOF
}

// wait stops the processes still running and returns the first
// failure of a chunk's git log, if any.
func (s *logStream) wait() error {
	s.cancel()
	s.done.Wait()
	for _, c := range s.chunks {
		if c.err != nil && !errors.Is(c.err, context.Canceled) {
			return c.err
		}
	}
	return nil
}

// spool holds one chunk's git log output from when git writes it until
// it is read: a list of blocks, each dropped once read.
type spool struct {
	commits []byte
	read    chan struct{} // closed when the chunk has been read
	mu      sync.Mutex
	cond    *sync.Cond
	blocks  [][]byte
	off     int
	ended   bool
	err     error
}

func newSpool(commits []byte) *spool {
	c := &spool{commits: commits, read: make(chan struct{})}
	c.cond = sync.NewCond(&c.mu)
	return c
}

// fill runs git log over the chunk's commits and keeps what it prints.
func (c *spool) fill(ctx context.Context, g *Git) error {
	args := append(slices.Clone(logMemory), "log", "--no-walk=unsorted", "--stdin", "--no-renames", "--raw", "--no-abbrev", "-z",
		"--diff-merges=first-parent", logFormat, "--")
	cmd := g.command(ctx, args...)
	cmd.Stdin = bytes.NewReader(c.commits)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting git log: %w", err)
	}
	for {
		block := make([]byte, 64<<10)
		n, err := io.ReadFull(out, block)
		if n > 0 {
			c.mu.Lock()
			c.blocks = append(c.blocks, block[:n])
			c.cond.Signal()
			c.mu.Unlock()
		}
		if err != nil {
			break
		}
	}
	if err := cmd.Wait(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("git log failed: %s", gitMessage(stderr.Bytes()))
	}
	return nil
}

// finish marks the chunk's output complete, or failed with err.
func (c *spool) finish(err error) {
	c.mu.Lock()
	c.ended, c.err = true, err
	c.cond.Signal()
	c.mu.Unlock()
}

// take copies what has arrived into p, waiting for more while git runs;
// io.EOF once the chunk has been read whole.
func (c *spool) take(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for len(c.blocks) == 0 && !c.ended {
		c.cond.Wait()
	}
	if len(c.blocks) == 0 {
		if c.err != nil {
			return 0, c.err
		}
		return 0, io.EOF
	}
	n := copy(p, c.blocks[0][c.off:])
	c.off += n
	if c.off == len(c.blocks[0]) {
		c.blocks[0] = nil
		c.blocks = c.blocks[1:]
		c.off = 0
	}
	return n, nil
}
