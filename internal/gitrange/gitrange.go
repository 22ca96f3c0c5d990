// Package gitrange works out which commits a hook or a CI pipeline brings
// in, as git log revision arguments: exactly the new commits, never the
// whole history, and never nothing when something was pushed.
package gitrange

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

var shaPattern = regexp.MustCompile(`^([0-9a-f]{40}|[0-9a-f]{64})$`)

// IsZero reports whether sha is git's all-zero "no object" id.
func IsZero(sha string) bool { return strings.Trim(sha, "0") == "" }

// Repo runs git in one repository.
type Repo struct{ Dir string }

func (r Repo) git(ctx context.Context, args ...string) (string, error) {
	out, err := exec.CommandContext(ctx, "git", append([]string{"-C", r.Dir}, args...)...).Output()
	if err != nil {
		msg := err.Error()
		if ee, ok := err.(*exec.ExitError); ok && len(ee.Stderr) > 0 {
			msg = strings.TrimSpace(string(ee.Stderr))
		}
		return "", fmt.Errorf("git %s: %s", args[0], msg)
	}
	return strings.TrimSpace(string(out)), nil
}

// HasCommit reports whether rev names a commit present in the repository.
func (r Repo) HasCommit(ctx context.Context, rev string) bool {
	_, err := r.git(ctx, "cat-file", "-e", rev+"^{commit}")
	return err == nil
}

// Update is one ref update: what a hook reads on standard input.
type Update struct {
	Ref      string
	Old, New string
}

// ParsePrePush reads `<local ref> <local sha> <remote ref> <remote sha>`
// lines (githooks(5), pre-push).
func ParsePrePush(r io.Reader) ([]Update, error) {
	return parseLines(r, func(f []string) (Update, error) {
		if len(f) != 4 {
			return Update{}, fmt.Errorf("want <local ref> <local sha> <remote ref> <remote sha>")
		}
		return Update{Ref: f[2], New: f[1], Old: f[3]}, nil
	})
}

// ParsePreReceive reads `<old> <new> <ref>` lines (githooks(5),
// pre-receive).
func ParsePreReceive(r io.Reader) ([]Update, error) {
	return parseLines(r, func(f []string) (Update, error) {
		if len(f) != 3 {
			return Update{}, fmt.Errorf("want <old sha> <new sha> <ref>")
		}
		return Update{Ref: f[2], Old: f[0], New: f[1]}, nil
	})
}

func parseLines(r io.Reader, parse func([]string) (Update, error)) ([]Update, error) {
	var out []Update
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		u, err := parse(f)
		if err != nil {
			return nil, fmt.Errorf("hook input line %d: %v", n, err)
		}
		if !shaPattern.MatchString(u.Old) || !shaPattern.MatchString(u.New) {
			return nil, fmt.Errorf("hook input line %d: %q is not an object id pair", n, sc.Text())
		}
		out = append(out, u)
	}
	return out, sc.Err()
}

// Plan is what to scan: git log revision arguments, and a description of
// the range for the user.
type Plan struct {
	Revs        []string
	Description string
	// Base is the commit the change starts from: its configuration and
	// reviews are the ones that apply, so a change cannot switch off its
	// own check. "" when there is none (a new history, no default branch).
	Base string
	// Tips are the commits the change ends at.
	Tips []string
}

// Empty reports whether there is nothing to scan (only deletions).
func (p Plan) Empty() bool { return len(p.Revs) == 0 }

// PrePush plans the scan of a push: for each updated ref, the commits the
// remote does not have yet. A new branch (or a remote tip this clone does
// not know) is compared with every remote-tracking ref of the remote, so a
// branch made from an already-pushed one brings only its own commits.
// Deletions are ignored.
func PrePush(ctx context.Context, repo Repo, remote string, updates []Update) (Plan, error) {
	if strings.HasPrefix(remote, "-") {
		return Plan{}, fmt.Errorf("remote %q must not start with '-'", remote)
	}
	var include, exclude, desc []string
	base, baseFound := "", false
	againstRemotes := false
	for _, u := range updates {
		switch {
		case IsZero(u.New):
			continue
		case IsZero(u.Old) || !repo.HasCommit(ctx, u.Old):
			include = append(include, u.New)
			if !baseFound {
				// A new branch starts from what the remote already has.
				if def, err := repo.DefaultBranch(ctx); err == nil {
					base, _ = repo.Commit(ctx, def)
				}
				baseFound = true
			}
			againstRemotes = true
			desc = append(desc, fmt.Sprintf("%s (new on the remote: commits not on any %s ref)", u.Ref, remoteOr(remote)))
		default:
			include = append(include, u.New)
			exclude = append(exclude, "^"+u.Old)
			if !baseFound {
				base, baseFound = u.Old, true
			}
			desc = append(desc, fmt.Sprintf("%s %s..%s", u.Ref, short(u.Old), short(u.New)))
		}
	}
	if len(include) == 0 {
		return Plan{Description: "nothing to scan (only deletions)"}, nil
	}
	tips := append([]string(nil), include...)
	revs := append(include, exclude...)
	if againstRemotes {
		revs = append(revs, "--not", remoteRefs(remote))
	}
	return Plan{Revs: revs, Description: strings.Join(desc, "; "), Base: base, Tips: tips}, nil
}

