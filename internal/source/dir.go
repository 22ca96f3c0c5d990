package source

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sync"

	"github.com/leakhound/leakhound/internal/pathmatch"
)

// Dir scans files and folders.
type Dir struct {
	Paths       []string
	Exclude     *pathmatch.Matcher
	MaxFileSize int64 // 0 means no limit
	Workers     int
}

// Run walks every path and calls handle for each regular file. Symbolic
// links are not followed (so no loop is possible); a symlink named on the
// command line is resolved once.
//
// The workers walk the tree themselves, taking directories and files from
// one shared queue: a separate walker goroutine would need a processor for
// every directory listing while the workers keep them all busy scanning,
// and it became the bottleneck.
func (d *Dir) Run(ctx context.Context, rep Report, handle Handler) error {
	q := &walkQueue{}
	q.cond = sync.NewCond(&q.mu)
	for _, root := range d.Paths {
		info, err := os.Stat(root)
		if err != nil {
			rep.Problem(Problem{Path: root, Err: cleanErr(err)})
			continue
		}
		if !info.IsDir() {
			q.items = append(q.items, walkItem{abs: root, rel: filepath.ToSlash(filepath.Clean(root))})
			continue
		}
		q.items = append(q.items, walkItem{abs: root, rel: ".", root: root, dir: true})
	}
	var wg sync.WaitGroup
	for w := range max(1, d.Workers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			for {
				it, ok := q.pop()
				if !ok {
					return
				}
				if ctx.Err() == nil {
					if it.dir {
						q.push(d.list(it, rep)...)
					} else {
						buf = d.scanFile(w, it, buf, rep, handle)
					}
				}
				q.done()
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}

type walkItem struct {
	abs, rel, root string
	dir            bool
}

// walkQueue is a LIFO of pending directories and files shared by workers;
// it is finished when it is empty and no worker is still listing a
// directory that could add to it.
type walkQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  []walkItem
	active int
}

func (q *walkQueue) pop() (walkItem, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		if q.active == 0 {
			q.cond.Broadcast()
			return walkItem{}, false
		}
		q.cond.Wait()
	}
	it := q.items[len(q.items)-1]
	q.items = q.items[:len(q.items)-1]
	q.active++
	return it, true
}

func (q *walkQueue) push(items ...walkItem) {
	if len(items) == 0 {
		return
	}
	q.mu.Lock()
	q.items = append(q.items, items...)
	q.mu.Unlock()
	q.cond.Broadcast()
}

func (q *walkQueue) done() {
	q.mu.Lock()
	q.active--
	finished := q.active == 0 && len(q.items) == 0
	q.mu.Unlock()
	if finished {
		q.cond.Broadcast()
	}
}

// list returns the entries of a directory to scan, minus .git folders,
// excluded paths and anything that is not a regular file or directory.
func (d *Dir) list(it walkItem, rep Report) []walkItem {
	entries, err := os.ReadDir(it.abs)
	if err != nil && len(entries) == 0 {
		rep.Problem(Problem{Path: d.display(it.root, it.rel), Err: cleanErr(err)})
		return nil
	}
	if err != nil {
		rep.Problem(Problem{Path: d.display(it.root, it.rel), Err: cleanErr(err)})
	}
	out := make([]walkItem, 0, len(entries))
	// Reverse order so the LIFO queue hands files out in name order.
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		rel := path.Join(it.rel, e.Name())
		switch {
		case e.IsDir():
			if e.Name() == ".git" || d.Exclude.Match(rel, true) {
				continue
			}
			out = append(out, walkItem{abs: filepath.Join(it.abs, e.Name()), rel: rel, root: it.root, dir: true})
		case e.Type().IsRegular():
			if d.Exclude.Match(rel, false) {
				continue
			}
			out = append(out, walkItem{abs: filepath.Join(it.abs, e.Name()), rel: rel, root: it.root})
		}
	}
	return out
}

func (d *Dir) scanFile(worker int, it walkItem, buf []byte, rep Report, handle Handler) []byte {
	name := it.rel
	if it.root != "" {
		name = d.display(it.root, it.rel)
	}
	buf, tooBig, err := readFile(it.abs, d.MaxFileSize, buf)
	switch {
	case err != nil:
		rep.Problem(Problem{Path: name, Err: err})
	case tooBig:
		rep.Notice(oversized(name, buf, d.MaxFileSize))
	default:
		rep.Read(int64(len(buf)))
		handle(worker, Unit{Path: name, Data: buf})
	}
	return buf
}

// display names a file relative to the scanned root; when several roots are
// scanned, they prefix their own files.
func (d *Dir) display(root, rel string) string {
	if len(d.Paths) > 1 {
		return path.Join(filepath.ToSlash(root), rel)
	}
	return rel
}

// readFile reads a whole file into buf, growing it when needed, so a worker
// reuses one buffer for every file it reads. Of a file over limit (when
// limit > 0) only the first sniffLen bytes are read.
func readFile(path string, limit int64, buf []byte) ([]byte, bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return buf, false, cleanErr(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return buf, false, cleanErr(err)
	}
	size := info.Size()
	if limit > 0 && size > limit {
		buf = slices.Grow(buf[:0], sniffLen)
		n, err := io.ReadFull(f, buf[:sniffLen])
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
			return buf, false, cleanErr(err)
		}
		return buf[:n], true, nil
	}
	if int64(cap(buf)) < size+1 {
		buf = make([]byte, 0, size+512)
	}
	buf = buf[:0]
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if errors.Is(err, io.EOF) {
			return buf, false, nil
		}
		if err != nil {
			return buf, false, cleanErr(err)
		}
	}
}

// cleanErr drops the operation prefix of path errors: the path is already
// part of the message the user sees.
func cleanErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
