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
		dir, err := store.objects(ctx)
		if err != nil {
			rep.Problem(Problem{Path: u.Path, Err: fmt.Errorf("Git LFS content not scanned: %w", err)})
			return
		}
		f, ok := openLFSObject(rep, u.Path, dir, oid, size, g.MaxFileSize, g.LFSElsewhere)
		if !ok {
			return
		}
		defer f.Close()
		data, err := io.ReadAll(io.LimitReader(f, size))
		if err != nil {
			rep.Problem(Problem{Path: u.Path, Err: fmt.Errorf("Git LFS content not scanned: %w", err)})
			return
		}
		rep.Read(int64(len(data)))
		handle(worker, Unit{Path: u.Path, Data: data, Git: u.Git, Blob: u.Blob})
	}
}

// errLFSAbsent is content a pointer names that the local store lacks.
var errLFSAbsent = errors.New("not in the local store")

// openLFSObject opens the object (oid, size) of the pointer at path in
// the store objects (.git/lfs/objects), or reports why its content is not
// scanned: larger than maxFileSize (0: no limit), absent (only a notice
// when elsewhere says the store is expected to lack it), or not of the
// size its pointer gives.
func openLFSObject(rep Report, path, objects, oid string, size, maxFileSize int64, elsewhere bool) (*os.File, bool) {
	if maxFileSize > 0 && size > maxFileSize {
		rep.Notice(Notice{Path: path, Reason: fmt.Sprintf("Git LFS content larger than the %d-byte limit (--max-file-size), not scanned", maxFileSize), Incomplete: true})
		return nil, false
	}
	name := filepath.Join(objects, oid[:2], oid[2:4], oid)
	if link, err := os.Lstat(name); err == nil && link.Mode()&fs.ModeSymlink != 0 {
		// A store holds files: a link may lead out of the repository.
		rep.Problem(Problem{Path: path, Err: fmt.Errorf("Git LFS content sha256:%s is a symbolic link in the store, not followed", oid)})
		return nil, false
	}
	f, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		err := fmt.Errorf("Git LFS content sha256:%s is %w, not scanned (`git lfs fetch --all` brings it)", oid, errLFSAbsent)
		if elsewhere {
			rep.Notice(Notice{Path: path, Reason: err.Error()})
		} else {
			rep.Problem(Problem{Path: path, Err: err})
		}
		return nil, false
	}
	var info fs.FileInfo
	if err == nil {
		info, err = f.Stat()
	}
	if err != nil {
		if f != nil {
			f.Close()
		}
		rep.Problem(Problem{Path: path, Err: fmt.Errorf("Git LFS content not scanned: %w", cleanErr(err))})
		return nil, false
	}
	if !info.Mode().IsRegular() || info.Size() != size {
		f.Close()
		rep.Problem(Problem{Path: path, Err: fmt.Errorf("Git LFS content sha256:%s holds %d bytes where its pointer says %d, not scanned", oid, info.Size(), size)})
		return nil, false
	}
	return f, true
}

// lfsObjectsOf finds the LFS store of the repository whose working tree
// holds the file at abs, as git finds the repository: the nearest folder
// above it with a .git, a repository's folder (see gitDirectory) or a
// file naming one (see gitFileTarget). It runs no git process, so a scan
// of a folder costs none.
func lfsObjectsOf(abs string) (string, bool) {
	abs, err := filepath.Abs(abs)
	if err != nil {
		return "", false
	}
	for dir := filepath.Dir(abs); ; dir = filepath.Dir(dir) {
		dotgit := filepath.Join(dir, ".git")
		if gitDirectory(dotgit) {
			return filepath.Join(dotgit, "lfs", "objects"), true
		}
		if _, common, ok := gitFileTarget(dir); ok {
			return filepath.Join(common, "lfs", "objects"), true
		}
		if filepath.Dir(dir) == dir {
			return "", false
		}
	}
}

// gitFileTarget reads the .git file of the working tree at dir
// ("gitdir: PATH", as linked worktrees and submodules have): the
// repository folder it names, and the folder its commondir file names,
// which linked worktrees share (the same folder when there is none).
func gitFileTarget(dir string) (gitdir, common string, ok bool) {
	link, err := os.ReadFile(filepath.Join(dir, ".git"))
	if err != nil || len(link) > 4096 {
		return "", "", false
	}
	target, ok := strings.CutPrefix(strings.TrimSpace(string(link)), "gitdir: ")
	if !ok {
		return "", "", false
	}
	if !filepath.IsAbs(target) {
		target = filepath.Join(dir, target)
	}
	common = target
	if c, err := os.ReadFile(filepath.Join(target, "commondir")); err == nil {
		common = strings.TrimSpace(string(c))
		if !filepath.IsAbs(common) {
			common = filepath.Join(target, common)
		}
	}
	return target, common, true
}
