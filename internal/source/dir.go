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
	"slices"
	"strings"
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
			q.items = append(q.items, walkItem{abs: root, rel: filepath.ToSlash(filepath.Clean(root)), named: info.Mode()})
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
					switch {
					case it.dir:
						if it.rel != "." {
							d.scanName(w, it, handle)
						}
						q.push(d.list(it, rep)...)
					case it.link:
						d.scanLink(w, it, rep, handle)
					default:
						buf = d.scanFile(ctx, w, it, buf, rep, handle)
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
	// named is the mode of a file named on the command line (it may be a
	// pipe or a device), 0 for a file met in a walk (a regular file).
	named fs.FileMode
	// lfs marks Git LFS content read for a pointer at rel: a pointer in
	// it is not followed.
	lfs bool
	// link marks a symbolic link met in a walk: not followed, but its
	// name and target are scanned.
	link bool
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

// list returns the entries of a directory to scan, minus repositories'
// .git folders (but for their config files, see gitConfigs), excluded paths and anything
// that is not a regular file or directory:
// symbolic links are not followed, special files (pipes, devices, sockets)
// are named in a notice.
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
			if e.Name() == ".git" && gitDirectory(filepath.Join(it.abs, e.Name())) {
				out = append(out, d.gitConfigs(it, rel)...)
				continue
			}
			if d.Exclude.Match(rel, true) {
				continue
			}
			out = append(out, walkItem{abs: filepath.Join(it.abs, e.Name()), rel: rel, root: it.root, dir: true})
		case e.Type().IsRegular():
			if d.Exclude.Match(rel, false) {
				continue
			}
			out = append(out, walkItem{abs: filepath.Join(it.abs, e.Name()), rel: rel, root: it.root})
			if e.Name() == ".git" {
				d.outsideRepository(it, rel, rep)
			}
		case e.Type()&fs.ModeSymlink == 0:
			if d.Exclude.Match(rel, false) {
				continue
			}
			rep.Notice(Notice{Path: d.display(it.root, rel), Reason: special(e.Type()) + ", no content to scan"})
		default:
			if d.Exclude.Match(rel, false) {
				continue
			}
			out = append(out, walkItem{abs: filepath.Join(it.abs, e.Name()), rel: rel, root: it.root, link: true})
			if d.leavesRoots(filepath.Join(it.abs, e.Name())) {
				rep.Notice(Notice{Path: d.display(it.root, rel), Reason: "symbolic link to a file or folder outside the scanned paths, not followed"})
			}
		}
	}
	return out
}

// gitDirectory tells whether a folder named .git is a repository's, as
// git decides (a HEAD and an objects folder): any other folder of that
// name is only a name, and its files are scanned like the rest.
func gitDirectory(abs string) bool {
	head, err := os.Lstat(filepath.Join(abs, "HEAD"))
	if err != nil || head.IsDir() {
		return false
	}
	objects, err := os.Stat(filepath.Join(abs, "objects"))
	return err == nil && objects.IsDir()
}

// gitConfigs returns the config files and hooks of the repository whose
// .git folder is at rel (its worktrees' too), and of its submodules (kept in .git/modules/NAME,
// whose NAME may hold slashes, and nested in their own modules folders):
// remote URLs there carry tokens and passwords
// (https://user:TOKEN@host/...) that no commit holds, so a history scan
// never sees them. The rest of .git is the history, for scan git.
func (d *Dir) gitConfigs(it walkItem, rel string) []walkItem {
	if d.Exclude.Match(rel, true) {
		return nil
	}
	var out []walkItem
	file := func(abs, rel string) {
		if info, err := os.Lstat(abs); err == nil && info.Mode().IsRegular() && !d.Exclude.Match(rel, false) {
			out = append(out, walkItem{abs: abs, rel: rel, root: it.root})
		}
	}
	var walk func(abs, rel string, depth int)
	walk = func(abs, rel string, depth int) {
		// config.worktree: a worktree's own settings (extensions.worktreeConfig),
		// remotes too; linked worktrees keep theirs in worktrees/NAME.
		for _, name := range []string{"config", "config.worktree"} {
			file(filepath.Join(abs, name), path.Join(rel, name))
		}
		// Hooks are scripts a user or a tool wrote (a deploy token in a
		// post-receive), in no commit; git's own samples are left out.
		if entries, err := os.ReadDir(filepath.Join(abs, "hooks")); err == nil {
			for _, e := range entries {
				if !strings.HasSuffix(e.Name(), ".sample") {
					file(filepath.Join(abs, "hooks", e.Name()), path.Join(rel, "hooks", e.Name()))
				}
			}
		}
		if entries, err := os.ReadDir(filepath.Join(abs, "worktrees")); err == nil {
			for _, e := range entries {
				if e.IsDir() {
					file(filepath.Join(abs, "worktrees", e.Name(), "config.worktree"), path.Join(rel, "worktrees", e.Name(), "config.worktree"))
				}
			}
		}
		if depth >= maxModuleDepth {
			return
		}
		modules(filepath.Join(abs, "modules"), path.Join(rel, "modules"), depth, walk)
	}
	walk(filepath.Join(it.abs, ".git"), rel, 0)
	return out
}