// PreReceive plans a server-side scan: for each updated ref the commits
// between its old and new value; for a new ref, the commits no existing
// ref reaches. Deletions are ignored. The base, for every ref, is the
// commit the server's HEAD (its default branch) names before the push,
// if any: a ref's own old value would let a branch pushed once with an
// exclude (accepted: it held no secret) apply it to its next push, and
// the first ref's would let one such branch pushed first apply it to the
// others.
func PreReceive(ctx context.Context, repo Repo, updates []Update) Plan {
	var include, exclude, desc []string
	newRef := false
	for _, u := range updates {
		switch {
		case IsZero(u.New):
			continue
		case IsZero(u.Old):
			include = append(include, u.New)
			newRef = true
			desc = append(desc, u.Ref+" (new ref)")
		default:
			include = append(include, u.New)
			exclude = append(exclude, "^"+u.Old)
			desc = append(desc, fmt.Sprintf("%s %s..%s", u.Ref, short(u.Old), short(u.New)))
		}
	}
	if len(include) == 0 {
		return Plan{Description: "nothing to scan (only deletions)"}
	}
	base, _ := repo.Commit(ctx, "HEAD")
	tips := append([]string(nil), include...)
	revs := append(include, exclude...)
	if newRef {
		revs = append(revs, "--not", "--all")
	}
	return Plan{Revs: revs, Description: strings.Join(desc, "; "), Base: base, Tips: tips}
}

// Commit returns the commit id rev names; an error when it names none.
func (r Repo) Commit(ctx context.Context, rev string) (string, error) {
	if strings.HasPrefix(rev, "-") {
		return "", fmt.Errorf("revision %q must not start with '-'", rev)
	}
	return r.git(ctx, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
}

// RangeEnds returns the base and the tip of a range spec A..B or A...B
// (an empty side is HEAD): the base of A...B is the merge base.
func (r Repo) RangeEnds(ctx context.Context, spec string) (base, tip string, err error) {
	a, b, symmetric := spec, "", false
	if i := strings.Index(spec, "..."); i >= 0 {
		a, b, symmetric = spec[:i], spec[i+3:], true
	} else if i := strings.Index(spec, ".."); i >= 0 {
		a, b = spec[:i], spec[i+2:]
	}
	if a == "" {
		a = "HEAD"
	}
	if b == "" {
		b = "HEAD"
	}
	if base, err = r.Commit(ctx, a); err != nil {
		return "", "", fmt.Errorf("range %q: %s is not a commit", spec, a)
	}
	if tip, err = r.Commit(ctx, b); err != nil {
		return "", "", fmt.Errorf("range %q: %s is not a commit", spec, b)
	}
	if symmetric {
		if base, err = r.MergeBase(ctx, base, tip); err != nil {
			return "", "", fmt.Errorf("range %q: %w", spec, err)
		}
	}
	return base, tip, nil
}

func remoteRefs(remote string) string {
	if remote == "" {
		return "--remotes"
	}
	return "--remotes=" + remote
}

func remoteOr(remote string) string {
	if remote == "" {
		return "remote-tracking"
	}
	return remote
}

func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}

// MergeBase returns the best common ancestor of a and b.
func (r Repo) MergeBase(ctx context.Context, a, b string) (string, error) {
	return r.git(ctx, "merge-base", a, b)
}

// DefaultBranch names the remote's default branch as a ref this clone
// has (origin/HEAD, else origin/main or origin/master, else main/master).
func (r Repo) DefaultBranch(ctx context.Context) (string, error) {
	if ref, err := r.git(ctx, "symbolic-ref", "-q", "--short", "refs/remotes/origin/HEAD"); err == nil && ref != "" {
		return ref, nil
	}
	for _, ref := range []string{"origin/main", "origin/master", "main", "master"} {
		if r.HasCommit(ctx, ref) {
			return ref, nil
		}
	}
	return "", fmt.Errorf("no default branch found")
}

// Deepen fetches more history into a shallow clone; it fails when the
// clone is not shallow (there is nothing more to fetch).
func (r Repo) Deepen(ctx context.Context) error {
	shallow, err := r.git(ctx, "rev-parse", "--is-shallow-repository")
	if err != nil || shallow != "true" {
		return fmt.Errorf("not a shallow clone")
	}
	_, err = r.git(ctx, "fetch", "--quiet", "--no-tags", "--deepen=200", "origin")
	return err
}

// FetchBranch fetches remote/branch (ref is "origin/main") into its
// remote-tracking ref; in a shallow clone, 200 commits of it.
func (r Repo) FetchBranch(ctx context.Context, ref string) error {
	remote, branch, ok := strings.Cut(ref, "/")
	if !ok || remote == "" || branch == "" || strings.HasPrefix(remote, "-") || strings.ContainsAny(ref, ": \t\n") {
		return fmt.Errorf("%q is not a remote-tracking branch such as origin/main", ref)
	}
	args := []string{"fetch", "--quiet", "--no-tags"}
	if shallow, err := r.git(ctx, "rev-parse", "--is-shallow-repository"); err == nil && shallow == "true" {
		args = append(args, "--depth=200")
	}
	_, err := r.git(ctx, append(args, remote, "+refs/heads/"+branch+":refs/remotes/"+remote+"/"+branch)...)
	return err
}

// ReachesShallow reports whether the commits revs select include a
// boundary commit of a shallow clone: their history goes on past what the
// clone holds. False in a complete clone, without running git log.
func (r Repo) ReachesShallow(ctx context.Context, revs []string) bool {
	path, err := r.git(ctx, "rev-parse", "--git-path", "shallow")
	if err != nil {
		return false
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(r.Dir, path)
	}
	data, err := os.ReadFile(path)
	if err != nil || len(data) == 0 {
		return false
	}
	boundary := map[string]bool{}
	for _, sha := range strings.Fields(string(data)) {
		boundary[sha] = true
	}
	out, err := r.git(ctx, append([]string{"rev-list"}, revs...)...)
	if err != nil {
		return false
	}
	for _, sha := range strings.Fields(out) {
		if boundary[sha] {
			return true
		}
	}
	return false
}
