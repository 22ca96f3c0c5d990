package source

import (
	"context"
	"slices"
	"strings"
)

// Git keeps what no ref or reflog reaches until it prunes it (gc's
// default grace is two weeks): a commit whose reflog entry expired, a
// stash that was dropped, a file added to the index then reset, a tree
// written by hand. A push or a clone does not carry them, but the
// repository (its copies and backups) holds them, and a scan with
// Git.Unreachable reads them: unreachable commits with the history they
// start, and blobs and trees no commit holds at
// "(unreachable OID)" and "(unreachable OID)/path".

// UnreachablePathPrefix starts the path reported for a blob or a tree's
// file that nothing in the repository reaches.
const UnreachablePathPrefix = "(unreachable "

// selected returns the revisions whose history the scan lists, and the
// blobs and trees it reads beside them (unreachable ones, with
// Unreachable).
func (g *Git) selected(ctx context.Context) (revs, loose []string, err error) {
	if len(g.Revs) > 0 {
		return g.Revs, nil, nil
	}
	if !g.Unreachable {
		return wholeHistory, nil, nil
	}
	commits, loose, err := g.dangling(ctx)
	if err != nil {
		return nil, nil, err
	}
	return slices.Concat(wholeHistory, commits), loose, nil
}

// dangling asks git fsck for the objects nothing reaches, not even
// another unreachable object: the tips of unreachable history (commits
// and tags), and blobs and trees on their own. --connectivity-only does
// not read blobs, only whether the ones referenced are there.
func (g *Git) dangling(ctx context.Context) (tips, loose []string, err error) {
	out, err := g.output(ctx, "fsck", "--connectivity-only", "--dangling", "--no-progress")
	if err != nil {
		return nil, nil, ctxOr(ctx, err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		// "dangling <type> <oid>"
		f := strings.Fields(line)
		if len(f) != 3 || f[0] != "dangling" {
			continue
		}
		switch f[1] {
		case "commit", "tag":
			tips = append(tips, f[2])
		case "blob", "tree":
			loose = append(loose, f[2])
		}
	}
	return tips, loose, nil
}
