package source

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// Git LFS keeps a file's content outside git: the blob committed is a
// pointer naming the content by its SHA-256, and the content lives in the
// repository's LFS store (.git/lfs/objects/ab/cd/abcd...). A scan of the
// history that read only the pointers would call a repository clean with
// a key in an LFS-tracked file, so a pointer's content is read from the
// local store and scanned at the file's path; content the store lacks is
// named, and the scan is incomplete. Pointer format:
// https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md

// lfsPointerVersion starts every pointer; pointers are under 1024 bytes.
const (
	lfsPointerVersion = "version https://git-lfs.github.com/spec/v1\n"
	lfsPointerMax     = 1024
)

// lfsPointer reads a pointer's object id (64 hex digits) and size.
func lfsPointer(data []byte) (oid string, size int64, ok bool) {
	if len(data) > lfsPointerMax || !bytes.HasPrefix(data, []byte(lfsPointerVersion)) {
		return "", 0, false
	}
	size = -1
	for _, line := range strings.Split(string(data[len(lfsPointerVersion):]), "\n") {
		key, value, _ := strings.Cut(line, " ")
		switch key {
		case "oid":
			hex, found := strings.CutPrefix(value, "sha256:")
			if !found || len(hex) != 64 || strings.Trim(hex, "0123456789abcdef") != "" {
				return "", 0, false
			}
			oid = hex
		case "size":
			n, err := strconv.ParseInt(value, 10, 64)
			if err != nil || n < 0 {
				return "", 0, false
			}
			size = n
		}
	}
	return oid, size, oid != "" && size >= 0
}

// lfsStore finds the repository's LFS store the first time a pointer is
// met, so scans of repositories without LFS start no git process for it.
type lfsStore struct {
	g    *Git
	once sync.Once
	dir  string
	err  error
}

func (s *lfsStore) objects(ctx context.Context) (string, error) {
	s.once.Do(func() {
		out, err := s.g.output(ctx, "rev-parse", "--git-common-dir")
		if err != nil {
			s.err = err
			return
		}
		dir := strings.TrimSpace(string(out))
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(s.g.Repo, dir)
		}
		s.dir = filepath.Join(dir, "lfs", "objects")
	})
	return s.dir, s.err
}

// withLFS wraps handle so that a unit holding an LFS pointer is followed
// by a unit holding the content it points to, at the same path and blob
// (so the pointer's copies at other paths carry its findings), with every
// line counted as added.
func (g *Git) withLFS(ctx context.Context, rep Report, handle Handler) Handler {
	store := &lfsStore{g: g}
	return func(worker int, u Unit) {
		oid, size, ok := lfsPointer(u.Data)
		handle(worker, u)
		if !ok || u.Blob == "" { // commit and tag messages have no blob
			return
		}
		if g.MaxFileSize > 0 && size > g.MaxFileSize {
			rep.Notice(Notice{Path: u.Path, Reason: fmt.Sprintf("Git LFS content larger than the %d-byte limit (--max-file-size), not scanned", g.MaxFileSize), Incomplete: true})
			return
		}
		dir, err := store.objects(ctx)
		if err != nil {
			rep.Problem(Problem{Path: u.Path, Err: fmt.Errorf("Git LFS content not scanned: %w", err)})
			return
		}
		data, err := readLFSObject(filepath.Join(dir, oid[:2], oid[2:4], oid), size)
		if errors.Is(err, errLFSAbsent) && g.LFSElsewhere {
			rep.Notice(Notice{Path: u.Path, Reason: err.Error()})
			return
		}
		if err != nil {
			rep.Problem(Problem{Path: u.Path, Err: err})
			return
		}
		rep.Read(int64(len(data)))
		handle(worker, Unit{Path: u.Path, Data: data, Git: u.Git, Blob: u.Blob})
	}
}

// errLFSAbsent is content a pointer names that the local store lacks.
var errLFSAbsent = errors.New("not in the local store")

// readLFSObject reads a stored object of the size its pointer gives.
func readLFSObject(path string, size int64) ([]byte, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("Git LFS content sha256:%s is %w, not scanned (`git lfs fetch --all` brings it)", filepath.Base(path), errLFSAbsent)
	}
	if err != nil {
		return nil, fmt.Errorf("Git LFS content not scanned: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, size+1))
	if err != nil {
		return nil, fmt.Errorf("Git LFS content not scanned: %w", err)
	}
	if int64(len(data)) != size {
		return nil, fmt.Errorf("Git LFS content sha256:%s holds %d bytes where its pointer says %d, not scanned", filepath.Base(path), len(data), size)
	}
	return data, nil
}
