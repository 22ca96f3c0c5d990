package source

import (
	"archive/tar"
	"context"
	"math"
	"strings"
)

// A token used as a file, folder or member name (keys/AKIA....json,
// ghp_....txt) is in no file's content: each name is scanned as a unit
// of its own (Unit.Name), once per path.

// nameUnit scans the last part of p, past its last slash, as a name; the
// part before from (an archive's own path, ending in '!') is never cut.
// at is the commit that added p, for a path in git history. It returns
// false for a name that cannot hold a token (see tokenRun).
func nameUnit(p string, from int, at *Commit) (Unit, bool) {
	name := p[from+strings.LastIndexByte(p[from:], '/')+1:]
	if !tokenRun(name) {
		return Unit{}, false
	}
	return Unit{Path: p, Data: []byte(name), Name: true, Git: at}, true
}

// minTokenRun is the fewest letters, digits, '_', '-', '+' and '=' in a
// row that a name must hold to be scanned. The catalogue's tokens that
// can stand alone hold more (an AWS key ID 20, a UUID 36, the shortest
// vendor keys 8 hex digits); a third of names hold fewer (of Go's
// source tree), and the engine classifies every path it is given, which
// costs more than scanning a name.
const minTokenRun = 8

// tokenRun tells whether name holds minTokenRun token characters in a row.
func tokenRun(name string) bool {
	n := 0
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '_', c == '-', c == '+', c == '=':
			if n++; n >= minTokenRun {
				return true
			}
		default:
			n = 0
		}
	}
	return false
}

// pathNames holds the paths whose names were scanned. Every path repeats
// its folders', so each folder is named once, where it first shows.
type pathNames map[string]bool

// unnamed calls fn with p and each of its folders (past from) whose
// names were not scanned before, deepest first, and returns false when
// fn did. keep remembers p itself: a folder, or a path listed again (a
// file's versions in git history); files of an archive are listed once,
// and remembering them all would hold every member's path.
func (n pathNames) unnamed(p string, from int, keep bool, fn func(p string) bool) bool {
	for q := p; len(q) > from; {
		if q != p || keep {
			if n[q] {
				return true
			}
			n[q] = true
		}
		if last := q[from+strings.LastIndexByte(q[from:], '/')+1:]; last != "" && last != "." && last != ".." && !fn(q) {
			return false
		}
		q = q[:from+max(0, strings.LastIndexByte(q[from:], '/'))]
	}
	return true
}

// route sends a job scanning the name of the blob j's path, and of each
// of its folders, that was not named before; false when send did.
func (n pathNames) route(j blobJob, send func(blobJob) bool) bool {
	return n.unnamed(j.path, 0, true, func(p string) bool {
		u, ok := nameUnit(p, 0, nil)
		return !ok || send(blobJob{path: p, commit: j.commit, inline: u.Data, name: true})
	})
}

// memberNames scans the name of the member name of the archive u, and
// those of its folders that no member before it showed. folder marks a
// member that is a folder.
func (w *walk) memberNames(u Unit, name string, folder bool) {
	name = strings.TrimSuffix(strings.TrimPrefix(name, "./"), "/")
	if w.named == nil {
		w.named = pathNames{}
	}
	from := len(u.Path) + 1
	w.named.unnamed(u.Path+"!"+name, from, folder, func(p string) bool {
		if n, ok := nameUnit(p, from, u.Git); ok {
			w.emit(n)
		}
		return true
	})
}

// tarNames scans the names of a tar entry, its folders' and, for a link,
// the path it leads to: a link's target is text that no member holds.
func (w *walk) tarNames(u Unit, h *tar.Header) {
	w.memberNames(u, h.Name, h.Typeflag == tar.TypeDir)
	if target := linkTarget(h); target != "" {
		w.emit(Unit{Path: u.Path + "!" + strings.TrimPrefix(h.Name, "./") + linkSuffix, Data: []byte(target), Git: u.Git})
	}
}

// linkSuffix names the unit of a link's target, after the link's path.
const linkSuffix = " (link target)"

// linkTarget is the path a tar entry that is a link leads to, or "".
func linkTarget(h *tar.Header) string {
	if h.Typeflag == tar.TypeSymlink || h.Typeflag == tar.TypeLink {
		return h.Linkname
	}
	return ""
}

// refNames sends a job scanning the name of each ref among tips (a
// branch or tag named with a token is pushed and shown like a file's
// name), placed at the ref itself, refs/heads/NAME, after every commit.
func (g *Git) refNames(ctx context.Context, jobs []chan blobJob, tips []string) error {
	at := &Commit{Seq: math.MaxInt32}
	for _, name := range tips {
		if !strings.HasPrefix(name, "refs/") {
			continue // a revision, not a ref's name
		}
		u, ok := nameUnit(name, len("refs/"), at)
		if ok && !sendJob(ctx, jobs, blobJob{path: name, commit: at, inline: u.Data, name: true}) {
			return ctx.Err()
		}
	}
	return nil
}
