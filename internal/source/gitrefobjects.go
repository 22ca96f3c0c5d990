package source

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"strings"
)

// RefPathPrefix starts the path reported for content that a ref reaches
// without a commit: "(ref refs/tags/key)" for a blob, "(ref
// refs/tags/tree)/config/app.env" for a file of a tree.
const RefPathPrefix = "(ref "

// refObjects sends the blobs that refs reach without a commit: a tag
// (lightweight or annotated) or any other ref may point to a blob or a
// tree, which `git push` sends like any object but git log, listing
// commits, never shows. With Revs, the positive revisions are checked
// instead of every ref (a pre-push of such a tag). Each is placed at
// prefix, its name and ")" (RefPathPrefix, UnreachablePathPrefix).
func (g *Git) refObjects(ctx context.Context, jobs []chan blobJob, names []string, prefix string) error {
	if len(names) == 0 {
		return nil
	}
	// cat-file resolves each name peeled (name^{}): an annotated tag of a
	// blob is the blob.
	var in bytes.Buffer
	for _, n := range names {
		in.WriteString(n + "^{}\n")
	}
	out, err := g.outputFrom(ctx, &in, "cat-file", "--batch-check=%(objectname) %(objecttype)")
	if err != nil {
		return ctxOr(ctx, err)
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != len(names) {
		return fmt.Errorf("git cat-file answered %d of %d refs", len(lines), len(names))
	}
	seen := map[string]bool{}
	at := &Commit{Seq: math.MaxInt32} // after every commit: history attributes first
	for i, line := range lines {
		f := strings.Fields(line)
		if len(f) != 2 || seen[f[0]] {
			continue // "missing": a revision git log rejects on its own
		}
		seen[f[0]] = true
		ref := prefix + names[i] + ")"
		switch f[1] {
		case "blob":
			if g.Exclude.Match(ref, false) {
				continue
			}
			if !sendJob(ctx, jobs, blobJob{oid: f[0], path: ref, commit: at}) {
				return ctx.Err()
			}
		case "tree":
			if err := g.treeBlobs(ctx, jobs, f[0], ref, at, seen); err != nil {
				return err
			}
		}
	}
	return nil
}

// tipNames returns the names of the objects a scan starts from: every ref,
// or the positive revisions of Revs (before --not, no ranges or options).
func (g *Git) tipNames(ctx context.Context) ([]string, error) {
	if len(g.Revs) == 0 {
		out, err := g.output(ctx, "for-each-ref", "--format=%(refname)")
		if err != nil {
			return nil, err
		}
		return strings.Fields(string(out)), nil
	}
	var names []string
	for _, r := range g.Revs {
		if r == "--not" {
			break
		}
		if r == "" || strings.HasPrefix(r, "-") || strings.HasPrefix(r, "^") || strings.Contains(r, "..") {
			continue
		}
		names = append(names, r)
	}
	return names, nil
}

// treeBlobs sends every blob of a tree that no commit holds, at ref/path.
func (g *Git) treeBlobs(ctx context.Context, jobs []chan blobJob, tree, ref string, at *Commit, seen map[string]bool) error {
	out, err := g.output(ctx, "ls-tree", "-r", "-z", "--full-tree", tree)
	if err != nil {
		return err
	}
	for _, rec := range strings.Split(string(out), "\x00") {
		// <mode> SP <type> SP <oid> TAB <path>
		meta, path, ok := strings.Cut(rec, "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 3 || f[1] != "blob" || seen[f[2]] || g.Exclude.Match(path, false) {
			continue
		}
		seen[f[2]] = true
		if !sendJob(ctx, jobs, blobJob{oid: f[2], path: ref + "/" + path, commit: at}) {
			return ctx.Err()
		}
	}
	return nil
}