// maxModuleDepth bounds the folders followed under a modules folder: a
// submodule's name and its own submodules nest them.
const maxModuleDepth = 16

// modules calls repo for each submodule's repository under the folder
// abs: a folder that is one (see gitDirectory), or any folder its name's
// slashes made, searched in turn. Links are not followed.
func modules(abs, rel string, depth int, repo func(abs, rel string, depth int)) {
	entries, err := os.ReadDir(abs)
	if err != nil {
		return // no submodules
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		sub, subRel := filepath.Join(abs, e.Name()), path.Join(rel, e.Name())
		switch {
		case gitDirectory(sub):
			repo(sub, subRel, depth+1)
		case depth+1 < maxModuleDepth:
			modules(sub, subRel, depth+1, repo)
		}
	}
}

// outsideRepository names a working tree whose .git file (at rel) leads
// to a repository outside the scanned paths (a submodule or linked
// worktree scanned alone): its config, where remote URLs keep
// credentials, is not read, as a link out of them is not followed.
func (d *Dir) outsideRepository(it walkItem, rel string, rep Report) {
	gitdir, common, ok := gitFileTarget(it.abs)
	if !ok || !gitDirectory(common) || !d.leavesRoots(common) {
		return
	}
	rep.Notice(Notice{Path: d.display(it.root, rel), Reason: fmt.Sprintf("the repository of this working tree, %s, is outside the scanned paths: its config (remote URLs) is not read", gitdir)})
}

// leavesRoots tells whether the symbolic link at abs leads to a file or
// folder outside every scanned path: what it points to is not scanned,
// which the user should know (a link within them is scanned where it
// leads). A dangling link or a loop leads nowhere.
func (d *Dir) leavesRoots(abs string) bool {
	target, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return false
	}
	for _, root := range d.Paths {
		r, err := filepath.EvalSymlinks(root)
		if err != nil {
			continue
		}
		if rel, err := filepath.Rel(r, target); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return false
		}
	}
	return true
}

