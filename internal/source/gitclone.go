package source

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// A clone can lack part of its history. A shallow clone stops at boundary
// commits whose parents were never fetched: older history is not there,
// and git shows each boundary commit as adding every file it holds. A
// partial clone (git clone --filter=blob:none) lacks the blobs its filter
// left out. A scan must say so rather than pass the gap off as clean, and
// it must not fetch what is missing: git would download objects from the
// promisor remote one request at a time, through whatever transport the
// repository's configuration names.

// cloneGaps is what a repository lacks of its history.
type cloneGaps struct {
	// shallow holds the boundary commits of a shallow clone.
	shallow map[string]bool
	// promisor is the remote a partial clone's missing objects would come
	// from; "" for a clone that has every object.
	promisor string
	// present holds the blobs a partial clone has; nil when not partial.
	present map[string]bool
}

// listingFailed explains a failed history listing in a partial clone,
// where a missing commit or tree is the likely cause.
func (c *cloneGaps) listingFailed(err error) error {
	if c.promisor == "" {
		return err
	}
	return fmt.Errorf("%w (this partial clone lacks objects needed to list its history, and the scan fetches nothing from the promisor remote %q)", err, c.promisor)
}

// missing reports whether a partial clone lacks the blob oid.
func (c *cloneGaps) missing(oid string) bool {
	return c.present != nil && !c.present[oid]
}

// inspectClone finds out whether the repository is shallow or partial.
func (g *Git) inspectClone(ctx context.Context) (*cloneGaps, error) {
	gaps := &cloneGaps{}
	out, err := g.output(ctx, "rev-parse", "--is-shallow-repository", "--git-path", "shallow")
	if err != nil {
		return nil, err
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) == 2 && lines[0] == "true" {
		if gaps.shallow, err = g.readShallow(lines[1]); err != nil {
			return nil, err
		}
	}
	if gaps.promisor, err = g.promisorRemote(ctx); err != nil || gaps.promisor == "" {
		return gaps, err
	}
	gaps.present, err = g.presentBlobs(ctx)
	return gaps, err
}

// readShallow reads git's list of boundary commits, one hash a line.
func (g *Git) readShallow(path string) (map[string]bool, error) {
	if !filepath.IsAbs(path) {
		path = filepath.Join(g.Repo, path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the shallow clone's boundary: %w", err)
	}
	commits := map[string]bool{}
	for _, h := range strings.Fields(string(data)) {
		commits[h] = true
	}
	return commits, nil
}

// promisorRemote names the promisor remote of a partial clone, from
// extensions.partialClone or a remote.<name>.promisor set to true.
func (g *Git) promisorRemote(ctx context.Context) (string, error) {
	cmd := g.command(ctx, "config", "--get-regexp", `^(extensions\.partialclone|remote\..+\.promisor)$`)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 1 {
		return "", nil // no such key
	}
	if err != nil {
		return "", fmt.Errorf("git config failed: %s", gitMessage(stderr.Bytes()))
	}
	remote := ""
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		key, value, _ := strings.Cut(line, " ")
		switch {
		case key == "extensions.partialclone" && value != "":
			return value, nil
		case strings.HasPrefix(key, "remote.") && remote == "":
			if v := strings.ToLower(value); v == "" || v == "true" || v == "yes" || v == "on" || v == "1" {
				remote = strings.TrimSuffix(strings.TrimPrefix(key, "remote."), ".promisor")
			}
		}
	}
	return remote, nil
}

// presentBlobs lists the blobs in the object store, which reading never
// fetches.
func (g *Git) presentBlobs(ctx context.Context) (map[string]bool, error) {
	cmd := g.command(ctx, "cat-file", "--batch-all-objects", "--unordered", "--batch-check=%(objecttype) %(objectname)")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting git cat-file: %w", err)
	}
	present := map[string]bool{}
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if oid, ok := strings.CutPrefix(sc.Text(), "blob "); ok {
			present[oid] = true
		}
	}
	_, _ = io.Copy(io.Discard, out)
	if err := cmd.Wait(); err != nil {
		return nil, fmt.Errorf("listing the partial clone's objects: git cat-file failed: %s", gitMessage(stderr.Bytes()))
	}
	return present, sc.Err()
}
