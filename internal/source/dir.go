package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
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

type fileJob struct {
	abs, rel string
	size     int64
}

// Run walks every path and calls handle for each regular file. Symbolic
// links are not followed (so no loop is possible); a symlink named on the
// command line is resolved once.
func (d *Dir) Run(ctx context.Context, rep Report, handle Handler) error {
	workers := max(1, d.Workers)
	jobs := make(chan fileJob, 256)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			for j := range jobs {
				var err error
				buf, err = readFile(j.abs, j.size, buf)
				if err != nil {
					rep.Problem(Problem{Path: j.rel, Err: err})
					continue
				}
				rep.Read(int64(len(buf)))
				handle(w, Unit{Path: j.rel, Data: buf})
			}
		}()
	}
	var walkErr error
	for _, root := range d.Paths {
		if err := d.walk(ctx, root, jobs, rep); err != nil {
			walkErr = err
			break
		}
	}
	close(jobs)
	wg.Wait()
	return walkErr
}

func (d *Dir) walk(ctx context.Context, root string, jobs chan<- fileJob, rep Report) error {
	info, err := os.Stat(root)
	if err != nil {
		rep.Problem(Problem{Path: root, Err: cleanErr(err)})
		return nil
	}
	if !info.IsDir() {
		d.offer(root, filepath.ToSlash(filepath.Clean(root)), info, jobs, rep)
		return nil
	}
	return filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if err != nil {
			rep.Problem(Problem{Path: d.display(root, rel), Err: cleanErr(err)})
			if e != nil && e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if e.IsDir() {
			if rel != "." && (e.Name() == ".git" || d.Exclude.Match(rel, true)) {
				return fs.SkipDir
			}
			return nil
		}
		if !e.Type().IsRegular() || d.Exclude.Match(rel, false) {
			return nil
		}
		info, err := e.Info()
		if err != nil {
			rep.Problem(Problem{Path: d.display(root, rel), Err: cleanErr(err)})
			return nil
		}
		d.offer(p, d.display(root, rel), info, jobs, rep)
		return nil
	})
}

func (d *Dir) offer(abs, rel string, info fs.FileInfo, jobs chan<- fileJob, rep Report) {
	if d.MaxFileSize > 0 && info.Size() > d.MaxFileSize {
		rep.Notice(Notice{Path: rel, Reason: fmt.Sprintf("larger than the %d-byte limit (--max-file-size)", d.MaxFileSize)})
		return
	}
	jobs <- fileJob{abs: abs, rel: rel, size: info.Size()}
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
// reuses one buffer for every file it reads.
func readFile(path string, size int64, buf []byte) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return buf, cleanErr(err)
	}
	defer f.Close()
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
			return buf, nil
		}
		if err != nil {
			return buf, cleanErr(err)
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