// scanFile hands one file to handle: whole when it is no longer than a
// piece, else its first piece with the rest to be read as a stream, so a
// large file costs no more memory than a small one. buf is the worker's
// buffer, returned for the next file.
func (d *Dir) scanFile(ctx context.Context, worker int, it walkItem, buf []byte, rep Report, handle Handler) []byte {
	name := it.rel
	if it.root != "" {
		name = d.display(it.root, it.rel)
	}
	f, err := d.open(ctx, it)
	if err != nil {
		rep.Problem(Problem{Path: name, Err: cleanErr(err)})
		return buf
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		rep.Problem(Problem{Path: name, Err: cleanErr(err)})
		return buf
	}
	if !it.lfs {
		d.scanName(worker, it, handle)
	}
	mode := info.Mode()
	if what := special(mode); what != "" && it.named == 0 {
		// Not the regular file the listing saw.
		rep.Notice(Notice{Path: name, Reason: what + ", no content to scan"})
		return buf
	}
	if !mode.IsRegular() {
		defer unblockOnCancel(ctx, f)()
	}
	size := info.Size()
	if mode.IsRegular() && d.MaxFileSize > 0 && size > d.MaxFileSize {
		// Skipped unread, but for the bytes that tell binary from text.
		head, err := fill(f, buf[:0], sniffLen)
		if err != nil && !errors.Is(err, io.EOF) {
			rep.Problem(Problem{Path: name, Err: cleanErr(err)})
			return head
		}
		rep.Notice(oversized(name, head, d.MaxFileSize))
		return head
	}
	// The limit also holds the bytes read, for a file that grows.
	src := newLimitReader(&targetReader{ctx: ctx, r: f, count: rep.Read}, name, d.MaxFileSize)
	if !mode.IsRegular() {
		size = sniffLen // a stream: its size says nothing
	}
	buf = slices.Grow(buf[:0], int(min(size+1, defaultPieceSize)))
	buf, err = fill(src, buf, defaultPieceSize)
	u := Unit{Path: name, Data: buf}
	switch {
	case err == nil:
		u.More = src // longer than a piece
		if mode.IsRegular() {
			u.File = f
		}
	case !errors.Is(err, io.EOF):
		u.More = errReader{err} // reported after what came before is scanned
	}
	handle(worker, u)
	if oid, size, ok := lfsPointer(u.Data); ok && u.More == nil && !it.lfs {
		return d.scanLFS(ctx, worker, it, name, oid, size, buf, rep, handle)
	}
	return buf
}

// scanName scans the name of the file, folder or link it.
func (d *Dir) scanName(worker int, it walkItem, handle Handler) {
	if u, ok := nameUnit(d.display(it.root, it.rel), 0, nil); ok {
		handle(worker, u)
	}
}

// scanLink scans the name of the symbolic link it and, as
// "LINK (link target)", the path it leads to, which no file holds.
func (d *Dir) scanLink(worker int, it walkItem, rep Report, handle Handler) {
	name := d.display(it.root, it.rel)
	d.scanName(worker, it, handle)
	target, err := os.Readlink(it.abs)
	if err != nil {
		rep.Problem(Problem{Path: name, Err: cleanErr(err)})
		return
	}
	handle(worker, Unit{Path: name + linkSuffix, Data: []byte(target)})
}

// scanLFS scans, at the path of the Git LFS pointer it names, the content
// the pointer stands for, from its repository's LFS store: a working tree
// whose LFS files were not checked out (GIT_LFS_SKIP_SMUDGE, git lfs not
// installed) holds only pointers. Content the store lacks is named.
func (d *Dir) scanLFS(ctx context.Context, worker int, it walkItem, name, oid string, size int64, buf []byte, rep Report, handle Handler) []byte {
	objects, ok := lfsObjectsOf(it.abs)
	if !ok {
		rep.Problem(Problem{Path: name, Err: fmt.Errorf("Git LFS pointer outside a repository: content sha256:%s not scanned", oid)})
		return buf
	}
	f, ok := openLFSObject(rep, name, objects, oid, size, d.MaxFileSize, false)
	if !ok {
		return buf
	}
	f.Close()
	return d.scanFile(ctx, worker, walkItem{abs: f.Name(), rel: it.rel, root: it.root, lfs: true}, buf, rep, handle)
}

// open opens a file to scan. One met in a walk is opened without waiting
// (see openNonblocking); a pipe named on the command line waits for its
// writer, until ctx is cancelled; a socket cannot be read.
func (d *Dir) open(ctx context.Context, it walkItem) (*os.File, error) {
	switch m := it.named; {
	case m == 0:
		return openNonblocking(it.abs)
	case m&fs.ModeNamedPipe != 0:
		return openPipe(ctx, it.abs)
	case special(m) != "" && !readable(m):
		return nil, fmt.Errorf("%s: only files, folders, named pipes and devices can be scanned", special(m))
	}
	return os.Open(it.abs)
}

// display names a file relative to the scanned root; when several roots are
// scanned, they prefix their own files.
func (d *Dir) display(root, rel string) string {
	if len(d.Paths) > 1 {
		return path.Join(filepath.ToSlash(root), rel)
	}
	return rel
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
